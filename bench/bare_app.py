"""bench/bare_app: the floor of a Django request, for the burst's "bare view" ceiling.

Django with no middleware, no apps, no database and no cache, one URL answering a small
JSON body; served by the same gunicorn command as the platform (bench.api_reads)."""

from django.conf import settings

settings.configure(
    DEBUG=False,
    SECRET_KEY="benchmark-only-not-a-secret-0123456789abcdefghijklmnop",
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
    DATABASES={},
    USE_I18N=False,
)

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import JsonResponse  # noqa: E402
from django.urls import path  # noqa: E402


def hello(request):
    return JsonResponse({"status": "ok"})


urlpatterns = [path("", hello)]
application = get_wsgi_application()
