"""Writes on cases. Each function enforces one rule, runs in one transaction, and raises
domain exceptions with Danish-first messages."""

import io
import warnings

from django.contrib.postgres.search import SearchVector
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.db.models import F
from django.db.models.functions import Length
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from samskabelse.exceptions import PermissionDenied
from samskabelse.models import Organisation
from samskabelse.text import danish_slugify

from .attachments import detect_kind
from .caching import bump_cases_version
from .models import (
    Attachment,
    Case,
    CasePartner,
    CaseRevision,
    CaseSlugRedirect,
    CitizenVoice,
    JournalEntry,
    Photo,
    Quote,
    Visibility,
    VoiceStatus,
)
from .selectors import can_change_journal_entry, can_edit_case, can_see_journal
from .webhooks import publish_case_change

MAX_PHOTO_BYTES = 10 * 1024 * 1024
# A few kB of PNG can claim 30000×30000 pixels: decoding it would take gigabytes of memory.
MAX_PHOTO_PIXELS = 40_000_000
PHOTO_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
TRACKED_FIELDS = None  # computed lazily: every concrete, editable field of Case


def _tracked_fields():
    global TRACKED_FIELDS
    if TRACKED_FIELDS is None:
        TRACKED_FIELDS = [
            field.name
            for field in Case._meta.concrete_fields
            if field.editable and field.name not in {"id", "updated_by", "created_by"}
        ]
    return TRACKED_FIELDS


# Addresses under /cases/ that are pages, not cases (and /api/v1/cases/export/).
RESERVED_SLUGS = {"new", "toolbox", "voices", "overview", "catalogues", "export"}


def unique_slug(title, *, exclude_pk=None):
    """The case's address name, Danish letters spelt out as events do; never one another
    case has or had (old addresses keep redirecting to their case)."""
    base = danish_slugify(title)[:200] or "case"
    if base in RESERVED_SLUGS:
        base = f"{base}-case"
    slug, n = base, 2
    while (
        Case.objects.filter(slug=slug).exclude(pk=exclude_pk).exists()
        or CaseSlugRedirect.objects.filter(old_slug=slug).exclude(case_id=exclude_pk).exists()
    ):
        slug, n = f"{base}-{n}", n + 1
    return slug


def refresh_search_vectors(queryset):
    """Rebuild the Danish full-text document (PostgreSQL only) in one UPDATE. Every save
    of a case does this through a signal (signals.py); bulk inserts call it themselves."""
    if connection.vendor == "postgresql":
        queryset.update(
            search_vector=SearchVector("title", weight="A", config="danish")
            + SearchVector("summary", weight="B", config="danish")
            + SearchVector("unit", "story", "learnings", weight="C", config="danish")
        )


def touch_cases(*case_ids):
    """Mark cases as changed when something shown on them changes (a photo, a case that
    spread from them), so their Last-Modified and ETag move and caches refetch."""
    ids = [pk for pk in case_ids if pk]
    if ids:
        Case.objects.filter(pk__in=ids).update(updated_at=timezone.now())
        bump_cases_version()


def create_case(
    *, user, municipality, consultants=(), principles=(), grips=(), partners=(), **fields
):
    """A consultant creates a case for their own municipality (admins for any), with its
    partners if known: each a dict of organisation_name, kind and role, as add_partner."""
    case = Case(municipality=municipality, created_by=user, updated_by=user, **fields)
    if not can_edit_case(user, case):
        raise PermissionDenied(_("Only consultants of the municipality can create its cases."))
    case.slug = case.slug or unique_slug(case.title)
    with transaction.atomic():
        case.full_clean()
        case.save()
        case.consultants.set(consultants or [user])
        case.principles.set(principles)
        case.grips.set(grips)
        for partner in partners:
            _attach_partner(case=case, **partner)
        CaseRevision.objects.create(case=case, changed_by=user, changed_fields=["created"])
        # The case it spread from is touched by the save (projects.signals.touch_its_origin).
        publish_case_change(case, was_public=False)
    return case


