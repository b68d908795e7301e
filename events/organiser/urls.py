"""Organiser pages under /events/organiser/ (events/organiser/views.py)."""

from django.urls import path, re_path

from . import participants, views

urlpatterns = [
    path("organiser/", views.dashboard, name="organiser_dashboard"),
    path("organiser/events/new/", views.event_create, name="organiser_event_create"),
    path("organiser/events/<int:pk>/", views.event_edit, name="organiser_event"),
    path("organiser/events/<int:pk>/speakers/", views.speaker_add, name="organiser_speaker_add"),
    path(
        "organiser/speakers/<int:pk>/remove/",
        views.speaker_remove,
        name="organiser_speaker_remove",
    ),
    path(
        "organiser/events/<int:pk>/dates/new/",
        views.occurrence_create,
        name="organiser_occurrence_create",
    ),
    path(
        "organiser/occurrences/<int:pk>/", participants.participants, name="organiser_participants"
    ),
    path("organiser/occurrences/<int:pk>/bulk/", participants.bulk, name="organiser_bulk"),
    path(
        "organiser/occurrences/<int:pk>/participants/new/",
        participants.participant_add,
        name="organiser_participant_add",
    ),
    path(
        "organiser/registrations/<int:pk>/edit/",
        participants.participant_edit,
        name="organiser_participant_edit",
    ),
    path(
        "organiser/registrations/<int:pk>/undo-check-in/",
        participants.undo_check_in,
        name="organiser_undo_check_in",
    ),
    path(
        "organiser/occurrences/<int:pk>/message/",
        participants.message,
        name="organiser_message",
    ),
    re_path(
        r"^organiser/occurrences/(?P<pk>[0-9]+)/print/(?P<kind>attendance|badges)/$",
        participants.print_list,
        name="organiser_print",
    ),
    re_path(
        r"^organiser/occurrences/(?P<pk>[0-9]+)/participants\.(?P<file_format>csv|xlsx)$",
        views.export,
        name="organiser_export",
    ),
    path(
        "organiser/occurrences/<int:pk>/check-in/",
        views.check_in_list,
        name="organiser_check_in",
    ),
    path(
        "organiser/registrations/<int:pk>/check-in/",
        views.check_in,
        name="organiser_check_in_registration",
    ),
    path(
        "organiser/occurrences/<int:pk>/cancel/",
        views.occurrence_cancel,
        name="organiser_occurrence_cancel",
    ),
    re_path(
        r"^organiser/occurrences/(?P<pk>[0-9]+)/(?P<action>details|capacity|move)/$",
        views.occurrence_action,
        name="organiser_occurrence_action",
    ),
]
