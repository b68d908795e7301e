"""Mine data, included by events/urls.py under /events/my-data/ (app_name "events")."""

from django.urls import path

from . import views

urlpatterns = [
    path("my-data/", views.request_link, name="my_data_request"),
    path("my-data/sent/", views.link_sent, name="my_data_sent"),
    path("my-data/<str:token>/", views.overview, name="my_data"),
    path("my-data/<str:token>/download/", views.download, name="my_data_download"),
    path("my-data/<str:token>/erase/", views.erase, name="my_data_erase"),
]
