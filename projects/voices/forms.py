"""Forms for Borgernes Stemmer: the citizen's form and the moderator's decision."""

from django import forms
from django.utils.translation import gettext_lazy as _

from samskabelse.models import Municipality

from ..models import CitizenVoice

AGE_GROUPS = [
    ("", _("Prefer not to say")),
    ("under-18", _("Under 18")),
    ("18-29", _("18–29 years")),
    ("30-49", _("30–49 years")),
    ("50-66", _("50–66 years")),
    ("67+", _("67 or older")),
]
AGE_GROUP_LABELS = {value: label for value, label in AGE_GROUPS if value}


class VoiceForm(forms.Form):
    """What a citizen sends in. No name and no email: nothing that identifies them is asked.

    `website` is a honeypot: hidden from people by CSS (and skipped by keyboard and
    autofill), so only a robot fills it in.
    """

    text = forms.CharField(
        label=_("What matters for the good life where you live?"),
        max_length=CitizenVoice._meta.get_field("text").max_length,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("At most 2,000 characters. Please leave out names of other people."),
    )
    role = forms.CharField(
        label=_("Your role (optional)"),
        required=False,
        max_length=120,
        help_text=_("E.g. parent, volunteer, shop owner, pensioner."),
    )
    age_group = forms.ChoiceField(
        label=_("Age group (optional)"), choices=AGE_GROUPS, required=False
    )
    area = forms.CharField(
        label=_("Your area (optional)"),
        required=False,
        max_length=120,
        help_text=_("A town, village or neighbourhood."),
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality (optional)"),
        queryset=Municipality.objects.order_by("name"),
        to_field_name="code",
        required=False,
        empty_label=_("Choose a municipality"),
    )
    consent = forms.BooleanField(
        label=_("I agree that my voice is stored and may be shown publicly without my name"),
        help_text=_(
            "We store your text and the optional fields you fill in (role, age group, area and "
            "municipality) together with the time of your consent. We do not ask for your name "
            "or your email address. Your voice is shown on the website only after a member of "
            "staff has read it."
        ),
        error_messages={"required": _("We need your consent to store your voice.")},
    )
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def is_from_a_robot(self):
        """True when the honeypot was filled in (call after is_valid())."""
        return bool(self.cleaned_data.get("website"))

    def voice_fields(self):
        """Keyword arguments for services.submit_voice."""
        data = self.cleaned_data
        return {
            "text": data["text"],
            "consent": data["consent"],
            "role": data["role"],
            "age_group": data["age_group"],
            "area": data["area"],
            "municipality": data["municipality"],
        }


class ModerationForm(forms.Form):
    """Approve (with themes) or reject one voice.

    The themes are passed in once for the whole queue page, so rendering twenty forms does
    not ask the database twenty times.
    """

    APPROVE = "approve"
    REJECT = "reject"

    themes = forms.TypedMultipleChoiceField(
        label=_("Themes"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    decision = forms.ChoiceField(choices=[(APPROVE, _("Approve")), (REJECT, _("Reject"))])

    def __init__(self, *args, themes, **kwargs):
        super().__init__(*args, **kwargs)
        self.theme_objects = {theme.pk: theme for theme in themes}
        self.fields["themes"].choices = [(theme.pk, theme.name) for theme in themes]

    @property
    def approve(self):
        return self.cleaned_data["decision"] == self.APPROVE

    @property
    def chosen_themes(self):
        return [self.theme_objects[pk] for pk in self.cleaned_data["themes"]]
