// UserSig driver for the official Node library (npm `tls-sig-api-v2`), written and run by
// `cargo xtask bench peers`: `node sig_node.js bench N` times N genUserSig calls after N/10
// warm-up calls and prints one JSON line. The library has no verifier.
'use strict';
const { Api } = require('tls-sig-api-v2');
const { version } = require('tls-sig-api-v2/package.json');

const SDKAPPID = 1400000000;
const KEY = '5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e';
const IDENTIFIER = 'bench_user_01';
const EXPIRE = 86400;

const [mode, count] = process.argv.slice(2);
if (mode !== 'bench' || !(Number(count) > 0)) {
  console.error('usage: node sig_node.js bench N');
  process.exit(2);
}
const n = Number(count);
const api = new Api(SDKAPPID, KEY);
for (let i = 0; i < Math.floor(n / 10); i++) api.genUserSig(IDENTIFIER, EXPIRE);
const start = process.hrtime.bigint();
for (let i = 0; i < n; i++) api.genUserSig(IDENTIFIER, EXPIRE);
const elapsed = Number(process.hrtime.bigint() - start);
console.log(JSON.stringify({
  version,
  n,
  gen_ns: elapsed / n,
  verify_ns: null,
  sample: api.genUserSig(IDENTIFIER, EXPIRE),
}));
