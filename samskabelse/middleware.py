from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

from .outages import outage_error, outage_response


class DanishFirstLocaleMiddleware(LocaleMiddleware):
    """Pages are Danish unless the visitor chose another language with the switcher (the
    language cookie), whatever the browser's own language is: a municipality's platform
    should not turn English because a laptop was bought abroad. The API follows the
    client's Accept-Language, as integrators expect."""

    def process_request(self, request):
        if request.path_info.startswith("/api/"):
            return super().process_request(request)
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        return None


class OutageMiddleware:
    """A view that fails because a dependency is out (the database, a lock held too long,
    the broker) answers 503 with Retry-After instead of 500: the Danish page, or JSON in
    DRF's shape under /api/. Failures outside views reach the 500 handler, which asks the
    same question (samskabelse.views.server_error)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        error = outage_error(exception)
        if error is None:
            return None
        return outage_response(request, error)
