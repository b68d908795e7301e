"""URLs under /networks/ (see network/urls.py)."""

urlpatterns = []