def update_case(*, user, case, **changes):
    """Only consultants of the case's municipality (or admins) edit; every change records
    who and when, and which fields changed."""
    if not can_edit_case(user, case):
        raise PermissionDenied(_("Only consultants of the case's municipality can edit it."))
    previous_source = case.spread_from_id
    was_public = case.visibility == Visibility.OFFENTLIG
    many = {
        name: changes.pop(name)
        for name in ("consultants", "principles", "grips")
        if name in changes
    }
    changed = [name for name, value in changes.items() if getattr(case, name) != value]
    if "municipality" in changes and changes["municipality"] != case.municipality:
        probe = Case(municipality=changes["municipality"])
        if not can_edit_case(user, probe):
            raise PermissionDenied(_("You cannot move a case to another municipality."))
    with transaction.atomic():
        for name, value in changes.items():
            setattr(case, name, value)
        case.updated_by = user
        case.full_clean()
        case.save()
        for name, values in many.items():
            manager = getattr(case, name)
            before = set(manager.values_list("pk", flat=True))
            manager.set(values)
            if before != {getattr(v, "pk", v) for v in values}:
                changed.append(name)
        if changed:
            CaseRevision.objects.create(case=case, changed_by=user, changed_fields=changed)
        if "spread_from" in changed:
            # The new source was touched by the save (projects.signals.touch_its_origin).
            touch_cases(previous_source)
        publish_case_change(case, was_public=was_public, changed=bool(changed))
    return case


def add_journal_entry(*, user, case, date, kind, text):
    """Staff who may edit the case log it."""
    if not (can_edit_case(user, case) or (case.consultants.filter(pk=user.pk).exists())):
        raise PermissionDenied(_("Only the case's consultants can write in its journal."))
    if not can_see_journal(user, case):
        raise PermissionDenied(_("Only staff can write in the journal."))
    entry = JournalEntry(case=case, date=date, kind=kind, text=text, author=user)
    entry.full_clean()
    entry.save()
    return entry


def clean_photo(upload):
    """Accept JPEG, PNG and WebP up to 10 MB that really are images; re-encode them so
    location (EXIF/GPS) and other metadata are dropped. Returns a new upload."""
    if upload.size > MAX_PHOTO_BYTES:
        raise ValidationError({"image": _("The photo is larger than 10 MB.")})
    too_many_pixels = ValidationError(
        {"image": _("The photo has more than 40 megapixels. Make it smaller and try again.")}
    )
    try:
        with warnings.catch_warnings():
            # Pillow's own bomb check only warns below twice its limit: refuse those too.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as probe:
                # The size is in the header: checked before a single pixel is decoded.
                if probe.width * probe.height > MAX_PHOTO_PIXELS:
                    raise too_many_pixels
                probe.verify()
            upload.seek(0)
            image = Image.open(upload)
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise too_many_pixels from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ValidationError({"image": _("The file is not a valid image.")}) from exc
    if image.format not in PHOTO_FORMATS:
        raise ValidationError({"image": _("Only JPEG, PNG and WebP images are accepted.")})
    fmt = image.format
    if fmt == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    # A new image from the pixels alone: EXIF (with GPS), XMP and comments stay behind.
    clean = Image.frombytes(image.mode, image.size, image.tobytes())
    if image.mode == "P":
        clean.putpalette(image.getpalette())
    buffer = io.BytesIO()
    clean.save(buffer, format=fmt, **({"quality": 88} if fmt in ("JPEG", "WEBP") else {}))
    extension = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}[fmt]
    name = f"{slugify(upload.name.rsplit('.', 1)[0])[:60] or 'foto'}.{extension}"
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=PHOTO_FORMATS[fmt])


def add_photo(*, user, case, image, alt_text, caption="", people_consent=False):
    """Photos need alt text; location metadata is stripped before the file is stored."""
    if not can_edit_case(user, case):
        raise PermissionDenied(_("Only consultants of the case's municipality can add photos."))
    photo = Photo(
        case=case,
        image=clean_photo(image),
        alt_text=alt_text,
        caption=caption,
        people_consent_at=timezone.now() if people_consent else None,
        uploaded_by=user,
    )
    with transaction.atomic():
        photo.full_clean()
        photo.save()
        touch_cases(case.pk)
    return photo


