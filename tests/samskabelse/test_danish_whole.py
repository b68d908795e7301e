"""Danish, whole: every page, for every role, reads in Danish.

The test walks every URL pattern in the URLconf, builds each URL from factory objects,
renders it as anonymous, konsulent, arrangør, netværkskoordinator and admin, and fails on
any English word in the page's visible text that can only come from an untranslated
string: the sentinel words are the words of the catalogue's English msgids that no Danish
msgstr uses (so "Send", "status" or "Facilitering", which Danish shares, never count).
A new URL pattern with arguments fails the test until it is given arguments below."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from events.models import Speaker, Subscriber
from events.privacy.services import link_token
from network.models import MembershipRequest
from projects.catalogue.services import save_catalogue
from projects.models import Attachment, CasePartner, PartnerRole, Photo, Visibility
from samskabelse.sso.models import IdentityProvider
from tests.factories import (
    CaseFactory,
    CitizenVoiceFactory,
    ExperimentFactory,
    GripFactory,
    JournalEntryFactory,
    MeetingFactory,
    MembershipFactory,
    NetworkFactory,
    OccurrenceFactory,
    OrganisationFactory,
    PersonFactory,
    QuoteFactory,
    RegistrationFactory,
    UserFactory,
    admin_user,
    consultant,
    coordinator,
    municipality,
    organiser,
)

pytestmark = pytest.mark.django_db

PO = Path(__file__).resolve().parents[2] / "locale" / "da" / "LC_MESSAGES" / "django.po"
WORD = re.compile(r"[A-Za-zÆØÅæøå]+")

# Not pages a person reads in a browser, or answered by a library in its own words.
SKIPPED_PREFIXES = ("admin/", "api/", "media/", "i18n/")
SKIPPED_NAMES = {
    "healthz",
    "logout",
    "events_feed",
    "events:occurrence_ics",
    "events:manage_calendar",
    "events:my_data_download",
    "events:organiser_export",
    # The catalogue as a PDF, and its build's progress as JSON.
    "projects:catalogue:pdf",
    "projects:catalogue:pdf_status",
}
# Dates the date filter left in English (the Danish names differ from these).
ENGLISH_DATE_WORDS = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "january", "february", "march", "june", "july", "october",
}  # fmt: skip
ROLES = ["anonymous", "konsulent", "arrangør", "netværkskoordinator", "admin"]


# --- The sentinel words --------------------------------------------------------------------


def _catalogue():
    """[(msgid, msgstr)] of the Danish catalogue, plural forms joined."""
    entries = []
    for block in PO.read_text(encoding="utf-8").split("\n\n"):
        msgid, msgstr, current = [], [], None
        for line in block.splitlines():
            if line.startswith("#"):
                continue
            if line.startswith(("msgid ", "msgid_plural ")):
                current = msgid
            elif line.startswith("msgstr"):
                current = msgstr
            if current is not None and '"' in line:
                current.append(line[line.index('"') + 1 : -1])
        entries.append(("".join(msgid), "".join(msgstr)))
    return entries


def sentinel_words():
    """Lower-cased English words of at least four letters found in msgids and never in a
    Danish msgstr: seen on a Danish page, they can only come from an untranslated string."""
    english, danish = set(), set()
    for msgid, msgstr in _catalogue():
        english.update(word.lower() for word in WORD.findall(re.sub(r"%\(\w+\)s", "", msgid)))
        danish.update(word.lower() for word in WORD.findall(msgstr))
    return {word for word in english - danish if len(word) >= 4} | ENGLISH_DATE_WORDS


class VisibleText(HTMLParser):
    """The text a reader sees: no attribute values, scripts, styles or passages marked as
    another language (the language switcher's "English")."""

    HIDDEN = {"script", "style", "template"}
    VOID = {"br", "hr", "img", "input", "meta", "link", "source", "area", "col", "wbr"}

    def __init__(self):
        super().__init__()
        self.stack = []  # (tag, hidden)
        self.parts = []

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        lang = dict(attrs).get("lang")
        hidden = tag in self.HIDDEN or (lang is not None and not lang.startswith("da"))
        parent_hidden = bool(self.stack) and self.stack[-1][1]
        self.stack.append((tag, hidden or parent_hidden))

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data):
        if not (self.stack and self.stack[-1][1]):
            self.parts.append(data)


def visible_text(html):
    parser = VisibleText()
    parser.feed(html)
    return " ".join(parser.parts)


