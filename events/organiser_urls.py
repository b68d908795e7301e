"""Organiser pages under /events/organiser/ (organiser_views.py)."""

urlpatterns = []
