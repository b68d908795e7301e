from django.urls import path
from django.views.generic import TemplateView

from . import movement_urls, people_urls

app_name = "network"

urlpatterns = [
    path("", TemplateView.as_view(template_name="network/index.html"), name="index"),
    # Network, meeting, experiment pages (views.py) are added here; people search and
    # person pages live in people_urls.py, the movement's join flow in movement_urls.py.
    *people_urls.urlpatterns,
    *movement_urls.urlpatterns,
]
