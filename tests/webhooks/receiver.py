"""A real HTTP receiver on loopback for the webhook tests: a ThreadingHTTPServer in a
thread that records every request and answers with the statuses it is given in turn."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Receiver:
    def __init__(self, statuses=(200,)):
        self.statuses = list(statuses)  # the last one repeats
        self.requests = []
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's name
                length = int(self.headers.get("Content-Length", 0))
                body = self.rfile.read(length)
                with receiver.lock:
                    receiver.requests.append(
                        {"path": self.path, "headers": dict(self.headers), "body": body}
                    )
                    index = min(len(receiver.requests), len(receiver.statuses)) - 1
                    status = receiver.statuses[index]
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, host="127.0.0.1", path="/hooks/samskabelse"):
        return f"http://{host}:{self.port}{path}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def events(self, event_type=None):
        import json

        bodies = [json.loads(request["body"]) for request in self.requests]
        return [body for body in bodies if event_type is None or body["type"] == event_type]


def serve_tls(receiver, directory, name="localhost"):
    """Make `receiver` answer over TLS with a fresh self-signed certificate for `name`;
    returns the certificate's path (the CA file to trust). Call before entering it."""
    import ssl
    import subprocess

    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
            "-keyout", str(key), "-out", str(cert), "-subj", f"/CN={name}",
            "-addext", f"subjectAltName=DNS:{name}",
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    receiver.server.socket = context.wrap_socket(receiver.server.socket, server_side=True)
    return cert
