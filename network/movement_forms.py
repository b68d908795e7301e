"""The join form of a network's public page (the movement and any network that takes
requests). Like the theme day forms it carries a honeypot, `website`, hidden by CSS."""

from django import forms
from django.utils.translation import gettext_lazy as _

from samskabelse.models import Municipality

from .models import MembershipRequest


def _max_length(field):
    return MembershipRequest._meta.get_field(field).max_length


def municipality_choices():
    """(kommunekode, name) of the 98 municipalities."""
    return list(Municipality.objects.order_by("name").values_list("code", "name"))


# The same honeypot as events/forms.py; network may not import from events (events depends
# on network), so it is repeated here until it moves to samskabelse.
def honeypot_field():
    return forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )


class JoinForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=_max_length("name"),
        widget=forms.TextInput({"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        help_text=_("We send the answer to your request here."),
        widget=forms.EmailInput({"autocomplete": "email"}),
    )
    municipality = forms.ChoiceField(label=_("Municipality (optional)"), required=False)
    organisation = forms.CharField(
        label=_("Organisation (optional)"),
        max_length=_max_length("organisation"),
        required=False,
        widget=forms.TextInput({"autocomplete": "organization"}),
    )
    motivation = forms.CharField(
        label=_("Why do you want to join? (optional)"),
        max_length=_max_length("motivation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    website = honeypot_field()
    consent = forms.BooleanField(
        label=_("I agree that my details are stored to handle my request"),
        help_text=_(
            "We store your name, email and the optional details you fill in, together with "
            "the time of your consent. Only the network's coordinators see them."
        ),
        error_messages={"required": _("We need your consent to handle your request.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].choices = [
            ("", _("Choose a municipality")),
            *municipality_choices(),
        ]

    def is_from_a_robot(self):
        """True when the honeypot was filled in (call after is_valid())."""
        return bool(self.cleaned_data.get("website"))

    def clean_municipality(self):
        code = self.cleaned_data["municipality"]
        return Municipality.objects.get(code=code) if code else None

    def request_fields(self):
        """Keyword arguments for services.request_membership (without the network)."""
        fields = ("name", "email", "consent", "municipality", "organisation", "motivation")
        return {field: self.cleaned_data[field] for field in fields}