def english_words(html, sentinels):
    return sorted({word for word in WORD.findall(visible_text(html)) if word.lower() in sentinels})


def test_sentinel_words_are_english_and_spare_words_danish_shares():
    sentinels = sentinel_words()
    assert {"change", "seats", "photo", "added", "message"} <= sentinels
    assert not {"send", "status", "facilitering", "samskabelse"} & sentinels


def test_visible_text_leaves_out_attributes_scripts_and_other_languages():
    html = (
        '<p title="Change seats">Ændr <b>pladser</b></p><script>var added = 1;</script>'
        '<a lang="en" href="/">English</a>'
    )
    assert visible_text(html).split() == ["Ændr", "pladser"]


# --- Every URL pattern, for every role -----------------------------------------------------


@pytest.fixture
def world():
    """One object behind every URL argument, and a user in each role who may act on it."""
    users = {
        "konsulent": consultant("376"),
        "arrangør": organiser(),
        "netværkskoordinator": coordinator(),
        "admin": admin_user(),
    }
    case = CaseFactory(municipality=municipality("376"), visibility=Visibility.OFFENTLIG)
    case.consultants.add(users["konsulent"])
    # A spreading trail on the case page (and the overview): from a case, to a draft
    # elsewhere that only some roles see, and on to a case in another municipality.
    hidden = CaseFactory(spread_from=case, visibility=Visibility.KLADDE)
    CaseFactory(spread_from=hidden, municipality=municipality("316"))
    entry = JournalEntryFactory(case=case)
    quote = QuoteFactory(case=case)
    photo = Photo.objects.create(case=case, image="cases/2026/haven.png", alt_text="Haven")
    partner = CasePartner.objects.create(
        case=case, organisation=OrganisationFactory(), role=PartnerRole.values[0]
    )
    attachment = Attachment.objects.create(
        case=case,
        file="attachments/2026/plan.pdf",
        title="Handleplan",
        content_type="application/pdf",
        size=1024,
    )
    grip = GripFactory()
    case.grips.add(grip)
    voice = CitizenVoiceFactory(municipality=municipality("376"))
    network = NetworkFactory()
    network.coordinators.add(users["netværkskoordinator"])
    MembershipFactory(network=network)
    meeting = MeetingFactory(
        network=network, is_public=True, minutes="## Referat\n\nVi aftalte næste skridt."
    )
    experiment = ExperimentFactory(network=network)
    join_request = MembershipRequest.objects.create(
        network=network,
        name="Varde Kommune",
        email="samskabelse@varde.dk",
        municipality=municipality("573"),
        consent_at=timezone.now(),
    )
    person = PersonFactory()
    occurrence = OccurrenceFactory()
    event = occurrence.event
    event.managers.add(users["arrangør"])
    registration = RegistrationFactory(occurrence=occurrence)
    colleague = RegistrationFactory(occurrence=occurrence, registered_by=registration)
    speaker = Speaker.objects.create(event=event, name="Vibeke", talk_title="Playmakeren")
    subscriber = Subscriber.objects.create(email="nyhed@kommune.dk", consent_version="2026-11")
    reset_user = UserFactory()
    # Nothing listens on port 9: the callback shows the login page with the Danish error.
    sso = IdentityProvider.objects.create(
        slug="guldborgsund", municipality=municipality("376"), issuer="https://127.0.0.1:9/o"
    )
    arguments = {
        "password_reset_confirm": {
            "uidb64": urlsafe_base64_encode(force_bytes(reset_user.pk)),
            "token": default_token_generator.make_token(reset_user),
        },
        "projects:grip": {"slug": grip.slug},
        "projects:voice_moderate": {"pk": voice.pk},
        "projects:overview": {"kommunekode": "376"},
        "network:person": {"slug": person.slug},
        "network:person_remove": {"slug": person.slug},
        "network:accept_request": {"slug": network.slug, "request_id": join_request.pk},
        "network:decline_request": {"slug": network.slug, "request_id": join_request.pk},
        "network:meeting": {"slug": network.slug, "meeting_id": meeting.pk},
        "network:meeting_edit": {"slug": network.slug, "meeting_id": meeting.pk},
        "network:paradox_create": {"slug": network.slug, "meeting_id": meeting.pk},
        "network:experiment": {"slug": network.slug, "experiment_id": experiment.pk},
        "network:experiment_edit": {"slug": network.slug, "experiment_id": experiment.pk},
        "events:newsletter_confirm": {"token": subscriber.token},
        "events:newsletter_unsubscribe": {"token": subscriber.token},
        "events:receipt": {"token": registration.manage_token},
        "events:manage": {"token": registration.manage_token},
        "events:cancel": {"token": registration.manage_token},
        "events:change_details": {"token": registration.manage_token},
        "events:add_colleague": {"token": registration.manage_token},
        "events:remove_colleague": {"token": registration.manage_token, "member_id": colleague.pk},
        "events:my_data": {"token": link_token(registration.email)},
        "events:my_data_erase": {"token": link_token(registration.email)},
        "events:organiser_event": {"pk": event.pk},
        "events:organiser_speaker_add": {"pk": event.pk},
        "events:organiser_occurrence_create": {"pk": event.pk},
        "events:organiser_speaker_remove": {"pk": speaker.pk},
        "events:organiser_participants": {"pk": occurrence.pk},
        "events:organiser_check_in": {"pk": occurrence.pk},
        "events:organiser_occurrence_cancel": {"pk": occurrence.pk},
        "events:organiser_check_in_registration": {"pk": registration.pk},
        "events:organiser_occurrence_action": [
            {"pk": occurrence.pk, "action": action} for action in ("details", "capacity", "move")
        ],
        "events:organiser_bulk": {"pk": occurrence.pk},
        "events:organiser_participant_add": {"pk": occurrence.pk},
        "events:organiser_participant_edit": {"pk": registration.pk},
        "events:organiser_undo_check_in": {"pk": registration.pk},
        "events:organiser_message": {"pk": occurrence.pk},
        "events:organiser_print": [
            {"pk": occurrence.pk, "kind": kind} for kind in ("attendance", "badges")
        ],
        "events:event": {"slug": event.slug},
        "events:register": {"slug": event.slug, "occurrence_id": occurrence.pk},
        "sso:callback": {"slug": sso.slug},
    }
    catalogue = save_catalogue(
        user=users["konsulent"], title="Katalog", case_ids=[case.pk], is_public=True
    )
    for name in ("detail", "edit", "delete"):
        arguments[f"projects:catalogue:{name}"] = {"pk": catalogue.pk}
    for name in (
        "case",
        "case_edit",
        "journal_add",
        "photo_add",
        "quote_add",
        "partner_add",
        "attachment_add",
    ):
        arguments[f"projects:{name}"] = {"slug": case.slug}
    for kind, item in (
        ("journal", entry),
        ("photo", photo),
        ("quote", quote),
        ("partner", partner),
        ("attachment", attachment),
    ):
        for action in ("edit", "delete"):
            if kind != "attachment" or action == "delete":
                arguments[f"projects:{kind}_{action}"] = {"slug": case.slug, "pk": item.pk}
    for name in (
        "join",
        "join_received",
        "requests",
        "promote_request",
        "network",
        "meeting_create",
        "experiment_create",
    ):
        arguments[f"network:{name}"] = {"slug": network.slug}
    return users, arguments


