"""URLs under /networks/ (see network/urls.py)."""

from django.urls import path

from . import people_views

urlpatterns = [
    path("people/", people_views.people_search, name="people"),
    path("people/<slug:slug>/", people_views.person_detail, name="person"),
    path("people/<slug:slug>/remove/", people_views.person_remove, name="person_remove"),
]
