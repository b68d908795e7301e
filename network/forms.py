"""Forms of the network pages. They only parse input (meeting times are read as
Copenhagen wall clock from a datetime-local input); the rules live in content_services.py."""

from django import forms
from django.utils.translation import gettext_lazy as _

from samskabelse.models import Municipality

from .models import Experiment, Meeting, Paradox

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"
MARKDOWN_HELP = _(
    "Markdown: a blank line between paragraphs, - or 1. at the start of a line for lists, "
    "**bold**, *italic* and [text](https://…) for links. Scripts and styles are removed."
)


class LocalDateTimeField(forms.DateTimeField):
    """A datetime-local input, read and shown in the site's time zone (Europe/Copenhagen)."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL)

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", [DATETIME_LOCAL, "%Y-%m-%dT%H:%M:%S"])
        super().__init__(**kwargs)


class MeetingForm(forms.ModelForm):
    starts_at = LocalDateTimeField(label=_("Date and time"))

    class Meta:
        model = Meeting
        fields = ["title", "starts_at", "place", "agenda", "minutes", "is_public"]
        labels = {
            "title": _("Title"),
            "place": _("Place"),
            "agenda": _("Agenda"),
            "minutes": _("Minutes"),
            "is_public": _("Show the meeting and its agenda to everyone"),
        }
        help_texts = {
            "agenda": MARKDOWN_HELP,
            "minutes": _("Only members of the network and staff can read the minutes."),
        }
        widgets = {
            "agenda": forms.Textarea(attrs={"rows": 6}),
            "minutes": forms.Textarea(attrs={"rows": 12}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["minutes"].help_text = " ".join(
            [str(MARKDOWN_HELP), str(self.fields["minutes"].help_text)]
        )

    def service_arguments(self):
        return dict(self.cleaned_data)


class ParadoxForm(forms.ModelForm):
    class Meta:
        model = Paradox
        fields = ["title", "description", "perspective", "reflections", "is_public"]
        labels = {
            "title": _("Title"),
            "description": _("The paradox"),
            "perspective": _("Seen from"),
            "reflections": _("Our reflections"),
            "is_public": _("Show the paradox to everyone"),
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "reflections": forms.Textarea(attrs={"rows": 4}),
        }

    def service_arguments(self):
        return dict(self.cleaned_data)


class ExperimentForm(forms.ModelForm):
    """Members write for their own municipality; coordinators choose among the members
    (`municipalities`, None when the choice is not theirs). Linked cases are those the user
    may see (`visible_cases`)."""

    municipality = forms.ModelChoiceField(
        label=_("Municipality"), queryset=Municipality.objects.none()
    )

    class Meta:
        model = Experiment
        fields = [
            "municipality", "title", "question", "what_we_tried", "with_politicians",
            "with_volunteer_consultants", "with_citizens", "status", "learning", "case",
            "is_public",
        ]  # fmt: skip
        labels = {
            "title": _("Title"),
            "question": _("What we asked"),
            "what_we_tried": _("What we tried"),
            "with_politicians": _("Politicians took part"),
            "with_volunteer_consultants": _("Volunteer consultants took part"),
            "with_citizens": _("Citizens took part"),
            "status": _("Status"),
            "learning": _("What we learned"),
            "case": _("Linked case (optional)"),
            "is_public": _("Show the experiment to everyone"),
        }
        help_texts = {
            "question": _("The question the experiment set out to answer."),
            "case": _("A case on the platform that the experiment belongs to."),
        }
        widgets = {
            "question": forms.Textarea(attrs={"rows": 3}),
            "what_we_tried": forms.Textarea(attrs={"rows": 5}),
            "learning": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, municipalities=None, visible_cases, **kwargs):
        super().__init__(*args, **kwargs)
        if municipalities is None:
            del self.fields["municipality"]
        else:
            self.fields["municipality"].queryset = municipalities
        self.fields["case"].queryset = visible_cases.order_by("title")
        self.fields["case"].empty_label = _("No linked case")

    def service_arguments(self):
        return dict(self.cleaned_data)
