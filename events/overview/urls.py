from django.urls import path

from . import views

urlpatterns = [
    path("overview/", views.start, name="my_overview"),
]
