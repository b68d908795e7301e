from django.urls import path

from . import views, voice_views

app_name = "projects"

urlpatterns = [
    path("", views.case_list, name="index"),
    # Pages for cases, toolbox and overview are added here (views.py);
    # Borgernes Stemmer pages live in voice_views.py.
    *voice_views.urlpatterns,
]
