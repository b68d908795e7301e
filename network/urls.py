from django.urls import path

from . import movement_urls, people_urls, views

app_name = "network"

urlpatterns = [
    path("", views.index, name="index"),
    # People search and person pages live in people_urls.py, the movement's join flow in
    # movement_urls.py; they come before the network pages so their fixed paths win.
    *people_urls.urlpatterns,
    *movement_urls.urlpatterns,
    path("<slug:slug>/", views.network_detail, name="network"),
    path("<slug:slug>/meetings/new/", views.meeting_form, name="meeting_create"),
    path("<slug:slug>/meetings/<int:meeting_id>/", views.meeting_detail, name="meeting"),
    path("<slug:slug>/meetings/<int:meeting_id>/edit/", views.meeting_form, name="meeting_edit"),
    path(
        "<slug:slug>/meetings/<int:meeting_id>/paradoxes/new/",
        views.paradox_form,
        name="paradox_create",
    ),
    path("<slug:slug>/experiments/new/", views.experiment_form, name="experiment_create"),
    path(
        "<slug:slug>/experiments/<int:experiment_id>/",
        views.experiment_detail,
        name="experiment",
    ),
    path(
        "<slug:slug>/experiments/<int:experiment_id>/edit/",
        views.experiment_form,
        name="experiment_edit",
    ),
]
