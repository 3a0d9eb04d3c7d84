"""The sequential peer of `imctl accounts import`, written and run by
`cargo xtask bench peers`: one multiaccount_import of 100 accounts per call, one call at a
time, going on after an error, like a careful user script.

Usage: python seq_import.py BASE_URL FILE (one UserID a line); credentials from IM_SDKAPPID,
IM_SECRET_KEY and IM_ADMIN. Uses the timsdk package (PyPI) with its fixed host
https://console.tim.qq.com replaced by BASE_URL; without timsdk, urllib and the official
signer. Prints one JSON line.
"""
import json
import os
import random
import sys
from importlib.metadata import version

BATCH = 100
OFFICIAL_HOST = "https://console.tim.qq.com"


def timsdk_importer(base_url, sdkappid, key, admin):
    import timsdk

    official_url = timsdk.HttpClient.get_url

    def local_url(self, path, *args, **kwargs):
        return official_url(self, path, *args, **kwargs).replace(OFFICIAL_HOST, base_url, 1)

    timsdk.HttpClient.get_url = local_url
    client = timsdk.TimClient(sdkappid, key, admin)
    return client.im_open_login_svc.im_open_login_svc, "timsdk " + version("timsdk")


def urllib_importer(base_url, sdkappid, key, admin):
    import urllib.request
    from TLSSigAPIv2 import TLSSigAPIv2

    usersig = TLSSigAPIv2(sdkappid, key).gen_sig(admin, 86400)

    def multiaccount_import(accounts):
        url = (f"{base_url}/v4/im_open_login_svc/multiaccount_import?sdkappid={sdkappid}"
               f"&identifier={admin}&usersig={usersig}"
               f"&random={random.randint(0, 4294967295)}&contenttype=json")
        body = json.dumps({"Accounts": accounts}).encode()
        request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read())

    return multiaccount_import, "urllib + tls-sig-api-v2 " + version("tls-sig-api-v2")


def main():
    base_url, path = sys.argv[1], sys.argv[2]
    credentials = (base_url, int(os.environ["IM_SDKAPPID"]), os.environ["IM_SECRET_KEY"],
                   os.environ.get("IM_ADMIN", "administrator"))
    try:
        multiaccount_import, client = timsdk_importer(*credentials)
    except ImportError:
        multiaccount_import, client = urllib_importer(*credentials)
    with open(path, encoding="utf-8") as f:
        accounts = [line.strip() for line in f if line.strip()]
    succeeded = failed = requests = errors = 0
    for i in range(0, len(accounts), BATCH):
        batch = accounts[i:i + BATCH]
        requests += 1
        try:
            result = multiaccount_import(batch)
        except Exception:  # noqa: BLE001 - a careful script logs and goes on
            errors += 1
            failed += len(batch)
            continue
        if result.get("ErrorCode") == 0:
            rejected = len(result.get("FailAccounts") or [])
            succeeded += len(batch) - rejected
            failed += rejected
        else:
            errors += 1
            failed += len(batch)
    print(json.dumps({"client": client, "succeeded": succeeded, "failed": failed,
                      "requests": requests, "errors": errors}))


main()