def add_quote(*, user, case, text, speaker_role, speaker_name="", name_consent=False):
    """A quote names its speaker only with recorded consent."""
    if not can_edit_case(user, case):
        raise PermissionDenied(_("Only consultants of the case's municipality can add quotes."))
    if speaker_name and not name_consent:
        raise ValidationError(
            {"name_consent": _("A name is shown only when the speaker has agreed to it.")}
        )
    quote = Quote(
        case=case,
        text=text,
        speaker_role=speaker_role,
        speaker_name=speaker_name if name_consent else "",
        name_consent_at=timezone.now() if name_consent and speaker_name else None,
    )
    with transaction.atomic():
        quote.full_clean()
        quote.save()
        touch_cases(case.pk)
    return quote


def organisation_named(name):
    """The known organisation with this name in any letter case ("ældre sagen" is Ældre
    Sagen). SQLite folds only ASCII case, so other names are compared in Python."""
    candidates = Organisation.objects.order_by(F("municipality_id").asc(nulls_last=True))
    found = candidates.filter(name__iexact=name).first()
    if found is None and not name.isascii():
        same_length = candidates.annotate(length=Length("name")).filter(length=len(name))
        found = next((o for o in same_length if o.name.casefold() == name.casefold()), None)
    return found


def add_partner(*, user, case, organisation_name, kind, role):
    """A partner is an organisation with a role; an organisation new to the platform is
    created, one already known (same name, any case) is reused."""
    if not can_edit_case(user, case):
        raise PermissionDenied(_("Only consultants of the case's municipality can add partners."))
    with transaction.atomic():
        partner = _attach_partner(
            case=case, organisation_name=organisation_name, kind=kind, role=role
        )
        touch_cases(case.pk)
    return partner


def _attach_partner(*, case, organisation_name, kind, role):
    name = " ".join(organisation_name.split())
    with transaction.atomic():
        organisation = organisation_named(name)
        if organisation is None:
            organisation = Organisation(name=name, kind=kind)
            organisation.full_clean()
            organisation.save()
        if case.case_partners.filter(organisation=organisation).exists():
            raise ValidationError(
                {"organisation_name": _("%(name)s is already a partner.") % {"name": name}}
            )
        partner = CasePartner(case=case, organisation=organisation, role=role)
        partner.full_clean()
        partner.save()
    return partner


# --- Keeping a case tidy: edit and delete what hangs on it ------------------------------
# Each change is a line in the case's history (CaseRevision.changed_fields holds what was
# done, e.g. "quote.deleted"; the case page names it in words).


def _record(*, user, case, what):
    CaseRevision.objects.create(case=case, changed_by=user, changed_fields=[what])
    touch_cases(case.pk)


def _require_case_editor(user, case):
    if not can_edit_case(user, case):
        raise PermissionDenied(_("Only consultants of the case's municipality can change it."))


def update_journal_entry(*, user, entry, date, kind, text):
    """A note is changed by its author or by the consultants of the case's municipality."""
    if not can_change_journal_entry(user, entry):
        raise PermissionDenied(_("Only the author or the case's consultants can change a note."))
    entry.date, entry.kind, entry.text = date, kind, text
    with transaction.atomic():
        entry.full_clean()
        entry.save()
        _record(user=user, case=entry.case, what="journal.changed")
    return entry


def delete_journal_entry(*, user, entry):
    """A note is deleted by its author or by the consultants of the case's municipality."""
    if not can_change_journal_entry(user, entry):
        raise PermissionDenied(_("Only the author or the case's consultants can delete a note."))
    with transaction.atomic():
        entry.delete()  # its attachments with it, files too (signals.py)
        _record(user=user, case=entry.case, what="journal.deleted")


def update_quote(*, user, quote, text, speaker_role, speaker_name="", name_consent=False):
    """The same rule as adding: a name only with recorded consent."""
    _require_case_editor(user, quote.case)
    if speaker_name and not name_consent:
        raise ValidationError(
            {"name_consent": _("A name is shown only when the speaker has agreed to it.")}
        )
    keep_consent = quote.name_consent_at if quote.speaker_name == speaker_name else None
    quote.text, quote.speaker_role = text, speaker_role
    quote.speaker_name = speaker_name if name_consent else ""
    quote.name_consent_at = (keep_consent or timezone.now()) if quote.speaker_name else None
    with transaction.atomic():
        quote.full_clean()
        quote.save()
        _record(user=user, case=quote.case, what="quote.changed")
    return quote


