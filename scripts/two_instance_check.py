"""The checks of scripts/two-instance-test, with the standard library only.

1. Log in through the admin login form on instance A (CSRF token from the form).
2. Upload an Excel import to instance A: django-import-export stores the preview file in
   the shared (database) cache and answers with the confirm form.
3. Post that confirm form to instance B directly: B must find the file and import it.
4. A bounded burst through nginx: N requests, T threads, a time cap; every answer 200,
   and both instances served some of them (round robin).
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def opener(jar):
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect())


def call(op, url, data=None, headers=None, timeout=30):
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with op.open(request, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")


def token_from(html: str) -> str:
    match = TOKEN.search(html)
    if not match:
        sys.exit("no CSRF token in the form")
    return match.group(1)


def multipart(fields: dict, files: dict) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        )
    for name, (filename, content) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'
        )
        parts.append(head.encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def hidden(html: str, name: str) -> str:
    match = re.search(rf'name="{name}"[^>]*value="([^"]*)"', html) or re.search(
        rf'value="([^"]*)"[^>]*name="{name}"', html
    )
    if not match:
        sys.exit(f"confirm form without {name}")
    return match.group(1)


def import_across_instances(a: str, b: str, user: str, password: str, workbook: bytes) -> None:
    jar = http.cookiejar.CookieJar()  # cookies are per host, not per port: one session
    op = opener(jar)
    status, html = call(op, f"{a}/admin/login/")
    form = {"username": user, "password": password, "next": "/admin/"}
    form["csrfmiddlewaretoken"] = token_from(html)
    status, _ = call(op, f"{a}/admin/login/", urllib.parse.urlencode(form).encode())
    assert status == 302, f"login on A answered {status}"

    url = "/admin/questionsets/source/import/"
    status, html = call(op, a + url)
    body, content_type = multipart(
        {"csrfmiddlewaretoken": token_from(html), "format": "0", "resource": "0"},
        {"import_file": ("bronnen.xlsx", workbook)},
    )
    status, html = call(op, a + url, body, {"Content-Type": content_type})
    assert status == 200 and "process_import" in html, f"preview on A: {status}"
    confirm = {
        name: hidden(html, name)
        for name in ("import_file_name", "original_file_name", "format", "resource")
    }
    confirm["csrfmiddlewaretoken"] = token_from(html)
    status, html = call(
        op,
        f"{b}/admin/questionsets/source/process_import/",
        urllib.parse.urlencode(confirm).encode(),
    )
    assert status == 302, f"confirm on B answered {status}: {html[:500]}"
    status, html = call(op, f"{b}/admin/questionsets/source/?q=twee-instanties")
    assert status == 200 and "Geimporteerd via twee instanties" in html, "import not visible on B"
    print("import: previewed on A, confirmed on B, visible on B")


def burst(lb: str, n: int, threads: int, cap: float) -> tuple[int, list, float]:
    paths = ["/", "/zoeken/?q=vertrouwen", "/toegankelijkheid/", "/accounts/login/", "/zoeken/"]
    deadline = time.monotonic() + cap
    op = urllib.request.build_opener(NoRedirect())

    def one(i: int):
        if time.monotonic() > deadline:
            return "timeout"
        started = time.monotonic()
        status, _ = call(op, lb + paths[i % len(paths)], timeout=max(1.0, deadline - started))
        return status, time.monotonic() - started

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        results = list(pool.map(one, range(n)))
    duration = time.monotonic() - started
    errors = [r for r in results if r == "timeout" or r[0] != 200]
    latencies = sorted(r[1] for r in results if r != "timeout")
    return len(results), errors, duration, latencies


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--a", type=int, required=True)
    parser.add_argument("--b", type=int, required=True)
    parser.add_argument("--lb", type=int, required=True)
    parser.add_argument("--user", required=True)
    parser.add_argument("--logs", type=Path, required=True)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--cap", type=float, default=60.0)
    args = parser.parse_args()
    a, b, lb = (f"http://127.0.0.1:{p}" for p in (args.a, args.b, args.lb))

    for base in (a, b, lb):  # wait (bounded) until everything listens
        for _ in range(100):
            try:
                if call(urllib.request.build_opener(NoRedirect()), base + "/", timeout=2)[0]:
                    break
            except OSError:
                time.sleep(0.2)
        else:
            sys.exit(f"{base} did not come up")

    workbook = (args.logs / "bronnen.xlsx").read_bytes()
    import_across_instances(a, b, args.user, os.environ["ADMIN_PASSWORD"], workbook)

    served_before = [len((args.logs / f"{n}-access.log").read_text().splitlines()) for n in "ab"]
    count, errors, duration, latencies = burst(lb, args.requests, args.threads, args.cap)
    time.sleep(0.5)
    served = [
        len((args.logs / f"{n}-access.log").read_text().splitlines()) - before
        for n, before in zip("ab", served_before, strict=True)
    ]
    p95 = latencies[int(0.95 * (len(latencies) - 1))] if latencies else float("nan")
    print(
        f"burst: {count} requests, {args.threads} threads, {len(errors)} errors, "
        f"{duration:.1f} s, p95 {p95 * 1000:.0f} ms, served by A/B: {served[0]}/{served[1]}"
    )
    assert not errors, errors[:5]
    assert min(served) > 0, "nginx did not spread the load over both instances"


if __name__ == "__main__":
    main()
