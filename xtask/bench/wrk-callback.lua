-- wrk script for `cargo xtask bench callbacks`: POST a State.StateChange callback body to the
-- signed callback URL given on the command line (as the service does), for
-- `imctl callbacks listen` to verify, decode, answer and print.
--
--   imctl --sdkappid 1400000000 callbacks listen --token-file TOKEN > /dev/null
--   wrk -t1 -c32 -d5s -s xtask/bench/wrk-callback.lua '<base URL>/cb?SdkAppid=1400000000&CallbackCommand=State.StateChange&contenttype=json&ClientIP=127.0.0.1&OptPlatform=RESTAPI&Sign=<sha256(token+time)>&RequestTime=<time>'
wrk.method = "POST"
wrk.body = '{"CallbackCommand":"State.StateChange","EventTime":1796172735000,"Info":{"Action":"Login","To_Account":"bench_user_1","Reason":"Register"},"KickedDevice":[{"Platform":"Android"}]}'
wrk.headers["Content-Type"] = "application/json"
