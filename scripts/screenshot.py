"""Screenshot pages of the running demo as a given user, in headless Chromium.

    python3 scripts/screenshot.py --login padron --out /tmp/shots \
        "/odoo/action-water_registry.action_water_contract" ...

Logs in through /web/session/authenticate, hands the session cookie to
Chromium over the DevTools protocol and saves one PNG per path.
"""

import argparse
import base64
import json
import os
import socket
import subprocess
import tempfile
import time
import urllib.request

import websocket

CHROME_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]


def authenticate(base, db, login, password):
    payload = json.dumps({"jsonrpc": "2.0", "params": {"db": db, "login": login, "password": password}}).encode()
    request = urllib.request.Request(f"{base}/web/session/authenticate", payload, {"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        cookie = response.headers.get("Set-Cookie", "")
    return cookie.split("session_id=")[1].split(";")[0]


def free_port():
    """A free TCP port for Chromium's debugger, so that several runs never collide."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Browser:
    def __init__(self, width, height, mobile=False):
        port = free_port()
        self.profile = tempfile.mkdtemp(prefix="shot-chrome-")
        self.proc = subprocess.Popen(
            [
                "chromium",
                *CHROME_FLAGS,
                f"--remote-debugging-port={port}",
                f"--user-data-dir={self.profile}",
                f"--window-size={width},{height}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _attempt in range(50):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/json", timeout=2) as response:
                    targets = json.load(response)
                page = next(t for t in targets if t["type"] == "page")
                break
            except (OSError, StopIteration):
                time.sleep(0.2)
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=60, suppress_origin=True)
        self.counter = 0
        self.send("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1, mobile=mobile)

    def send(self, method, **params):
        self.counter += 1
        self.ws.send(json.dumps({"id": self.counter, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.counter:
                return message.get("result", {})

    def shot(self, url, path, wait, full_page=False):
        self.send("Page.navigate", url=url)
        time.sleep(wait)
        params = {"format": "png"}
        if full_page:
            size = self.send("Page.getLayoutMetrics")["cssContentSize"]
            params["clip"] = {"x": 0, "y": 0, "width": size["width"], "height": min(size["height"], 8000), "scale": 1}
            params["captureBeyondViewport"] = True
        data = self.send("Page.captureScreenshot", **params)["data"]
        with open(path, "wb") as fh:
            fh.write(base64.b64decode(data))

    def close(self):
        self.ws.close()
        self.proc.terminate()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--base", default="http://localhost:8069")
    parser.add_argument("--db", default="water_demo")
    parser.add_argument("--login", default="admin")
    parser.add_argument("--password")
    parser.add_argument("--out", default="/tmp/shots")
    parser.add_argument("--width", type=int, default=1440)
    parser.add_argument("--height", type=int, default=900)
    parser.add_argument("--wait", type=float, default=4.0)
    parser.add_argument("--full-page", action="store_true", help="capture the whole page, not only the window")
    parser.add_argument("--mobile", action="store_true", help="emulate a phone (use with --width 390 --height 844)")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    session = authenticate(args.base, args.db, args.login, args.password or args.login)
    browser = Browser(args.width, args.height, mobile=args.mobile)
    try:
        host = args.base.split("://")[1].split(":")[0]
        browser.send("Network.enable")
        browser.send("Network.setCookie", name="session_id", value=session, domain=host, path="/")
        for index, path in enumerate(args.paths, start=1):
            target = os.path.join(args.out, f"{index:02d}.png")
            browser.shot(args.base + path, target, args.wait, full_page=args.full_page)
            print(target, path)
    finally:
        browser.close()


if __name__ == "__main__":
    main()
