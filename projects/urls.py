from django.urls import include, path

from . import export_views, overview_views, tidy_views, views
from .voices import views as voice_views

app_name = "projects"

urlpatterns = [
    path("", views.case_list, name="index"),
    path("new/", views.case_create, name="case_create"),
    path("toolbox/", views.toolbox, name="toolbox"),
    *export_views.urlpatterns,
    path("toolbox/<slug:slug>/", views.grip_detail, name="grip"),
    # Borgernes Stemmer pages live in voices/views.py, the municipality overview in
    # overview_views.py; their fixed paths come before the case pages' <slug> so a case
    # slug cannot shadow them.
    *voice_views.urlpatterns,
    *overview_views.urlpatterns,
    path("catalogues/", include("projects.catalogue.urls")),
    path("<slug:slug>/", views.case_detail, name="case"),
    path("<slug:slug>/edit/", views.case_edit, name="case_edit"),
    path("<slug:slug>/journal/", views.journal_add, name="journal_add"),
    path("<slug:slug>/photos/", views.case_addition, {"kind": "photo"}, name="photo_add"),
    path("<slug:slug>/quotes/", views.case_addition, {"kind": "quote"}, name="quote_add"),
    path("<slug:slug>/partners/", views.case_addition, {"kind": "partner"}, name="partner_add"),
    *tidy_views.urlpatterns,
]
