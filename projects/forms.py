"""Forms for the case pages: the list's filters, the guided case form, the journal's one
short form, and the photo, quote and partner additions. Rules live in services.py; these
only parse input."""

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samskabelse.models import Municipality, OrganisationKind, User
from samskabelse.roles import Role

from .models import (
    Case,
    CaseStatus,
    JournalEntry,
    PartnerRole,
    Principle,
    Step,
    Track,
    WelfareArea,
)

BLANK = [("", _("All"))]


class WithoutColons:
    """Labels read "Fil", not "Fil:" (the GOV.UK pattern the pages follow)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class CaseFilterForm(forms.Form):
    """The list page's GET form. Values it does not know are dropped, not fatal."""

    SORT_CHOICES = [("", _("Newest updated")), ("title", _("Title"))]

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=_("All"),
    )
    track = forms.ChoiceField(label=_("Track"), choices=BLANK + Track.choices, required=False)
    welfare_area = forms.ChoiceField(
        label=_("Welfare area"), choices=BLANK + WelfareArea.choices, required=False
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=BLANK + CaseStatus.choices, required=False
    )
    principle = forms.ModelChoiceField(
        label=_("Principle"),
        queryset=Principle.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All"),
    )
    step = forms.TypedChoiceField(
        label=_("Step on samskabelsestrappen"),
        choices=lambda: BLANK + [(value, f"{value}. {label}") for value, label in Step.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORT_CHOICES, required=False)

    def filters(self):
        """The valid, non-empty filters; invalid values are ignored (see ignored_fields)."""
        self.is_valid()
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if value not in (None, "") and name not in ("q", "sort")
        }

    def ignored_fields(self):
        self.is_valid()
        return [self.fields[name].label for name in self.errors]

    def selection(self):
        """What selectors.cases_listed takes: the valid filters, the search words, the order
        (shared by the list page and its downloads)."""
        if not self.is_bound:
            return {"filters": {}, "query": "", "sort": ""}
        filters = self.filters()
        return {
            "filters": filters,
            "query": self.cleaned_data.get("q", ""),
            "sort": self.cleaned_data.get("sort", ""),
        }


def consultants_of(municipality_id=None, *, keep=None):
    """Active consultants (of one municipality, if given), plus the users in `keep` so an
    edit never drops a responsible consultant the list would otherwise leave out."""
    condition = Q(is_active=True, is_staff=True, groups__name=Role.CONSULTANT)
    if municipality_id:
        condition &= Q(municipality_id=municipality_id)
    if keep is not None:
        condition |= Q(pk__in=keep.values("pk"))
    return User.objects.filter(condition).order_by("first_name", "last_name").distinct()


# The guided form's sections as a consultant thinks of a case: (title, intro, fields).
CASE_SECTIONS = [
    (
        _("What"),
        _("Tell what the case is about in a few lines; the story can be longer."),
        [
            "title",
            "summary",
            "story",
            "unit",
            "welfare_area",
            "track",
            "status",
            "visibility",
            "start_date",
            "end_date",
        ],
    ),
    (
        _("Who"),
        _("The municipality that owns the case and the consultants responsible for it."),
        ["municipality", "consultants"],
    ),
    (
        _("Frameworks"),
        _("Tick the criteria the case meets and any red flags, honestly."),
        [
            "outside_in",
            "mobilisation",
            "innovation",
            "cross_disciplinary",
            "flag_finished_solution",
            "flag_preprogrammed",
            "flag_cost_cutting",
            "step",
            "principles",
            "grips",
        ],
    ),
    (
        _("Opskriften"),
        _("The recipe: the problem, who can help, how to motivate them, and the arena."),
        ["recipe_problem", "recipe_helpers", "recipe_motivation", "recipe_arena"],
    ),
    (
        _("Results"),
        _("What came of it, what you learned, and where the practice came from."),
        ["outcomes", "learnings", "spread_from"],
    ),
]


