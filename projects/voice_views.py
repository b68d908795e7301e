"""Borgernes Stemmer: the public form, the staff moderation queue, the pattern page."""

urlpatterns = []
