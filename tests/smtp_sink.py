"""smtp_sink.py - an SMTP handler for aiosmtpd that writes each message
it accepts to a directory, for the mail tests:

    PYTHONPATH=tests python3 -m aiosmtpd -n -l 127.0.0.1:PORT \
        -c smtp_sink.Sink DIR

Each message becomes DIR/N.eml (N counting from 1), written to a
temporary name and renamed, so a reader never sees half a message; the
envelope's recipients go in an X-Rcpt header in front.
"""
import os


class Sink:
    def __init__(self, directory):
        self.dir = directory
        os.makedirs(directory, exist_ok=True)

    @classmethod
    def from_cli(cls, parser, *args):
        if len(args) != 1:
            parser.error("smtp_sink.Sink takes one argument: the directory")
        return cls(args[0])

    async def handle_DATA(self, server, session, envelope):
        n = len([f for f in os.listdir(self.dir) if f.endswith(".eml")]) + 1
        tmp = os.path.join(self.dir, "%d.tmp" % n)
        with open(tmp, "wb") as f:
            f.write(b"X-Rcpt: " + ",".join(envelope.rcpt_tos).encode() + b"\r\n")
            f.write(envelope.original_content or envelope.content)
        os.rename(tmp, os.path.join(self.dir, "%d.eml" % n))
        return "250 OK"
