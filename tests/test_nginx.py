"""deploy/nginx.conf for real: a throwaway nginx on loopback in front of a gunicorn, as
docker-compose.yml runs them, serving protected photos by X-Accel-Redirect.

Skipped when nginx is not installed. The app runs with its own SQLite database and media
folder; DEBUG=1 only so that static files need no collectstatic (the media view is the same
in every mode)."""

import os
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.processes import free_port, stop, wait_for_port

ROOT = Path(__file__).resolve().parent.parent
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)

pytestmark = pytest.mark.skipif(NGINX is None, reason="nginx is not installed")

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)

SETUP = f"""
from django.core.files.uploadedfile import SimpleUploadedFile
from projects.models import Photo, Visibility
from tests.factories import CaseFactory
for visibility in (Visibility.OFFENTLIG, Visibility.KLADDE):
    photo = Photo.objects.create(
        case=CaseFactory(visibility=visibility),
        image=SimpleUploadedFile(visibility + ".png", {PNG!r}),
        alt_text="Haven",
    )
    print("PHOTO", visibility, photo.image.url)
"""


def get(url):
    """(status, headers, body), also for error statuses."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (loopback http)
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def nginx_config(workdir, nginx_port, gunicorn_port, media_root):
    site = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    site = site.replace("server web:8000 resolve;", f"server 127.0.0.1:{gunicorn_port};")
    site = site.replace("listen 80;", f"listen 127.0.0.1:{nginx_port};")
    site = site.replace("alias /data/media/;", f"alias {media_root}/;")
    assert str(media_root) in site and str(nginx_port) in site, "deploy/nginx.conf changed shape"
    assert f"server 127.0.0.1:{gunicorn_port};" in site, "deploy/nginx.conf changed shape"
    (workdir / "site.conf").write_text(site, encoding="utf-8")
    temp = {name: workdir / name for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
    main = f"""
daemon off;
pid {workdir}/nginx.pid;
error_log {workdir}/error.log;
{"user root;" if os.geteuid() == 0 else ""}
events {{}}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path {temp["body"]};
    proxy_temp_path {temp["proxy"]};
    fastcgi_temp_path {temp["fastcgi"]};
    uwsgi_temp_path {temp["uwsgi"]};
    scgi_temp_path {temp["scgi"]};
    include {workdir}/site.conf;
}}
"""
    path = workdir / "nginx.conf"
    path.write_text(main, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("nginx")
    media_root = workdir / "media"
    environment = {
        **os.environ,
        "DEBUG": "1",
        "SECRET_KEY": "nginx-test-only",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}",
        "MEDIA_ROOT": str(media_root),
        "MEDIA_ACCEL_REDIRECT": "1",
    }
    environment.pop("REDIS_URL", None)
    manage = [sys.executable, "manage.py"]
    run = {"cwd": ROOT, "env": environment, "check": True, "capture_output": True, "text": True}
    subprocess.run([*manage, "migrate", "--noinput"], **run)
    output = subprocess.run([*manage, "shell", "-c", SETUP], **run).stdout
    urls = dict(line.split(" ")[1:] for line in output.splitlines() if line.startswith("PHOTO "))

    gunicorn_port = free_port(range(8080, 8090))
    gunicorn = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "samskabelse.wsgi:application",
            "--bind",
            f"127.0.0.1:{gunicorn_port}",
            "--workers",
            "1",
        ],  # fmt: skip
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    nginx_port = free_port(range(8090, 8100))
    config = nginx_config(workdir, nginx_port, gunicorn_port, media_root)
    subprocess.run([NGINX, "-t", "-c", str(config)], check=True, capture_output=True)
    nginx = subprocess.Popen([NGINX, "-c", str(config)], stderr=subprocess.DEVNULL)
    try:
        wait_for_port(gunicorn_port, gunicorn)
        wait_for_port(nginx_port, nginx)
        yield {"base": f"http://127.0.0.1:{nginx_port}", "urls": urls, "media": media_root}
    finally:
        for process in (nginx, gunicorn):
            stop(process)


def test_nginx_sends_a_public_case_photo_with_djangos_cache_headers(site):
    status, headers, body = get(site["base"] + site["urls"]["offentlig"])
    assert status == 200
    assert body == PNG
    assert headers["Content-Type"] == "image/png"
    assert "public" in headers["Cache-Control"] and "max-age=3600" in headers["Cache-Control"]
    assert "X-Accel-Redirect" not in headers


def test_nginx_does_not_send_a_draft_case_photo_to_an_anonymous_visitor(site):
    status, _headers, body = get(site["base"] + site["urls"]["kladde"])
    assert status == 404
    assert PNG not in body


def test_the_internal_media_location_cannot_be_asked_for_directly(site):
    name = site["urls"]["kladde"].removeprefix("/media/")
    assert (site["media"] / name).exists()
    status, _headers, body = get(f"{site['base']}/internal-media/{name}")
    assert status == 404
    assert PNG not in body


def test_pages_and_static_files_come_through_nginx(site):
    status, _headers, body = get(site["base"] + "/")
    assert status == 200 and b"<html" in body
    status, headers, _body = get(site["base"] + "/static/css/samskabelse.css")
    assert status == 200
    assert headers["Content-Type"].startswith("text/css")
