#!/usr/bin/env python3
"""A loopback SMTP server for the smtp transport's tests (Debian package python3-aiosmtpd).

Speaks STARTTLS (required) or implicit TLS (--smtps) with the given certificate, requires
AUTH with one user and password, and saves each message it accepts as DIR/N.eml (the bytes as
received) next to DIR/N.json (envelope sender, recipients, the login used). Files appear
atomically before the server answers 250, so a test may read them as soon as delivery returns.
Runs until SIGTERM or SIGINT.
"""

import argparse
import json
import os
import signal
import ssl
import sys
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult


class SavingHandler:
    def __init__(self, directory):
        self.directory = directory
        self.count = 0
        self.lock = threading.Lock()

    def _save(self, name, data):
        temporary = os.path.join(self.directory, "." + name)
        with open(temporary, "wb") as file:
            file.write(data)
        os.rename(temporary, os.path.join(self.directory, name))

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.count += 1
            number = self.count
        login = session.auth_data.decode() if isinstance(session.auth_data, bytes) else session.auth_data
        envelope_json = {"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos, "login": login}
        self._save(f"{number}.json", json.dumps(envelope_json).encode())
        content = envelope.original_content or envelope.content
        self._save(f"{number}.eml", content if isinstance(content, bytes) else content.encode())
        return "250 Message accepted for delivery"


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--cert", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--user", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--smtps", action="store_true", help="TLS from the start instead of STARTTLS")
    args = parser.parse_args()

    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(args.cert, args.key)

    def authenticator(server, session, envelope, mechanism, auth_data):
        login = getattr(auth_data, "login", b"")
        password = getattr(auth_data, "password", b"")
        ok = login == args.user.encode() and password == args.password.encode()
        # handled=False: aiosmtpd then answers 535 itself (the default leaves the client hanging).
        return AuthResult(success=ok, handled=False, auth_data=login if ok else None)

    os.makedirs(args.dir, exist_ok=True)
    handler = SavingHandler(args.dir)
    if args.smtps:
        # aiosmtpd counts only STARTTLS as TLS for AUTH, so let AUTH through on the TLS socket.
        controller = Controller(handler, hostname=args.host, port=args.port, ssl_context=context,
                                authenticator=authenticator, auth_required=True, auth_require_tls=False)
    else:
        controller = Controller(handler, hostname=args.host, port=args.port, tls_context=context,
                                require_starttls=True, authenticator=authenticator, auth_required=True)
    controller.start()
    print("ready", flush=True)

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    while not stop.wait(0.5):
        pass
    controller.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