class CaseForm(WithoutColons, forms.ModelForm):
    """The guided case form, in the sections of CASE_SECTIONS: what happened, who took
    part, the frameworks, opskriften and the results."""

    SECTIONS = CASE_SECTIONS
    required_css_class = "field__label--required"

    spread_from = forms.ModelChoiceField(
        label=_("Spread from"),
        queryset=Case.objects.none(),
        to_field_name="slug",
        required=False,
        widget=forms.TextInput,
        help_text=_(
            "If the practice came from another case, its web address name: "
            "the last part of its address, e.g. frivillige-paa-plejecentret."
        ),
        error_messages={"invalid_choice": _("We could not find a case with that address name.")},
    )

    class Meta:
        model = Case
        fields = [name for _title, _intro, names in CASE_SECTIONS for name in names]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "story": forms.Textarea(attrs={"rows": 10}),
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "consultants": forms.CheckboxSelectMultiple,
            "principles": forms.CheckboxSelectMultiple,
            "grips": forms.CheckboxSelectMultiple,
            "recipe_problem": forms.Textarea(attrs={"rows": 3}),
            "recipe_helpers": forms.Textarea(attrs={"rows": 3}),
            "recipe_motivation": forms.Textarea(attrs={"rows": 3}),
            "recipe_arena": forms.Textarea(attrs={"rows": 3}),
            "outcomes": forms.Textarea(attrs={"rows": 4}),
            "learnings": forms.Textarea(attrs={"rows": 4}),
        }
        error_messages = {
            "title": {"required": _("Give the case a title.")},
            "summary": {"required": _("Write a short summary of the case.")},
            "municipality": {"required": _("Choose the municipality the case belongs to.")},
            "welfare_area": {"required": _("Choose a welfare area.")},
            "track": {"required": _("Choose a track.")},
        }

    def __init__(self, *args, user, visible_cases, **kwargs):
        super().__init__(*args, **kwargs)
        own = None if user.is_superuser else user.municipality_id
        municipalities = self.fields["municipality"].queryset
        self.fields["municipality"].queryset = (
            municipalities if own is None else municipalities.filter(pk=own)
        )
        if own is not None:
            self.fields["municipality"].empty_label = None
        keep = self.instance.consultants.all() if self.instance.pk else None
        self.fields["consultants"].queryset = consultants_of(own, keep=keep)
        self.fields["spread_from"].queryset = visible_cases.exclude(pk=self.instance.pk)
        for name in ("principles", "grips"):
            # Nothing to tick yet: leave the group out rather than show an empty fieldset.
            if not self.fields[name].queryset.exists():
                del self.fields[name]
        if self.instance.spread_from_id:
            self.initial["spread_from"] = self.instance.spread_from.slug

    def sections(self):
        """[(title, help, [bound fields])] for the template."""
        return [
            (title, intro, [self[name] for name in names if name in self.fields])
            for title, intro, names in self.SECTIONS
        ]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date must not be before the start date."))
        return cleaned

    def service_arguments(self):
        """cleaned_data as keyword arguments for services.create_case/update_case."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.fields}


class JournalEntryForm(WithoutColons, forms.ModelForm):
    class Meta:
        model = JournalEntry
        fields = ["date", "kind", "text"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "text": forms.Textarea(attrs={"rows": 4}),
        }
        error_messages = {"text": {"required": _("Write what happened.")}}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"date": timezone.localdate()})
        super().__init__(*args, **kwargs)


class PhotoForm(WithoutColons, forms.Form):
    image = forms.FileField(
        label=_("Photo"),
        help_text=_("JPEG, PNG or WebP, at most 10 MB. Location data is removed."),
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        error_messages={"required": _("Choose a photo to upload.")},
    )
    alt_text = forms.CharField(
        label=_("Alt text"),
        max_length=300,
        help_text=_("Describe what the photo shows, for people who cannot see it."),
        error_messages={"required": _("Describe the photo: alt text is required.")},
    )
    caption = forms.CharField(label=_("Caption"), max_length=300, required=False)
    people_consent = forms.BooleanField(
        label=_("The people in the photo have agreed that it is shown"), required=False
    )


class QuoteForm(WithoutColons, forms.Form):
    text = forms.CharField(label=_("Quote"), widget=forms.Textarea(attrs={"rows": 3}))
    speaker_role = forms.CharField(
        label=_("Speaker's role"),
        max_length=160,
        help_text=_("E.g. chair, football club."),
        error_messages={"required": _("Say who is speaking: a role is required.")},
    )
    speaker_name = forms.CharField(
        label=_("Speaker's name (optional)"), max_length=160, required=False
    )
    name_consent = forms.BooleanField(
        label=_("The speaker has agreed that their name is shown"), required=False
    )


class PartnerForm(WithoutColons, forms.Form):
    organisation_name = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        help_text=_("E.g. Ældre Sagen, the local football club, a business."),
    )
    kind = forms.ChoiceField(label=_("Kind of organisation"), choices=OrganisationKind.choices)
    role = forms.ChoiceField(label=_("Role in the case"), choices=PartnerRole.choices)


class PhotoEditForm(WithoutColons, forms.Form):
    """What can change on a photo once it is up: the words around it and the consent."""

    alt_text = PhotoForm.base_fields["alt_text"]
    caption = PhotoForm.base_fields["caption"]
    people_consent = PhotoForm.base_fields["people_consent"]


class OptionalPartnerForm(PartnerForm):
    """One partner row in the case create form: a row left empty is skipped."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation_name"].required = False
        self.fields["organisation_name"].help_text = ""

    def partner(self):
        """The row as add_partner's arguments, or None for an empty row."""
        if not self.cleaned_data.get("organisation_name", "").strip():
            return None
        return {name: self.cleaned_data[name] for name in ("organisation_name", "kind", "role")}


PartnerFormSet = forms.formset_factory(OptionalPartnerForm, extra=3, max_num=20)


class PartnerRoleForm(WithoutColons, forms.Form):
    role = forms.ChoiceField(label=_("Role in the case"), choices=PartnerRole.choices)


class AttachmentForm(WithoutColons, forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, Word (DOCX), Excel (XLSX) or OpenDocument text (ODT), at most 20 MB."),
        widget=forms.FileInput(attrs={"accept": ".pdf,.docx,.xlsx,.odt"}),
        error_messages={"required": _("Choose a file to attach.")},
    )
    title = forms.CharField(
        label=_("Title (optional)"),
        max_length=200,
        required=False,
        help_text=_("What the file is; the file name is used if you leave it empty."),
    )
    journal_entry = forms.ModelChoiceField(
        label=_("Attach to a journal entry (optional)"),
        queryset=JournalEntry.objects.none(),
        required=False,
        empty_label=_("The case itself"),
    )

    def __init__(self, *args, journal, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["journal_entry"].queryset = journal
        self.fields["journal_entry"].label_from_instance = lambda entry: (
            f"{entry.date:%d.%m.%Y} · {entry.get_kind_display()}"
        )
        if not journal.exists():
            del self.fields["journal_entry"]
