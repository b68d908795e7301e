from django.urls import path

from . import views
from .organiser import urls as organiser_urls
from .privacy import urls as privacy_urls

app_name = "events"

urlpatterns = [
    path("", views.index, name="index"),
    path("archive/", views.archive, name="archive"),
    # Fixed paths come before the event pages' <slug> so a slug cannot shadow them.
    path("newsletter/", views.newsletter, name="newsletter"),
    path("newsletter/sent/", views.newsletter_sent, name="newsletter_sent"),
    path("newsletter/confirm/<str:token>/", views.newsletter_confirm, name="newsletter_confirm"),
    path(
        "newsletter/unsubscribe/<str:token>/",
        views.newsletter_unsubscribe,
        name="newsletter_unsubscribe",
    ),
    path("registration/<str:token>/receipt/", views.receipt, name="receipt"),
    path("manage/<str:token>/", views.manage, name="manage"),
    path("manage/<str:token>/calendar.ics", views.manage_calendar, name="manage_calendar"),
    path("manage/<str:token>/details/", views.change_details, name="change_details"),
    path("manage/<str:token>/cancel/", views.cancel, name="cancel"),
    path("manage/<str:token>/colleagues/", views.add_colleague, name="add_colleague"),
    path(
        "manage/<str:token>/colleagues/<int:member_id>/cancel/",
        views.remove_colleague,
        name="remove_colleague",
    ),
    # Mine data (privacy/urls.py), under /events/my-data/.
    *privacy_urls.urlpatterns,
    # Organiser pages live in organiser/urls.py, under /events/organiser/.
    *organiser_urls.urlpatterns,
    path("<slug:slug>/", views.event_detail, name="event"),
    path(
        "<slug:slug>/<int:occurrence_id>.ics",
        views.occurrence_calendar,
        name="occurrence_ics",
    ),
    path("<slug:slug>/<int:occurrence_id>/register/", views.register, name="register"),
]
