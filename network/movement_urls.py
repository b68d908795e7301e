"""URLs under /networks/ (see network/urls.py): the join flow and the coordinators'
requests page (movement_views.py)."""

from django.urls import path

from . import movement_views

urlpatterns = [
    path("<slug:slug>/join/", movement_views.join, name="join"),
    path("<slug:slug>/join/received/", movement_views.join_received, name="join_received"),
    path("<slug:slug>/requests/", movement_views.requests, name="requests"),
    path(
        "<slug:slug>/requests/<int:request_id>/accept/",
        movement_views.accept,
        name="accept_request",
    ),
    path(
        "<slug:slug>/requests/<int:request_id>/decline/",
        movement_views.decline,
        name="decline_request",
    ),
    path("<slug:slug>/requests/promote/", movement_views.promote, name="promote_request"),
]
