from django.urls import path

from . import views

app_name = "two_factor"

urlpatterns = [
    path("", views.setup, name="setup"),
    path("code/", views.verify, name="verify"),
]