def delete_quote(*, user, quote):
    _require_case_editor(user, quote.case)
    with transaction.atomic():
        quote.delete()
        _record(user=user, case=quote.case, what="quote.deleted")


def update_photo(*, user, photo, alt_text, caption="", people_consent=False):
    """Alt text stays required; the consent time is kept while consent stays given."""
    _require_case_editor(user, photo.case)
    photo.alt_text, photo.caption = alt_text, caption
    if not people_consent:
        photo.people_consent_at = None
    elif photo.people_consent_at is None:
        photo.people_consent_at = timezone.now()
    with transaction.atomic():
        photo.full_clean()
        photo.save()
        _record(user=user, case=photo.case, what="photo.changed")
    return photo


def delete_photo(*, user, photo):
    """A deleted photo leaves no file behind (signals.py deletes it on commit)."""
    _require_case_editor(user, photo.case)
    with transaction.atomic():
        photo.delete()
        _record(user=user, case=photo.case, what="photo.deleted")


def update_partner(*, user, partner, role):
    _require_case_editor(user, partner.case)
    partner.role = role
    with transaction.atomic():
        partner.full_clean()
        partner.save()
        _record(user=user, case=partner.case, what="partner.changed")
    return partner


def delete_partner(*, user, partner):
    """The organisation stays on the platform; only its part in this case ends."""
    _require_case_editor(user, partner.case)
    with transaction.atomic():
        partner.delete()
        _record(user=user, case=partner.case, what="partner.deleted")


def add_attachment(*, user, case, file, title="", journal_entry=None):
    """PDF, DOCX, XLSX or ODT up to 20 MB, recognised by content, not by name; attached
    by the case's consultants, or to a note by whoever may change that note."""
    if journal_entry is not None:
        allowed = journal_entry.case_id == case.pk and can_change_journal_entry(user, journal_entry)
    else:
        allowed = can_edit_case(user, case)
    if not allowed:
        raise PermissionDenied(_("Only consultants of the case's municipality can attach files."))
    extension, content_type = detect_kind(file)
    stem = file.name.rsplit(".", 1)[0]
    file.name = f"{danish_slugify(stem)[:60] or 'fil'}.{extension}"
    attachment = Attachment(
        case=case,
        journal_entry=journal_entry,
        file=file,
        title=title or stem[:200],
        content_type=content_type,
        size=file.size,
        uploaded_by=user,
    )
    with transaction.atomic():
        attachment.full_clean()
        attachment.save()
        _record(user=user, case=case, what="attachment.added")
    return attachment


def delete_attachment(*, user, attachment):
    """A deleted attachment leaves no file behind (signals.py deletes it on commit)."""
    _require_case_editor(user, attachment.case)
    with transaction.atomic():
        attachment.delete()
        _record(user=user, case=attachment.case, what="attachment.deleted")


CONSENT_VERSION = "2026-12"  # asks age group and local area, never shown per voice


def submit_voice(*, text, consent, role="", age_group="", local_area=None, municipality=None):
    """A citizen's voice waits for moderation; without consent nothing is stored.

    A local area must lie in the chosen municipality (CitizenVoice.clean); a local area
    alone tells the municipality. No free-text place is asked any more: not an address.
    """
    if not consent:
        raise ValidationError({"consent": _("We need your consent to store your voice.")})
    if local_area is not None and municipality is None:
        municipality = local_area.municipality
    voice = CitizenVoice(
        text=text,
        role=role,
        age_group=age_group,
        local_area=local_area,
        municipality=municipality,
        consent_at=timezone.now(),
        consent_version=CONSENT_VERSION,
    )
    voice.full_clean()
    voice.save()
    return voice


def moderate_voice(*, user, voice, approve, themes=()):
    """Staff approve (with themes) or reject a voice."""
    if not (user.is_authenticated and user.is_staff):
        raise PermissionDenied()
    with transaction.atomic():
        voice.status = VoiceStatus.APPROVED if approve else VoiceStatus.REJECTED
        voice.moderated_by = user
        voice.moderated_at = timezone.now()
        voice.save()
        voice.themes.set(themes if approve else [])
    return voice
