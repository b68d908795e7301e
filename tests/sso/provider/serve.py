"""python -m tests.sso.provider.serve: migrate, register the client, serve on a free
loopback port and print "READY <issuer>" once it listens."""

import os
import sys

import django


def main():
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler

    class QuietHandler(WSGIRequestHandler):
        def log_message(self, format, *args):  # noqa: A002 - the stdlib's signature
            pass

    # Listen first: the issuer, which the settings need, names the port.
    server = ThreadedWSGIServer(("127.0.0.1", 0), QuietHandler, ipv6=False)
    host, port = server.server_address[:2]
    issuer = f"http://{host}:{port}/o"
    os.environ["PROVIDER_ISSUER"] = issuer
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.sso.provider.settings"
    django.setup()
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application
    from oauth2_provider.models import Application

    call_command("migrate", verbosity=0, interactive=False)
    Application.objects.update_or_create(
        client_id=os.environ["PROVIDER_CLIENT_ID"],
        defaults={
            "name": "Samskabelse",
            "client_secret": os.environ["PROVIDER_CLIENT_SECRET"],
            "client_type": Application.CLIENT_CONFIDENTIAL,
            "authorization_grant_type": Application.GRANT_AUTHORIZATION_CODE,
            "redirect_uris": os.environ["PROVIDER_REDIRECT_URIS"],
            "algorithm": Application.RS256_ALGORITHM,
            "skip_authorization": True,
        },
    )

    server.set_app(get_wsgi_application())
    print(f"READY {issuer}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
