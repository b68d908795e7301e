"""Reads of cases. Every page, API view, feed, search and count asks `cases_visible_to`,
so the visibility rule lives here and nowhere else."""

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import Count, F, Prefetch, Q

from .models import (
    Attachment,
    Case,
    CaseSlugRedirect,
    CitizenVoice,
    Grip,
    Visibility,
    VoiceStatus,
)


def visibility_filter(user):
    """Q for the cases a user may see:
    offentlig to everyone; intern to every logged-in staff member; kladde only to staff of
    the case's municipality and to its responsible consultants; admins see everything."""
    if user is None or not user.is_authenticated:
        return Q(visibility=Visibility.OFFENTLIG)
    if user.is_superuser:
        return Q()
    visible = Q(visibility=Visibility.OFFENTLIG) | Q(consultants=user)
    if user.is_staff:
        visible |= Q(visibility=Visibility.INTERN)
        if user.municipality_id:
            visible |= Q(visibility=Visibility.KLADDE, municipality_id=user.municipality_id)
    return visible


def cases_visible_to(user):
    """The cases `user` (anonymous, staff or admin) may see, ready for lists."""
    queryset = Case.objects.filter(visibility_filter(user))
    if user is not None and user.is_authenticated and not user.is_superuser:
        # The consultants join can repeat a row; keep the rows unique.
        queryset = Case.objects.filter(pk__in=queryset.values("pk"))
    return queryset.select_related("municipality")


def case_for_detail(*, user, slug):
    """One case with everything its page shows, or Case.DoesNotExist."""
    return (
        cases_visible_to(user)
        .select_related("spread_from", "created_by", "updated_by")
        .prefetch_related(
            "consultants",
            "principles",
            "grips",
            "case_partners__organisation",
            "quotes",
            "photos",
            Prefetch(
                "attachments",
                queryset=Attachment.objects.filter(journal_entry__isnull=True),
                to_attr="case_attachments",
            ),
        )
        .get(slug=slug)
    )


def renamed_case_slug(*, user, old_slug):
    """The current slug of the case that `user` may see and once had `old_slug`, or None."""
    redirect = CaseSlugRedirect.objects.filter(old_slug=old_slug).values("case_id").first()
    if redirect is None:
        return None
    return (
        cases_visible_to(user).filter(pk=redirect["case_id"]).values_list("slug", flat=True).first()
    )


# A search answers at most this many matches: the most recently changed ones, ranked. A word
# that is in a third of 100,000 cases would otherwise rank (and count) all of them on every
# request; a visitor who gets this many narrows the search instead.
SEARCH_MATCH_LIMIT = 200


def search_cases(queryset, query):
    """Danish full-text search, best match first (titles before summaries before stories),
    among the SEARCH_MATCH_LIMIT most recently changed matches; "frivillige" finds
    "frivillig" on PostgreSQL, a case-insensitive substring match does on SQLite."""
    query = (query or "").strip()
    if not query:
        return queryset
    if connection.vendor == "postgresql":
        search = SearchQuery(query, config="danish", search_type="websearch")
        matches = queryset.filter(search_vector=search)
    else:
        search = None
        condition = Q()
        for word in query.split():
            condition &= (
                Q(title__icontains=word) | Q(summary__icontains=word) | Q(story__icontains=word)
            )
        matches = queryset.filter(condition)
    recent = matches.order_by("-updated_at", "-pk").values("pk")[:SEARCH_MATCH_LIMIT]
    found = queryset.filter(pk__in=recent)
    if search is None:
        return found
    return found.annotate(rank=SearchRank(F("search_vector"), search)).order_by(
        "-rank", "-updated_at", "-pk"
    )


# The list page's filters (CaseFilterForm) and the lookups they stand for.
LIST_FILTER_LOOKUPS = {
    "municipality": "municipality",
    "track": "track",
    "welfare_area": "welfare_area",
    "status": "status",
    "principle": "principles",
    "step": "step",
}


def cases_listed(user, *, filters, query="", sort=""):
    """The cases of the list page (and of its downloads) for `user`: the valid filters of
    CaseFilterForm, the search, in the page's order (best match first for a search)."""
    cases = cases_visible_to(user).filter(
        **{LIST_FILTER_LOOKUPS[name]: value for name, value in filters.items()}
    )
    cases = search_cases(cases, query)
    if sort == "title":
        return cases.order_by("title", "pk")
    if not query:
        return cases.order_by("-updated_at", "-pk")
    return cases


def can_edit_case(user, case):
    """Only consultants of the case's municipality (or admins) edit."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return bool(
        user.is_staff
        and user.is_consultant
        and user.municipality_id
        and user.municipality_id == case.municipality_id
    )


def can_change_journal_entry(user, entry):
    """A journal note is edited or deleted by its author (while they are staff) and by the
    consultants of the case's municipality (or admins)."""
    if can_edit_case(user, entry.case):
        return True
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and entry.author_id == user.pk
        and can_see_journal(user, entry.case)
    )


def can_see_journal(user, case):
    """The journal is for staff only."""
    return bool(user is not None and user.is_authenticated and user.is_staff)


def counts_per_track(queryset):
    """{track: count} for the list page's summary, in one query."""
    return dict(queryset.order_by().values_list("track").annotate(n=Count("pk", distinct=True)))


def grips_with_cases(user):
    """The toolbox: each grip with the cases (visible to `user`) that use it."""
    from django.db.models import Prefetch

    return Grip.objects.prefetch_related(
        Prefetch("cases", queryset=cases_visible_to(user).order_by("title"))
    )


# --- Mit overblik -----------------------------------------------------------------------

START_PAGE_ROWS = 10


def cases_of(user):
    """The cases `user` is responsible for or created, recently changed first."""
    mine = Case.objects.filter(Q(consultants=user) | Q(created_by=user)).values("pk")
    return (
        cases_visible_to(user)
        .filter(pk__in=mine)
        .select_related("municipality", "updated_by")
        .order_by("-updated_at", "-pk")
    )


def drafts_of(user):
    """The user's own cases still in kladde (visible to their municipality only)."""
    return cases_of(user).filter(visibility=Visibility.KLADDE)


def voices_awaiting_moderation(user):
    """Voices from the user's municipality waiting for a decision, oldest first (every
    municipality's for an admin; none for someone who is neither staff nor placed)."""
    voices = CitizenVoice.objects.filter(status=VoiceStatus.PENDING)
    if not user.is_superuser:
        if not (user.is_staff and user.municipality_id):
            return voices.none()
        voices = voices.filter(municipality_id=user.municipality_id)
    return voices.select_related("municipality").order_by("submitted_at", "pk")
