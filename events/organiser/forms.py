"""Forms of the organiser pages. They only parse input (times are read as Copenhagen wall
clock from datetime-local inputs); the rules live in events/services/ and
events/organiser/services.py."""

from django import forms
from django.utils.translation import gettext_lazy as _

from projects.selectors import cases_visible_to
from samskabelse.models import Municipality

from ..models import Event, QuotaScope, Registration, RegistrationStatus

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


class NoColonMixin:
    """Labels without a trailing colon, as the GOV.UK pattern and our style have them."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class LocalDateTimeField(forms.DateTimeField):
    """A datetime-local input, read and shown in the site's time zone (Europe/Copenhagen);
    a wall-clock time that does not exist (the spring DST gap) is a field error."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL)

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", [DATETIME_LOCAL, "%Y-%m-%dT%H:%M:%S"])
        super().__init__(**kwargs)


class EventForm(NoColonMixin, forms.ModelForm):
    class Meta:
        model = Event
        fields = ["title", "kind", "summary", "programme", "price", "status", "organisers", "hosts"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "programme": forms.Textarea(attrs={"rows": 6}),
        }

    def service_arguments(self):
        return dict(self.cleaned_data)


class OccurrenceDetailsForm(NoColonMixin, forms.Form):
    """What can change on an occurrence without emailing anyone."""

    online_url = forms.URLField(
        label=_("Online link"),
        required=False,
        assume_scheme="https",
        help_text=_("Shown to confirmed participants only."),
    )
    registration_opens_at = LocalDateTimeField(label=_("Registration opens"), required=False)
    registration_closes_at = LocalDateTimeField(
        label=_("Registration closes"),
        required=False,
        help_text=_("Must be before the start. Empty: open until the start."),
    )
    waitlist_enabled = forms.BooleanField(
        label=_("Waiting list when full"), required=False, initial=True
    )
    quota_scope = forms.ChoiceField(
        label=_("Fair seats between municipalities"),
        choices=QuotaScope.choices,
        initial=QuotaScope.NONE,
        required=False,
        help_text=_("Cap the seats each municipality (or region) can take."),
    )
    quota_per_unit = forms.IntegerField(
        label=_("Seats per municipality or region"), min_value=1, required=False
    )
    quota_release_days_before = forms.IntegerField(
        label=_("Free for all this many days before"),
        min_value=0,
        max_value=365,
        required=False,
        help_text=_(
            "From midnight (Danish time) this many days before the date, the quota ends and "
            "the waiting list gets the free seats in arrival order. Empty: until the start."
        ),
    )
    fill_free_seats_with_smaller = forms.BooleanField(
        label=_("Fill free seats with smaller registrations"),
        required=False,
        help_text=_(
            "When a group on the waiting list does not fit into the free seats, later and "
            "smaller registrations may take them. Off: nobody jumps an earlier group."
        ),
    )

    def clean_quota_scope(self):
        return self.cleaned_data["quota_scope"] or QuotaScope.NONE


class MoveForm(NoColonMixin, forms.Form):
    starts_at = LocalDateTimeField(label=_("Starts"))
    ends_at = LocalDateTimeField(label=_("Ends"))
    venue = forms.CharField(label=_("Venue"), max_length=200, required=False)
    address = forms.CharField(label=_("Address"), max_length=250, required=False)
    city = forms.CharField(label=_("City"), max_length=100, required=False)

    def clean(self):
        cleaned = super().clean()
        starts_at, ends_at = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error("ends_at", _("The end must be after the start."))
        return cleaned


class OccurrenceForm(MoveForm, OccurrenceDetailsForm):
    """A new occurrence: time, place or online link, seats and the registration window."""

    capacity = forms.IntegerField(label=_("Seats"), min_value=0)

    field_order = [
        "starts_at",
        "ends_at",
        "venue",
        "address",
        "city",
        "online_url",
        "capacity",
        "registration_opens_at",
        "registration_closes_at",
        "waitlist_enabled",
        "fill_free_seats_with_smaller",
        "quota_scope",
        "quota_per_unit",
        "quota_release_days_before",
    ]


class CapacityForm(NoColonMixin, forms.Form):
    capacity = forms.IntegerField(
        label=_("Seats"),
        min_value=0,
        help_text=_("Raising the number gives the new seats to the waiting list at once."),
    )