def url_patterns(patterns=None, prefix="", namespace=None):
    """(route, name, takes arguments) of every pattern, with included URLconfs walked."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from url_patterns(pattern.url_patterns, route, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield route, name, bool(pattern.pattern.regex.groupindex)


def urls_to_visit(arguments):
    urls, missing = set(), []
    for route, name, takes_arguments in url_patterns():
        if route.lstrip("^").startswith(SKIPPED_PREFIXES) or name in SKIPPED_NAMES:
            continue
        if not takes_arguments:
            urls.add(reverse(name))
        elif name in arguments:
            given = arguments[name]
            for kwargs in given if isinstance(given, list) else [given]:
                urls.add(reverse(name, kwargs=kwargs))
        else:
            missing.append(f"{name} ({route})")
    return sorted(urls), missing


def test_every_page_reads_in_danish_for_every_role(client, world):
    users, arguments = world
    urls, missing = urls_to_visit(arguments)
    assert not missing, f"Give these URL patterns arguments in this test: {missing}"
    sentinels = sentinel_words()
    english = []
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(users[role])
        for url in urls:
            response = client.get(url, follow=True)
            if "text/html" not in response.get("Content-Type", ""):
                continue
            words = english_words(response.content.decode(), sentinels)
            if words:
                english.append(f"{role} {url} ({response.status_code}): {', '.join(words)}")
    assert not english, "English words on Danish pages:\n" + "\n".join(english)
