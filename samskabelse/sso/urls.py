from django.urls import path

from . import views

app_name = "sso"

urlpatterns = [
    path("", views.start, name="start"),
    path("<slug:slug>/callback/", views.callback, name="callback"),
]