class SpeakerForm(NoColonMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=160)
    role = forms.CharField(label=_("Role"), max_length=200, required=False)
    talk_title = forms.CharField(label=_("Talk title"), max_length=250)
    case = forms.CharField(
        label=_("Case (address name)"),
        max_length=220,
        required=False,
        help_text=_("Optional: the last part of the case's address, e.g. frivillige-paa-bakken."),
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_case(self):
        slug = self.cleaned_data["case"].strip().strip("/").rsplit("/", 1)[-1]
        if not slug:
            return None
        case = cases_visible_to(self.user).filter(slug=slug).first()
        if case is None:
            raise forms.ValidationError(_("No case has this address."))
        return case


STATUS_FILTERS = [("", _("All"))] + list(RegistrationStatus.choices)
ORDERS = [("arrival", _("Arrival")), ("name", _("Name"))]


class ParticipantFilterForm(NoColonMixin, forms.Form):
    """The participant list's search, status filter and order (a GET form)."""

    q = forms.CharField(label=_("Name, email or organisation"), max_length=160, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_FILTERS, required=False)
    order = forms.ChoiceField(label=_("Sort by"), choices=ORDERS, required=False)

    def selection(self):
        """The valid filters as keyword arguments of selectors.registrations_of."""
        if not self.is_valid():
            return {"query": "", "status": "", "order": "arrival"}
        data = self.cleaned_data
        return {
            "query": data["q"].strip(),
            "status": data["status"],
            "order": data["order"] or "arrival",
        }


BULK_ACTIONS = [
    ("cancel", _("Cancel their registration")),
    ("move", _("Move to another date")),
    ("attended", _("Mark as attended")),
    ("csv", _("Export as CSV")),
    ("xlsx", _("Export as Excel")),
]


class BulkForm(NoColonMixin, forms.Form):
    """The rows chosen on the participant list and what to do with them."""

    registration = forms.TypedMultipleChoiceField(
        label=_("Participants"),
        coerce=int,
        error_messages={"required": _("Choose at least one participant.")},
    )
    action = forms.ChoiceField(label=_("With the chosen"), choices=BULK_ACTIONS)
    target = forms.TypedChoiceField(
        label=_("Move to"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, registration_ids=(), dates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["registration"].choices = [(pk, pk) for pk in registration_ids]
        self.fields["target"].choices = [("", _("Choose a date"))] + [
            (date.pk, str(date)) for date in dates
        ]


class ParticipantForm(NoColonMixin, forms.ModelForm):
    """A participant's details, as the organiser corrects or types them in."""

    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.order_by("name"),
        required=False,
        empty_label=_("No municipality"),
    )

    class Meta:
        model = Registration
        fields = ["name", "email", "organisation", "municipality", "job_title", "needs"]
        widgets = {"needs": forms.Textarea(attrs={"rows": 3})}


class AddParticipantForm(ParticipantForm):
    consent = forms.BooleanField(
        label=_("The person agrees that we store these details for the registration"),
        error_messages={"required": _("Ask the person for consent before registering them.")},
    )


MESSAGE_RECIPIENTS = [
    (RegistrationStatus.CONFIRMED, _("Confirmed")),
    (RegistrationStatus.WAITLISTED, _("On the waiting list")),
    (RegistrationStatus.ATTENDED, _("Attended")),
]


class MessageForm(NoColonMixin, forms.Form):
    """An organiser's message: who gets it, the subject and the text."""

    statuses = forms.MultipleChoiceField(
        label=_("Recipients"),
        choices=MESSAGE_RECIPIENTS,
        widget=forms.CheckboxSelectMultiple,
        initial=[RegistrationStatus.CONFIRMED, RegistrationStatus.ATTENDED],
        error_messages={"required": _("Choose who gets the message.")},
    )
    subject = forms.CharField(
        label=_("Subject"),
        max_length=200,
        help_text=_("The event's title is added when the subject does not name it."),
    )
    body = forms.CharField(
        label=_("Message"),
        max_length=5000,
        widget=forms.Textarea,
        help_text=_(
            "Each mail greets the participant by name unless your text begins with a greeting."
        ),
    )


class SearchForm(NoColonMixin, forms.Form):
    q = forms.CharField(label=_("Search by name"), max_length=160, required=False)

    def query(self):
        return self.cleaned_data.get("q", "").strip() if self.is_valid() else ""
