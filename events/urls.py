from django.urls import path
from django.views.generic import TemplateView

from . import organiser_urls

app_name = "events"

urlpatterns = [
    path("", TemplateView.as_view(template_name="events/index.html"), name="index"),
    # Citizen pages (views.py) are added here; organiser pages live in organiser_urls.py.
    *organiser_urls.urlpatterns,
]
