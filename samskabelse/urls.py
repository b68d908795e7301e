from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from events import views as events_views
from projects import media

from . import views
from .forms import PasswordResetForm

admin.site.site_header = _("Samskabelse administration")
admin.site.site_title = _("Samskabelse")

account_patterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("sso/", include("samskabelse.sso.urls")),
    path("two-factor/", include("samskabelse.twofactor.urls")),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password-reset/",
        auth_views.PasswordResetView.as_view(form_class=PasswordResetForm),
        name="password_reset",
    ),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("", include("events.overview.urls")),
    path("accessibility/", views.AccessibilityView.as_view(), name="accessibility"),
    path("privacy/", views.PrivacyView.as_view(), name="privacy"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include(account_patterns)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("cases/", include("projects.urls")),
    path("open-data/", include("projects.open_data")),
    path("networks/", include("network.urls")),
    path("events.ics", events_views.feed, name="events_feed"),
    path("events/", include("events.urls")),
    path("api/v1/", include("samskabelse.api.urls")),
    # The admin's login is the site's, so it asks for the two-factor code too.
    path("admin/login/", views.LoginView.as_view(), name="admin_login"),
    path("admin/", admin.site.urls),
    # Uploaded files, in DEBUG too: each is checked against who may see it (projects/media.py).
    path(f"{settings.MEDIA_URL.strip('/')}/<path:name>", media.serve, name="media"),
]

handler403 = "samskabelse.views.permission_denied"
handler404 = "samskabelse.views.page_not_found"
handler500 = "samskabelse.views.server_error"
