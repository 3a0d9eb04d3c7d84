"""UserSig driver for the official Python library (PyPI `tls-sig-api-v2`), written and run by
`cargo xtask bench peers`: `python sig_python.py bench N` times N gen_sig calls after N/10
warm-up calls and prints one JSON line. The library has no verifier.
"""
import json
import sys
import time
from importlib.metadata import version

from TLSSigAPIv2 import TLSSigAPIv2

SDKAPPID = 1400000000
KEY = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e"
IDENTIFIER = "bench_user_01"
EXPIRE = 86400


def main():
    if len(sys.argv) != 3 or sys.argv[1] != "bench":
        sys.exit("usage: sig_python.py bench N")
    n = int(sys.argv[2])
    api = TLSSigAPIv2(SDKAPPID, KEY)
    for _ in range(n // 10):
        api.gen_sig(IDENTIFIER, EXPIRE)
    start = time.perf_counter_ns()
    for _ in range(n):
        api.gen_sig(IDENTIFIER, EXPIRE)
    elapsed = time.perf_counter_ns() - start
    print(json.dumps({
        "version": version("tls-sig-api-v2"),
        "n": n,
        "gen_ns": elapsed / n,
        "verify_ns": None,
        "sample": api.gen_sig(IDENTIFIER, EXPIRE),
    }))


main()
