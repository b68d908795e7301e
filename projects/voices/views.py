"""Borgernes Stemmer: the public form, the staff moderation queue, the pattern page.

Included by projects/urls.py under /cases/ (app_name "projects").
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samskabelse.ratelimit import SubmissionLimit

from ..charts import Bar, bar_chart
from ..models import CitizenVoice, VoiceStatus, VoiceTheme
from ..services import moderate_voice, submit_voice
from .forms import ModerationForm, VoiceForm
from .selectors import (
    SMALLEST_SHOWN_COUNT,
    THIN_SHARE,
    approved_voices,
    municipalities_with_population,
    pending_voices,
    representation,
    theme_counts,
)

VOICE_LIMIT = SubmissionLimit("voices", per_window=5)
SUBMISSIONS_PER_WINDOW = VOICE_LIMIT.per_window
VOICES_PER_MODERATION_PAGE = 20


# --- Public form --------------------------------------------------------------------------


def voice_form(request):
    """A citizen sends in their voice; it waits for moderation."""
    form = VoiceForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        if not VOICE_LIMIT.allows(request):
            form.add_error(
                None,
                _(
                    "Thank you for your engagement! We have received several voices from you "
                    "in a short time. Please wait a few minutes and try again."
                ),
            )
            status = 429
        elif form.is_from_a_robot():
            # A robot gets the same receipt as a person, so it learns nothing; nothing stored.
            VOICE_LIMIT.count(request)
            return redirect("projects:voice_thanks")
        else:
            try:
                submit_voice(**form.voice_fields())
            except ValidationError as error:
                _add_service_errors(form, error)
            else:
                VOICE_LIMIT.count(request)
                return redirect("projects:voice_thanks")
    return render(request, "projects/voice_form.html", {"form": form}, status=status)


def _add_service_errors(form, error):
    """The service's field errors on the form's fields; anything else above the form."""
    for field, field_errors in error.update_error_dict({}).items():
        form.add_error(field if field in form.fields else None, field_errors)


def voice_thanks(request):
    return render(request, "projects/voice_thanks.html")


# --- Pattern page -------------------------------------------------------------------------


def voice_patterns(request):
    """Voices per theme as a chart, whose voices are missing, and the quotes behind each theme."""
    themes = [theme for theme in theme_counts() if theme.voice_count]
    voices_by_theme, voices_without_theme = _group_by_theme(approved_voices())
    chart = bar_chart(
        [Bar(label=theme.name, value=theme.voice_count, key=theme.slug) for theme in themes],
        chart_id="voices-per-theme",
        title=_("Citizen voices per theme"),
        label_heading=_("Theme"),
        value_heading=_("Voices"),
    )
    sections = [(theme, voices_by_theme.get(theme.pk, [])) for theme in themes]
    return render(
        request,
        "projects/voice_patterns.html",
        {
            "chart": chart,
            "sections": sections,
            "voices_without_theme": voices_without_theme,
            "has_voices": bool(sections or voices_without_theme),
            **_missing_voices(request, themes),
        },
    )


def _missing_voices(request, themes):
    """The comparison for ?kommune=<code>&tema=<slug>; by default the viewer's own
    municipality (or the first that has entered its inhabitants) and every theme."""
    municipalities = list(municipalities_with_population())
    chosen = next((m for m in municipalities if m.code == request.GET.get("kommune")), None)
    if chosen is None and request.user.is_authenticated:
        chosen = next((m for m in municipalities if m.pk == request.user.municipality_id), None)
    if chosen is None and municipalities:
        chosen = municipalities[0]
    theme = next((theme for theme in themes if theme.slug == request.GET.get("tema")), None)
    return {
        "comparison": chosen and representation(request.user, municipality=chosen, theme=theme),
        "comparison_municipalities": municipalities,
        "comparison_themes": themes,
        "thin_share_percent": int(THIN_SHARE * 100),
        "smallest_shown_count": SMALLEST_SHOWN_COUNT,
    }


def _add_byline(voice):
    """'parent, Guldborgsund': what the citizen chose to tell that is shown. Age group and
    area are never shown with a voice; they are only counted (see selectors.representation)."""
    municipality = voice.municipality.short_name if voice.municipality else ""
    voice.byline = ", ".join(part for part in (voice.role, municipality) if part)


def _group_by_theme(voices):
    """({theme pk: [voice, …]}, [voices with no theme]), newest first."""
    by_theme, without_theme = {}, []
    for voice in voices.order_by("-submitted_at", "-pk"):
        _add_byline(voice)
        themes = voice.themes.all()
        if not themes:
            without_theme.append(voice)
        for theme in themes:
            by_theme.setdefault(theme.pk, []).append(voice)
    return by_theme, without_theme


# --- Moderation ---------------------------------------------------------------------------


def staff_required(view):
    """Anonymous visitors are sent to log in; logged-in non-staff get 403."""

    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if not request.user.is_staff:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _moderation_prefix(voice):
    return f"voice-{voice.pk}"


@staff_required
def voice_moderation(request):
    themes = list(VoiceTheme.objects.all())
    page_obj = Paginator(pending_voices(), VOICES_PER_MODERATION_PAGE).get_page(
        request.GET.get("page")
    )
    items = []
    for voice in page_obj:
        _add_byline(voice)
        items.append((voice, ModerationForm(themes=themes, prefix=_moderation_prefix(voice))))
    return render(
        request,
        "projects/voice_moderation.html",
        {"items": items, "page_obj": page_obj, "has_themes": bool(themes)},
    )


@staff_required
@require_POST
def voice_moderate(request, pk):
    """Approve (with themes) or reject one voice, then back to the same queue page."""
    voice = get_object_or_404(CitizenVoice, pk=pk)
    queue_url = reverse("projects:voice_moderation")
    page = request.POST.get("page", "")
    if page.isdigit():
        queue_url += f"?page={page}"
    if voice.status != VoiceStatus.PENDING:
        messages.info(request, _("This voice has already been moderated."))
        return redirect(queue_url)
    form = ModerationForm(
        request.POST, themes=list(VoiceTheme.objects.all()), prefix=_moderation_prefix(voice)
    )
    if not form.is_valid():
        messages.error(request, _("The decision could not be saved. Please try again."))
        return redirect(queue_url)
    moderate_voice(user=request.user, voice=voice, approve=form.approve, themes=form.chosen_themes)
    if form.approve:
        messages.success(request, _("The voice is approved and now shown publicly."))
    else:
        messages.success(request, _("The voice is rejected and will not be shown."))
    return redirect(queue_url)


urlpatterns = [
    path("voices/", voice_patterns, name="voices"),
    path("voices/new/", voice_form, name="voice_form"),
    path("voices/thanks/", voice_thanks, name="voice_thanks"),
    path("voices/moderation/", voice_moderation, name="voice_moderation"),
    path("voices/moderation/<int:pk>/", voice_moderate, name="voice_moderate"),
]
