from django.urls import path
from rest_framework.routers import SimpleRouter

from .api import (
    EventViewSet,
    OccurrenceRegistrationsView,
    RegistrationCancelView,
    RegistrationMemberCancelView,
    RegistrationMembersView,
)

router = SimpleRouter()
router.register("events", EventViewSet, basename="event")

urlpatterns = [
    *router.urls,
    path(
        "occurrences/<int:occurrence_id>/registrations/",
        OccurrenceRegistrationsView.as_view(),
        name="occurrence-registrations",
    ),
    path(
        "registrations/<str:token>/cancel/",
        RegistrationCancelView.as_view(),
        name="registration-cancel",
    ),
    path(
        "registrations/<str:token>/members/",
        RegistrationMembersView.as_view(),
        name="registration-members",
    ),
    path(
        "registrations/<str:token>/members/<int:member_id>/cancel/",
        RegistrationMemberCancelView.as_view(),
        name="registration-member-cancel",
    ),
]
