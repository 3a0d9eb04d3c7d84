-- wrk script: POST an account_check body to the signed URL given on the command line.
--
--   cargo run --release -p im-emulator --example serve -- --no-limits --addr 127.0.0.1:18080
--   wrk -t1 -c32 -d10s -s crates/im-emulator/bench/wrk-account-check.lua '<check_url printed by serve>'
--   curl -s http://127.0.0.1:18080/_emulator/stats     # every answer should be code 0
--
-- The same UserSig and `random` on every request, as real clients do.
wrk.method = "POST"
wrk.body = '{"CheckItem":[{"UserID":"bench_user_1"},{"UserID":"bench_user_2"}]}'
