"""Networks, people, meetings, mini-experiments, paradoxes and the movement
(DESIGN.md, network)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from projects.models import Case
from samskabelse.models import Municipality, Organisation


class Tag(models.Model):
    """A role (playmaker, fælles-skaber …) or an area of expertise, for finding people."""

    class Kind(models.TextChoices):
        ROLE = "role", _("Role")
        EXPERTISE = "expertise", _("Expertise")

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=110)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["kind", "name"]
        constraints = [models.UniqueConstraint(fields=["kind", "slug"], name="unique_tag")]

    def __str__(self):
        return self.name


class LocalArea(models.Model):
    """A local area (lokalområde) a person is contact for, e.g. a village."""

    name = models.CharField(_("name"), max_length=120)
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("local area")
        verbose_name_plural = _("local areas")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "municipality"], name="unique_local_area")
        ]

    def __str__(self):
        return self.name


class Person(models.Model):
    """A contact: who they are, what they know, where they are contact person. Contact
    details are shown to logged-in staff only; a person can be removed (anonymised)
    without breaking the meetings and experiments that mention them."""

    name = models.CharField(_("name"), max_length=160)
    slug = models.SlugField(_("slug"), max_length=180, unique=True)
    title = models.CharField(_("job title"), max_length=160, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
    )
    tags = models.ManyToManyField(Tag, verbose_name=_("roles and expertise"), blank=True)
    local_areas = models.ManyToManyField(
        LocalArea, verbose_name=_("contact for local areas"), related_name="contacts", blank=True
    )
    cases = models.ManyToManyField(
        Case, verbose_name=_("cases worked on"), related_name="people", blank=True
    )
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    bio = models.TextField(_("about"), blank=True, max_length=1500)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )
    anonymised_at = models.DateTimeField(_("removed"), null=True, blank=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("network:person", args=[self.slug])


class NetworkKind(models.TextChoices):
    TVAERKOMMUNALT = "tvaerkommunalt", _("Inter-municipal network")
    LANDSBYNETVAERK = "landsbynetvaerk", _("Village network")
    BEVAEGELSE = "bevaegelse", _("Movement")


class NetworkStatus(models.TextChoices):
    AKTIV = "aktiv", _("Active")
    AFSLUTTET = "afsluttet", _("Ended")


class Network(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=NetworkKind.choices)
    purpose = models.TextField(_("purpose"))
    how_to_join = models.TextField(_("how to join"), blank=True)
    facilitator = models.ForeignKey(
        Organisation,
        verbose_name=_("facilitating organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="facilitated_networks",
    )
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coordinators"),
        related_name="coordinated_networks",
        blank=True,
    )
    member_capacity = models.PositiveIntegerField(
        _("member capacity"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    waitlist_enabled = models.BooleanField(_("waiting list"), default=False)
    status = models.CharField(
        _("status"), max_length=20, choices=NetworkStatus.choices, default=NetworkStatus.AKTIV
    )
    is_public = models.BooleanField(
        _("public"), default=True, help_text=_("Shown to everyone; otherwise staff only.")
    )
    founded_on = models.DateField(_("founded"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("network:network", args=[self.slug])


class Membership(models.Model):
    """A member of a network: a municipality (with its contact person) or a person."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="memberships")
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.CASCADE, null=True,
        blank=True, related_name="network_memberships",
    )  # fmt: skip
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="memberships",
    )  # fmt: skip
    joined_on = models.DateField(_("joined"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "municipality"],
                condition=Q(municipality__isnull=False),
                name="one_membership_per_municipality",
            ),
            models.CheckConstraint(
                condition=Q(municipality__isnull=False) | Q(person__isnull=False),
                name="membership_has_a_member",
            ),
        ]

    def __str__(self):
        return str(self.municipality or self.person)


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting decision")
    WAITLISTED = "waitlisted", _("On the waiting list")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class MembershipRequest(models.Model):
    """Someone asks to join a network; a coordinator accepts, declines or waitlists. The
    waiting list is in arrival order."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="requests")
    name = models.CharField(_("name"), max_length=160)
    email = models.EmailField(_("email"))
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="+",
    )  # fmt: skip
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    motivation = models.TextField(_("why join"), blank=True, max_length=2000)
    consent_at = models.DateTimeField(_("consent given"))
    status = models.CharField(
        _("status"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    membership = models.OneToOneField(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="request"
    )

    class Meta:
        verbose_name = _("membership request")
        verbose_name_plural = _("membership requests")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "email"],
                condition=Q(status__in=["pending", "waitlisted", "accepted"]),
                name="one_open_request_per_email",
            )
        ]

    def __str__(self):
        return f"{self.name} → {self.network}"


class Meeting(models.Model):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="meetings")
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("time"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    agenda = models.TextField(_("agenda"), blank=True, help_text=_("Markdown."))
    minutes = models.TextField(_("minutes"), blank=True, help_text=_("Markdown."))
    participants = models.ManyToManyField(
        Person, verbose_name=_("participants"), related_name="meetings", blank=True
    )
    is_public = models.BooleanField(_("public"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("network:meeting", args=[self.network.slug, self.pk])


class ExperimentStatus(models.TextChoices):
    PLANLAGT = "planlagt", _("Planned")
    I_GANG = "i_gang", _("In progress")
    AFSLUTTET = "afsluttet", _("Completed")


class Experiment(models.Model):
    """Mini-samskabelseseksperiment: what we asked, what we tried, what we learned."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="experiments")
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.PROTECT,
        related_name="experiments",
    )  # fmt: skip
    title = models.CharField(_("title"), max_length=200)
    question = models.TextField(_("what we asked"))
    what_we_tried = models.TextField(_("what we tried"), blank=True)
    with_politicians = models.BooleanField(_("politicians took part"), default=False)
    with_volunteer_consultants = models.BooleanField(
        _("volunteer consultants took part"), default=False
    )
    with_citizens = models.BooleanField(_("citizens took part"), default=False)
    status = models.CharField(
        _("status"), max_length=20, choices=ExperimentStatus.choices,
        default=ExperimentStatus.PLANLAGT,
    )  # fmt: skip
    learning = models.TextField(_("what we learned"), blank=True)
    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="experiments",
    )  # fmt: skip
    is_public = models.BooleanField(_("public"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("experiment")
        verbose_name_plural = _("experiments")
        ordering = ["municipality__name", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("network:experiment", args=[self.network.slug, self.pk])


class Perspective(models.TextChoices):
    POLITIKER = "politiker", _("Politician")
    ADMINISTRATION = "administration", _("Administration")
    BORGER = "borger", _("Citizen")


class Paradox(models.Model):
    """A dilemma raised at a meeting, from one perspective, with the network's reflections."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="paradoxes")
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("raised at"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="paradoxes",
    )  # fmt: skip
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    perspective = models.CharField(_("perspective"), max_length=20, choices=Perspective.choices)
    reflections = models.TextField(_("reflections"), blank=True)
    is_public = models.BooleanField(_("public"), default=False)

    class Meta:
        verbose_name = _("paradox")
        verbose_name_plural = _("paradoxes")
        ordering = ["pk"]

    def __str__(self):
        return self.title
