"""Forms of the citizen pages: the list's filters, registration and the newsletter.

The registration and newsletter forms carry a honeypot, `website`: hidden from people by
CSS (and skipped by keyboard and autofill), so only a robot fills it in."""

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from samskabelse.models import Municipality

from .models import EventKind, Registration

BLANK = [("", _("All"))]


def _max_length(field):
    return Registration._meta.get_field(field).max_length


class WithoutColons:
    """Labels as written, without Django's trailing colon."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class EventFilterForm(WithoutColons, forms.Form):
    """The list page's GET form. Values it does not know are dropped, not fatal."""

    kind = forms.ChoiceField(label=_("Kind"), choices=BLANK + EventKind.choices, required=False)
    city = forms.ChoiceField(label=_("City"), required=False)
    month = forms.ChoiceField(label=_("Month"), required=False)
    has_seats = forms.BooleanField(label=_("Only with free seats"), required=False)

    def __init__(self, *args, cities=(), months=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["city"].choices = BLANK + [(city, city) for city in cities]
        self.fields["month"].choices = BLANK + [
            (f"{month:%Y-%m}", date_format(month, "F Y")) for month in months
        ]

    def filters(self):
        """The valid, non-empty filters; invalid values are ignored."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}


class HoneypotMixin:
    def is_from_a_robot(self):
        """True when the honeypot was filled in (call after is_valid())."""
        return bool(self.cleaned_data.get("website"))


def honeypot_field():
    return forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )


def name_field():
    return forms.CharField(
        label=_("Name"),
        max_length=_max_length("name"),
        widget=forms.TextInput({"autocomplete": "name"}),
        error_messages={"required": _("Write your name.")},
    )


def organisation_field():
    return forms.CharField(
        label=_("Organisation (optional)"),
        max_length=_max_length("organisation"),
        required=False,
        widget=forms.TextInput({"autocomplete": "organization"}),
    )


def job_title_field():
    return forms.CharField(
        label=_("Job title (optional)"),
        max_length=_max_length("job_title"),
        required=False,
        widget=forms.TextInput({"autocomplete": "organization-title"}),
    )


def needs_field():
    return forms.CharField(
        label=_("Needs (optional)"),
        max_length=1000,
        required=False,
        help_text=_("Diet, accessibility or anything else we should know."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RegistrationDetailsForm(WithoutColons, forms.Form):
    """What a participant may change through the manage link (services.DETAIL_FIELDS)."""

    name = name_field()
    organisation = organisation_field()
    job_title = job_title_field()
    needs = needs_field()


COLLEAGUE_ROWS = 3


class ColleagueForm(WithoutColons, forms.Form):
    """A colleague the registrant adds to their group from the manage page."""

    name = forms.CharField(
        label=_("Colleague's name"),
        max_length=_max_length("name"),
        error_messages={"required": _("Write your colleague's name.")},
    )
    email = forms.EmailField(
        label=_("Colleague's email"),
        max_length=254,
        error_messages={"required": _("Write your colleague's email.")},
    )


class RegistrationForm(WithoutColons, HoneypotMixin, forms.Form):
    """A citizen's registration for one occurrence. The municipality choices are passed in
    once per page, so a page with several occurrences reads the 98 names once. Up to
    COLLEAGUE_ROWS optional colleagues make it a group registration (more can be added
    from the manage page), in plain HTML rows that need no script."""

    name = name_field()
    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        help_text=_("We send the confirmation and a link to change or cancel here."),
        widget=forms.EmailInput({"autocomplete": "email"}),
    )
    organisation = organisation_field()
    municipality = forms.ChoiceField(label=_("Municipality (optional)"), required=False)
    job_title = job_title_field()
    needs = needs_field()
    website = honeypot_field()
    consent = forms.BooleanField(
        label=_("I agree that my details are stored to handle my registration"),
        help_text=_(
            "We store your name, email and the optional details you fill in, together with "
            "the time of your consent. The organisers use them for this theme day only, and "
            "we delete them a while after it has been held."
        ),
        error_messages={"required": _("We need your consent to register you.")},
    )

    def __init__(self, *args, municipalities=(), municipality_required=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].choices = [("", _("Choose a municipality"))] + list(
            municipalities
        )
        if municipality_required:  # the date shares its seats fairly between municipalities
            municipality = self.fields["municipality"]
            municipality.required = True
            municipality.label = _("Municipality")
            municipality.help_text = _(
                "This date shares its seats fairly between municipalities, so we need yours."
            )
            municipality.error_messages["required"] = _("Choose your municipality.")

        for number in range(1, COLLEAGUE_ROWS + 1):
            self.fields[f"colleague_{number}_name"] = forms.CharField(
                label=_("Colleague %(number)d: name") % {"number": number},
                max_length=_max_length("name"),
                required=False,
            )
            self.fields[f"colleague_{number}_email"] = forms.EmailField(
                label=_("Colleague %(number)d: email") % {"number": number},
                max_length=254,
                required=False,
            )

    def colleague_rows(self):
        """The bound name and email field of each colleague row, for the template."""
        return [
            (self[f"colleague_{number}_name"], self[f"colleague_{number}_email"])
            for number in range(1, COLLEAGUE_ROWS + 1)
        ]

    def has_colleagues(self):
        """True when a colleague row was filled in (the rows are then shown open)."""
        return self.is_bound and any(
            self.data.get(field.html_name) for row in self.colleague_rows() for field in row
        )

    def clean_municipality(self):
        code = self.cleaned_data["municipality"]
        return Municipality.objects.get(code=code) if code else None

    def clean(self):
        data = super().clean()
        for number in range(1, COLLEAGUE_ROWS + 1):
            name, email = f"colleague_{number}_name", f"colleague_{number}_email"
            if data.get(name) and not data.get(email) and email not in self.errors:
                self.add_error(email, _("Write your colleague's email."))
            if data.get(email) and not data.get(name):
                self.add_error(name, _("Write your colleague's name."))
        return data

    def members(self):
        """The colleagues filled in, for services.register_participant."""
        data = self.cleaned_data
        return [
            {"name": data[f"colleague_{number}_name"], "email": data[f"colleague_{number}_email"]}
            for number in range(1, COLLEAGUE_ROWS + 1)
            if data.get(f"colleague_{number}_name") and data.get(f"colleague_{number}_email")
        ]

    def registration_fields(self):
        """Keyword arguments for services.register_participant (without the occurrence)."""
        data = self.cleaned_data
        return {
            field: data[field]
            for field in (
                "name",
                "email",
                "consent",
                "organisation",
                "municipality",
                "job_title",
                "needs",
            )
        } | {"members": self.members()}


class SubscribeForm(WithoutColons, HoneypotMixin, forms.Form):
    email = forms.EmailField(
        label=_("Email"), max_length=254, widget=forms.EmailInput({"autocomplete": "email"})
    )
    website = honeypot_field()
    consent = forms.BooleanField(
        label=_("I want to receive the newsletter about theme days and co-creation"),
        help_text=_(
            "We store your email address and the time of your consent. Every newsletter has a "
            "link to unsubscribe in one click."
        ),
        error_messages={"required": _("We need your consent to send you the newsletter.")},
    )
