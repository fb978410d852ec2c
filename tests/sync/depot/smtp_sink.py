#!/usr/bin/python3
"""SMTP sink on 127.0.0.1 for the receipt-mail tests (Debian's python3-aiosmtpd).

Usage: smtp_sink.py DIR. Prints "port N" once listening. Each message it takes is written to
DIR/mail-<n>.eml. How it answers is read from DIR/mode at every step, so a test changes it
between attempts:
  accept       250 for everything
  refuse       550 for RCPT (a permanent refusal)
  later        451 for RCPT (try again later)
  stall        never answers the end of DATA (a slow server)
  hang_after   keeps the message (mail-<n>.eml), then never answers (the depot is killed meanwhile)
  close        closes the connection at the end of DATA, before answering (closing mid-message)
"""
import asyncio
import os
import socket
import sys
import threading

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, directory):
        self.directory = directory
        self.count = 0

    def mode(self):
        try:
            with open(os.path.join(self.directory, "mode")) as f:
                return f.read().strip()
        except FileNotFoundError:
            return "accept"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        mode = self.mode()
        if mode == "refuse":
            return "550 5.1.1 No such mailbox here"
        if mode == "later":
            return "451 4.3.0 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    def keep(self, envelope):
        self.count += 1
        path = os.path.join(self.directory, "mail-%d.eml" % self.count)
        with open(path + ".tmp", "wb") as f:
            f.write(envelope.original_content or envelope.content)
        os.rename(path + ".tmp", path)

    async def handle_DATA(self, server, session, envelope):
        mode = self.mode()
        if mode == "stall":
            await asyncio.sleep(3600)
        if mode == "close":
            server.transport.close()
            return "421 closing"
        self.keep(envelope)
        if mode == "hang_after":
            await asyncio.sleep(3600)
        return "250 2.0.0 Queued"


def main():
    directory = sys.argv[1]
    # Why not port 0: the controller checks it is up by connecting to the port it was given.
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    controller = Controller(Sink(directory), hostname="127.0.0.1", port=port)
    controller.start()
    print("port %d" % port, flush=True)
    threading.Event().wait()  # until the test kills us


if __name__ == "__main__":
    main()
