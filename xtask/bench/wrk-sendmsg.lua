-- wrk script for `cargo xtask bench callbacks`: POST a one-to-one `sendmsg` (the admin to
-- bench_peer, one text element) to the signed REST URL given on the command line, as an app's
-- server does; count the answers that are not HTTP 200 with ActionStatus OK.
--
--   imctl emulator serve --rate-limit off [--callback-url URL --callback-token-file TOKEN]
--   imctl --endpoint <base URL> api account_import --body '{"UserID":"bench_peer"}'
--   curl -s '<base URL>/_emulator/usersig'
--   wrk -t1 -c32 -d5s -s xtask/bench/wrk-sendmsg.lua '<base URL>/v4/openim/sendmsg?sdkappid=1400000000&identifier=administrator&usersig=<usersig>&random=99999999&contenttype=json'
--
-- No send is a duplicate: each has its own MsgRandom and none gives a MsgSeq (the emulator,
-- as the page says, treats a send as a duplicate only when sender, MsgSeq, MsgRandom and the
-- body's CRC32 equal an earlier one's). wrk prints "Failed answers: N" last.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

local threads = {}
local next_id = 0

function setup(thread)
   thread:set("id", next_id)
   next_id = next_id + 1
   table.insert(threads, thread)
end

-- Per thread (globals of each thread's Lua state, read by `done` through thread:get).
sent = 0
failed = 0

function request()
   sent = sent + 1
   -- Distinct per thread and per request, within MsgRandom's 32 bits.
   local random = (id * 100000000 + sent) % 4294967296
   local body = string.format(
      '{"SyncOtherMachine":2,"To_Account":"bench_peer","MsgRandom":%d,'
         .. '"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"bench message %d"}}]}',
      random, sent)
   return wrk.format(nil, nil, nil, body)
end

function response(status, headers, body)
   if status ~= 200 or not string.find(body, '"ActionStatus":"OK"', 1, true) then
      failed = failed + 1
   end
end

function done(summary, latency, requests)
   local total = 0
   for _, thread in ipairs(threads) do
      total = total + thread:get("failed")
   end
   io.write(string.format("Failed answers: %d\n", total))
end
