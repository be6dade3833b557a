"""A real SMTP server on loopback for the portal's tests (aiosmtpd, pinned by
crates/server/tests/smtp_sink_requirements.txt, installed by `cargo xtask setup` into
target/smtp-venv).

    python smtp_sink.py --dir MAILDIR [--port PORT]

Accepts every message and writes it, as received (headers and body), to MAILDIR/NNNNNN.eml
(written to a .tmp file first, then renamed, so a reader never sees half a message); the
envelope's recipients go to NNNNNN.rcpt, one a line. Prints `listening on PORT` once ready.

While the file MAILDIR/.reply exists, its first line (e.g. `451 4.3.0 Try again later` or
`550 5.1.1 No such user`) is the answer to every message instead of accepting it.

Ends when its standard input closes (the test that started it ended) or on SIGTERM.
"""

import argparse
import asyncio
import os
import signal
import socket
import sys
import threading

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, folder):
        self.folder = folder
        self.lock = threading.Lock()
        self.count = len([n for n in os.listdir(folder) if n.endswith(".eml")])

    def reply(self):
        try:
            with open(os.path.join(self.folder, ".reply"), encoding="utf-8") as f:
                line = f.readline().strip()
        except FileNotFoundError:
            return None
        return line or None

    async def handle_DATA(self, server, session, envelope):
        refused = self.reply()
        if refused:
            return refused
        with self.lock:
            self.count += 1
            name = "%06d" % self.count
        tmp = os.path.join(self.folder, name + ".tmp")
        with open(tmp, "wb") as f:
            f.write(envelope.original_content or envelope.content)
        with open(os.path.join(self.folder, name + ".rcpt"), "w", encoding="utf-8") as f:
            f.write("\n".join(envelope.rcpt_tos) + "\n")
        os.replace(tmp, os.path.join(self.folder, name + ".eml"))
        return "250 2.0.0 Accepted"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True)
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    port = args.port or free_port()
    controller = Controller(Sink(args.dir), hostname="127.0.0.1", port=port)
    controller.start()
    print("listening on %d" % port, flush=True)

    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    signal.signal(signal.SIGINT, lambda *_: done.set())

    def watch_stdin():
        try:
            while sys.stdin.buffer.read(1024):
                pass
        except Exception:
            pass
        done.set()

    threading.Thread(target=watch_stdin, daemon=True).start()
    done.wait()
    controller.stop()


if __name__ == "__main__":
    main()
