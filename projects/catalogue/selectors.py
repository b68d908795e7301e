"""Reads of catalogues. A catalogue's cases are always read through
`projects.selectors.cases_visible_to(viewer)`: each reader sees only the cases they may see,
whoever put them in."""

from django.db.models import Count, F, Prefetch

from projects.models import Case, Grip, Photo, Quote, Visibility
from projects.selectors import cases_visible_to

from .models import Catalogue, CataloguePdf


def can_build_catalogue(user):
    """Staff (consultants, admins) build catalogues; citizens and anonymous visitors read
    the ones shared publicly."""
    return bool(user is not None and user.is_authenticated and user.is_active and user.is_staff)


def can_edit_catalogue(user, catalogue):
    """Only its owner (or an admin) changes a catalogue."""
    return can_build_catalogue(user) and (user.is_superuser or catalogue.owner_id == user.pk)


def catalogues_readable_by(user):
    """Staff read every catalogue (they inspire colleagues), others those shared publicly.
    What each reader sees inside is limited by `catalogue_cases`."""
    catalogues = Catalogue.objects.select_related("owner", "municipality").annotate(
        case_count=Count("entries")
    )
    if can_build_catalogue(user):
        return catalogues
    return catalogues.filter(is_public=True)


def catalogues_of(user):
    return catalogues_readable_by(user).filter(owner=user)


def catalogue_cases(catalogue, viewer):
    """The catalogue's cases that `viewer` may see, in the catalogue's order, with what a
    spread shows, in a fixed number of queries however many cases there are."""
    return with_spread_content(
        cases_visible_to(viewer)
        .filter(catalogueentry__catalogue=catalogue)
        .annotate(position=F("catalogueentry__position"))
        .order_by("position", "pk")
    )


def cases_in_order(case_ids):
    """The cases `case_ids` (already checked against the reader) in that order, with what
    a spread shows: for the PDF build, which runs without a request."""
    by_id = {case.pk: case for case in with_spread_content(Case.objects.filter(pk__in=case_ids))}
    return [by_id[pk] for pk in case_ids if pk in by_id]


def with_spread_content(cases):
    """What a spread shows: the municipality, grips, quotes and photos (photos only with
    the consent of the people shown; a quote's name only with consent, Quote.public_name)."""
    return cases.select_related("municipality").prefetch_related(
        Prefetch("grips", queryset=Grip.objects.order_by("title")),
        Prefetch("quotes", queryset=Quote.objects.order_by("pk"), to_attr="catalogue_quotes"),
        Prefetch(
            "photos",
            queryset=Photo.objects.filter(people_consent_at__isnull=False).order_by("pk"),
            to_attr="catalogue_photos",
        ),
    )


def catalogue_case_ids(catalogue, viewer):
    """The ids `catalogue_cases` would show, in order, in one query."""
    return list(
        cases_visible_to(viewer)
        .filter(catalogueentry__catalogue=catalogue)
        .order_by("catalogueentry__position", "pk")
        .values_list("pk", flat=True)
    )


def cases_not_public(case_ids):
    """Of these cases, the ones that are not offentlig: a publicly shared catalogue may hold
    none."""
    return Case.objects.filter(pk__in=case_ids).exclude(visibility=Visibility.OFFENTLIG)


def pdf_for(catalogue, key):
    return CataloguePdf.objects.filter(catalogue=catalogue, key=key).first()


def pdf_build(catalogue, build_id, viewer):
    """One build of the catalogue's PDF, if every case in it is one `viewer` may see in
    the catalogue now; else None."""
    pdf = CataloguePdf.objects.filter(catalogue=catalogue, pk=build_id).first()
    if pdf is None or not set(pdf.case_ids) <= set(catalogue_case_ids(catalogue, viewer)):
        return None
    return pdf
