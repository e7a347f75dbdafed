#!/usr/bin/env python3
"""A minimal SMTP server on 127.0.0.1 that accepts every message and counts them, for
benches/batch.sh. Usage: smtp_sink.py PORT COUNTFILE (writes the count when stopped with SIGTERM)."""
import signal
import socketserver
import sys
import threading

count = 0
lock = threading.Lock()


class Handler(socketserver.StreamRequestHandler):
    def handle(self):
        global count
        self.wfile.write(b"220 sink ESMTP\r\n")
        while True:
            line = self.rfile.readline()
            if not line:
                return
            verb = line[:4].upper()
            if verb in (b"EHLO", b"HELO"):
                self.wfile.write(b"250-sink\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n")
            elif verb == b"DATA":
                self.wfile.write(b"354 go on\r\n")
                while self.rfile.readline() not in (b".\r\n", b""):
                    pass
                with lock:
                    count += 1
                self.wfile.write(b"250 2.0.0 queued\r\n")
            elif verb == b"QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"250 ok\r\n")


class Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


def stop(*_):
    raise KeyboardInterrupt


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, stop)
    port, count_file = int(sys.argv[1]), sys.argv[2]
    with Server(("127.0.0.1", port), Handler) as server:
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            with open(count_file, "w") as f:
                f.write(str(count))
