"""Find a colleague: the reads behind the people search, the person page and the people API.
Removed (anonymised) people are never found here, and a person's cases and networks are
only those the viewer may see."""

from django.db.models import Exists, OuterRef, Prefetch, Q

from projects.selectors import cases_visible_to

from .models import LocalArea, Network, Person, Tag
from .selectors import is_staff, networks_visible_to

# Where one search word may be found: "Holbæk" finds the municipality, "fælles-skaber"
# the role, "Tuse" the local area a person is contact for.
SEARCH_FIELDS = [
    "name__icontains",
    "title__icontains",
    "municipality__name__icontains",
    "organisation__name__icontains",
    "local_areas__name__icontains",
    "tags__name__icontains",
    "cases__title__icontains",
]


def shows_contact_details(user):
    """Email and phone are for logged-in staff only."""
    return is_staff(user)


def _matches_word(word):
    condition = Q()
    for lookup in SEARCH_FIELDS:
        condition |= Q(**{lookup: word})
    return condition


def _has_tag(kind, slug):
    return Exists(Person.tags.through.objects.filter(
        person=OuterRef("pk"), tag__kind=kind, tag__slug=slug
    ))  # fmt: skip


def find_people(*, user, q="", role=None, expertise=None, municipality=None, region=None,
                case=None):  # fmt: skip
    """People matching every word of `q` (each word in a name, title, municipality,
    organisation, local area, role, expertise or case title) and every filter given.
    `role` and `expertise` are tag slugs, `municipality` a Municipality, `region` a region
    code, `case` a Case the viewer may see. Ready for a list: a fixed number of queries."""
    matching = Person.objects.filter(anonymised_at__isnull=True)
    for word in (q or "").split():
        matching = matching.filter(_matches_word(word))
    if role:
        matching = matching.filter(_has_tag(Tag.Kind.ROLE, role))
    if expertise:
        matching = matching.filter(_has_tag(Tag.Kind.EXPERTISE, expertise))
    if municipality:
        matching = matching.filter(municipality=municipality)
    if region:
        matching = matching.filter(municipality__region=region)
    if case:
        # The form offers only cases the viewer may see; check again for other callers.
        matching = matching.filter(cases__in=cases_visible_to(user).filter(pk=case.pk))
    return (
        Person.objects.filter(pk__in=matching.values("pk"))
        .select_related("organisation", "municipality")
        .prefetch_related(
            Prefetch("tags", queryset=Tag.objects.order_by("kind", "name")),
            "local_areas",
        )
        .order_by("name", "pk")
    )


def tags_of_kind(kind):
    return Tag.objects.filter(kind=kind).order_by("name")


def person_for_page(*, user, slug):
    """One person with what their page shows to `user`, or Person.DoesNotExist: their
    roles and expertise, local areas, the cases `user` may see, and the networks `user`
    may see that they are a member of or coordinate (as `network_list`)."""
    visible_networks = networks_visible_to(user)
    person = (
        Person.objects.filter(anonymised_at__isnull=True, slug=slug)
        .select_related("organisation", "municipality", "user")
        .prefetch_related(
            Prefetch("tags", queryset=Tag.objects.order_by("kind", "name")),
            Prefetch(
                "local_areas",
                queryset=LocalArea.objects.select_related("municipality").order_by("name"),
            ),
            Prefetch("cases", queryset=cases_visible_to(user).order_by("title")),
        )
        .get()
    )
    member_of = Q(memberships__person=person)
    if person.user_id:
        member_of |= Q(coordinators=person.user_id)
    person.network_list = list(
        visible_networks.filter(pk__in=Network.objects.filter(member_of).values("pk"))
        .annotate(
            is_coordinator=Exists(
                Network.coordinators.through.objects.filter(
                    network=OuterRef("pk"), user_id=person.user_id
                )
            )
        )
        .order_by("name")
    )
    person.talk_list = talks_of(person)
    return person


def talks_of(person):
    """The person's talks at published theme days. The network app does not import events:
    the talks are read through the reverse relation the events app's Speaker defines."""
    return list(
        person.talks.filter(event__status="offentliggjort")
        .select_related("event")
        .order_by("event__title")
    )
