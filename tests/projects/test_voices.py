"""Borgernes Stemmer: the public form with consent and spam protection, the staff moderation
queue, and the public pattern page."""

import re

import pytest
from django.urls import reverse

from projects.models import CitizenVoice, VoiceStatus
from projects.services import moderate_voice, submit_voice
from projects.voices.views import SUBMISSIONS_PER_WINDOW, VOICES_PER_MODERATION_PAGE
from tests.factories import (
    CitizenVoiceFactory,
    UserFactory,
    VoiceThemeFactory,
    admin_user,
    consultant,
    municipality,
)

pytestmark = pytest.mark.django_db

FORM_URL = reverse("projects:voice_form")
THANKS_URL = reverse("projects:voice_thanks")
PATTERNS_URL = reverse("projects:voices")
QUEUE_URL = reverse("projects:voice_moderation")


def voice_data(**overrides):
    data = {
        "text": "Det gode liv er, når naboerne hilser på hinanden.",
        "role": "forælder",
        "age_group": "30-49",
        "area": "Horbelev",
        "municipality": "376",
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def send_voice(client, ip="192.0.2.10", **overrides):
    return client.post(FORM_URL, voice_data(**overrides), REMOTE_ADDR=ip)


def pending_voice(text="Vi mangler et sted at mødes om aftenen."):
    return submit_voice(text=text, consent=True, role="forælder")


def decide(client, voice, decision, themes=()):
    prefix = f"voice-{voice.pk}"
    return client.post(
        reverse("projects:voice_moderate", args=[voice.pk]),
        {f"{prefix}-decision": decision, f"{prefix}-themes": [theme.pk for theme in themes]},
    )


def log_in(client, user):
    client.force_login(user)
    return user


def theme_counts_on_pattern_page(client):
    chart = client.get(PATTERNS_URL).context["chart"]
    return {bar.key: bar.value for bar in chart.bars}


def texts_on_pattern_page(client):
    response = client.get(PATTERNS_URL)
    sections = response.context["sections"]
    shown = [voice for _theme, voices in sections for voice in voices]
    shown += response.context["voices_without_theme"]
    return {voice.text for voice in shown}


# --- The public form ----------------------------------------------------------------------


def test_voice_form_asks_for_no_name_and_no_email(client):
    response = client.get(FORM_URL)

    assert response.status_code == 200
    fields = set(response.context["form"].fields)
    assert fields == {
        "text",
        "role",
        "age_group",
        "local_area",
        "municipality",
        "consent",
        "website",
    }


def test_voice_with_consent_is_stored_awaiting_moderation_and_the_citizen_is_thanked(client):
    response = send_voice(client)

    assert response.status_code == 302
    assert response["Location"] == THANKS_URL
    voice = CitizenVoice.objects.get()
    assert voice.status == VoiceStatus.PENDING
    assert voice.municipality.code == "376"
    assert voice.age_group == "30-49"
    assert voice.consent_at is not None
    assert client.get(THANKS_URL).status_code == 200


def test_voice_without_consent_stores_nothing_and_shows_an_error(client):
    response = send_voice(client, consent=None)

    assert response.status_code == 200
    assert "consent" in response.context["form"].errors
    assert b'class="field__errors"' in response.content
    assert not CitizenVoice.objects.exists()


def test_voice_without_text_stores_nothing(client):
    response = send_voice(client, text="   ")

    assert "text" in response.context["form"].errors
    assert not CitizenVoice.objects.exists()


def test_voice_longer_than_2000_characters_is_refused(client):
    response = send_voice(client, text="a" * 2001)

    assert "text" in response.context["form"].errors
    assert not CitizenVoice.objects.exists()


def test_filled_honeypot_stores_nothing_but_looks_like_a_normal_receipt(client):
    response = send_voice(client, website="https://spam.example")

    assert response.status_code == 302
    assert response["Location"] == THANKS_URL
    assert not CitizenVoice.objects.exists()


def test_honeypot_is_hidden_by_css_and_skipped_by_keyboard_and_autofill(client):
    html = client.get(FORM_URL).content.decode()

    honeypot = re.search(r'<input[^>]*name="website"[^>]*>', html).group()
    assert 'tabindex="-1"' in honeypot
    assert 'autocomplete="off"' in honeypot
    assert html.index('class="voice-form__extra"') < html.index(honeypot)
    assert html.index(honeypot) < html.index('name="consent"')


def test_sixth_voice_from_one_address_within_ten_minutes_is_refused_and_not_stored(client):
    for _ in range(SUBMISSIONS_PER_WINDOW):
        assert send_voice(client).status_code == 302

    response = send_voice(client)

    assert response.status_code == 429
    assert response.context["form"].non_field_errors()
    assert CitizenVoice.objects.count() == SUBMISSIONS_PER_WINDOW


def test_rate_limit_counts_each_address_on_its_own(client):
    for _ in range(SUBMISSIONS_PER_WINDOW):
        send_voice(client, ip="192.0.2.10")

    assert send_voice(client, ip="198.51.100.7").status_code == 302
    assert CitizenVoice.objects.count() == SUBMISSIONS_PER_WINDOW + 1


def test_a_form_with_errors_does_not_use_up_the_rate_limit(client):
    for _ in range(SUBMISSIONS_PER_WINDOW + 2):
        send_voice(client, consent=None)

    assert send_voice(client).status_code == 302


# --- The pattern page ---------------------------------------------------------------------


def test_pattern_page_shows_an_empty_state_when_nothing_is_approved(client):
    pending_voice()

    response = client.get(PATTERNS_URL)

    assert response.status_code == 200
    assert response.context["has_voices"] is False
    assert b'class="empty-state"' in response.content


def test_pending_voices_are_not_on_the_pattern_page(client):
    pending_voice("Endnu ikke læst af nogen.")

    response = client.get(PATTERNS_URL)

    assert "Endnu ikke læst af nogen." not in response.content.decode()


def test_approving_with_themes_shows_the_voice_and_the_theme_counts_on_the_pattern_page(client):
    staff = log_in(client, consultant())
    fællesskab = VoiceThemeFactory(name="Aktivt medborgerskab", slug="aktivt-medborgerskab")
    baghave = VoiceThemeFactory(name="Spirende baghave", slug="spirende-baghave")
    first, second = pending_voice("Flere bænke ved åen."), pending_voice("En fælles køkkenhave.")
    decide(client, first, "approve", themes=[fællesskab, baghave])
    moderate_voice(user=staff, voice=second, approve=True, themes=[fællesskab])
    client.logout()

    response = client.get(PATTERNS_URL)

    assert theme_counts_on_pattern_page(client) == {
        "aktivt-medborgerskab": 2,
        "spirende-baghave": 1,
    }
    html = response.content.decode()
    assert 'role="img"' in html
    assert "<td>2</td>" in html
    assert "Flere bænke ved åen." in html
    assert "En fælles køkkenhave." in html


def test_approved_voice_without_themes_is_still_shown(client):
    moderate_voice(user=consultant(), voice=pending_voice("Uden tema."), approve=True)

    assert texts_on_pattern_page(client) == {"Uden tema."}


def test_rejected_voice_is_not_shown_on_the_pattern_page(client):
    log_in(client, consultant())
    voice = pending_voice("Det her skal ikke vises.")

    decide(client, voice, "reject", themes=[VoiceThemeFactory()])

    voice.refresh_from_db()
    assert voice.status == VoiceStatus.REJECTED
    assert not voice.themes.exists()
    assert "Det her skal ikke vises." not in client.get(PATTERNS_URL).content.decode()


def test_html_in_voice_text_is_escaped_on_the_pattern_page_and_in_the_queue(client):
    text = '<script>alert("x")</script><b>fed</b>'
    staff = log_in(client, consultant())
    pending_voice(text)

    queue_html = client.get(QUEUE_URL).content.decode()
    moderate_voice(user=staff, voice=CitizenVoice.objects.get(), approve=True)
    pattern_html = client.get(PATTERNS_URL).content.decode()

    for html in (queue_html, pattern_html):
        assert "<script>alert" not in html
        assert "<b>fed</b>" not in html
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;b&gt;fed&lt;/b&gt;" in html


def test_pattern_page_shows_role_and_municipality_but_never_age_group_or_area(client):
    voice = submit_voice(
        text="Et trygt sted.",
        consent=True,
        role="pensionist",
        age_group="67+",
        municipality=municipality("376"),
    )
    moderate_voice(user=consultant(), voice=voice, approve=True)

    shown = client.get(PATTERNS_URL).context["voices_without_theme"][0]

    assert shown.byline == "pensionist, Guldborgsund"


# --- Moderation ---------------------------------------------------------------------------


def test_moderation_queue_sends_anonymous_visitors_to_log_in(client):
    response = client.get(QUEUE_URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_moderation_queue_is_forbidden_for_logged_in_citizens(client):
    log_in(client, UserFactory())

    assert client.get(QUEUE_URL).status_code == 403


def test_non_staff_cannot_approve_a_voice(client):
    log_in(client, UserFactory())
    voice = pending_voice()

    response = decide(client, voice, "approve")

    assert response.status_code == 403
    voice.refresh_from_db()
    assert voice.status == VoiceStatus.PENDING


def test_anonymous_visitor_cannot_approve_a_voice(client):
    voice = pending_voice()

    response = decide(client, voice, "approve")

    assert response.status_code == 302
    voice.refresh_from_db()
    assert voice.status == VoiceStatus.PENDING


@pytest.mark.parametrize("make_staff", [consultant, admin_user], ids=["consultant", "admin"])
def test_staff_see_pending_voices_oldest_first(client, make_staff):
    log_in(client, make_staff())
    oldest, newest = pending_voice("Først"), pending_voice("Sidst")
    moderate_voice(user=consultant(), voice=pending_voice("Allerede godkendt"), approve=True)

    response = client.get(QUEUE_URL)

    assert response.status_code == 200
    assert [voice for voice, _form in response.context["items"]] == [oldest, newest]


def test_moderation_queue_is_paginated(client):
    log_in(client, consultant())
    CitizenVoiceFactory.create_batch(VOICES_PER_MODERATION_PAGE + 3)

    first_page = client.get(QUEUE_URL)
    second_page = client.get(QUEUE_URL, {"page": 2})

    assert len(first_page.context["items"]) == VOICES_PER_MODERATION_PAGE
    assert len(second_page.context["items"]) == 3


def test_moderation_decision_is_post_only(client):
    log_in(client, consultant())
    voice = pending_voice()

    response = client.get(reverse("projects:voice_moderate", args=[voice.pk]))

    assert response.status_code == 405
    voice.refresh_from_db()
    assert voice.status == VoiceStatus.PENDING


def test_approval_records_who_moderated_and_returns_to_the_same_queue_page(client):
    staff = log_in(client, consultant())
    voice = pending_voice()
    prefix = f"voice-{voice.pk}"

    response = client.post(
        reverse("projects:voice_moderate", args=[voice.pk]),
        {f"{prefix}-decision": "approve", "page": "2"},
    )

    assert response["Location"] == f"{QUEUE_URL}?page=2"
    voice.refresh_from_db()
    assert voice.status == VoiceStatus.APPROVED
    assert voice.moderated_by == staff
    assert voice.moderated_at is not None


def test_a_voice_already_moderated_is_not_moderated_again(client):
    staff = consultant()
    voice = pending_voice()
    moderate_voice(user=staff, voice=voice, approve=False)
    log_in(client, consultant())

    decide(client, voice, "approve", themes=[VoiceThemeFactory()])

    voice.refresh_from_db()
    assert voice.status == VoiceStatus.REJECTED
    assert voice.moderated_by == staff


def test_a_decision_with_an_unknown_theme_changes_nothing(client):
    log_in(client, consultant())
    voice = pending_voice()
    prefix = f"voice-{voice.pk}"

    client.post(
        reverse("projects:voice_moderate", args=[voice.pk]),
        {f"{prefix}-decision": "approve", f"{prefix}-themes": ["999999"]},
    )

    voice.refresh_from_db()
    assert voice.status == VoiceStatus.PENDING
