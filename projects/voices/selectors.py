"""Reads of Borgernes Stemmer: what the pattern page, the API and the moderation queue show."""

from django.db.models import Count, Q

from ..models import CitizenVoice, VoiceStatus, VoiceTheme


def approved_voices():
    return (
        CitizenVoice.objects.filter(status=VoiceStatus.APPROVED)
        .select_related("municipality")
        .prefetch_related("themes")
    )


def theme_counts():
    """Each theme with the number of approved voices behind it."""
    return VoiceTheme.objects.annotate(
        voice_count=Count("voices", filter=Q(voices__status=VoiceStatus.APPROVED))
    ).order_by("-voice_count", "name")


def pending_voices():
    """The moderation queue: voices awaiting a decision, oldest first."""
    return (
        CitizenVoice.objects.filter(status=VoiceStatus.PENDING)
        .select_related("municipality")
        .order_by("submitted_at", "pk")
    )
