"""Forms for Borgernes Stemmer: the citizen's form and the moderator's decision."""

from django import forms
from django.utils.translation import gettext_lazy as _

from samskabelse.models import Municipality

from ..models import AgeGroup, CitizenVoice, LocalArea

NOT_TOLD = _("Don't know / prefer not to say")


def local_area_choices():
    """The local areas grouped by municipality (one query), for a <select> with optgroups."""
    groups = {}
    for local_area in LocalArea.objects.select_related("municipality").order_by(
        "municipality__name", "name"
    ):
        groups.setdefault(local_area.municipality.name, []).append((local_area.pk, local_area.name))
    return [("", NOT_TOLD), *groups.items()]


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
    municipality = forms.ModelChoiceField(
        label=_("Municipality (optional)"),
        queryset=Municipality.objects.order_by("name"),
        to_field_name="code",
        required=False,
        empty_label=_("Choose a municipality"),
    )
    age_group = forms.ChoiceField(
        label=_("Age group"), choices=[("", NOT_TOLD), *AgeGroup.choices], required=False
    )
    local_area = forms.TypedChoiceField(
        label=_("Local area"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("The part of the municipality you live in, not your address."),
    )
    consent = forms.BooleanField(
        label=_("I agree that my voice is stored and may be shown publicly without my name"),
        help_text=_(
            "We store your text and the optional fields you fill in (role, municipality, age "
            "group and local area) together with the time of your consent. We do not ask for "
            "your name or your email address. Your voice is shown on the website only after a "
            "member of staff has read it. Your age group and local area are never shown with "
            "your voice: they are only counted together with other voices."
        ),
        error_messages={"required": _("We need your consent to store your voice.")},
    )
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["local_area"].choices = local_area_choices()

    @property
    def asks_local_area(self):
        """Only once some municipality has entered its local areas."""
        return len(self.fields["local_area"].choices) > 1

    def clean_local_area(self):
        pk = self.cleaned_data["local_area"]
        if pk is None:
            return None
        # The choice is valid, so the area exists (unless deleted a moment ago).
        local_area = LocalArea.objects.select_related("municipality").filter(pk=pk).first()
        if local_area is None:
            raise forms.ValidationError(_("Choose one of the local areas in the list."))
        return local_area

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
            "local_area": data["local_area"],
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
