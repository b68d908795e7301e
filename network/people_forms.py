"""The people search's GET form. It only parses: who is found is people_selectors' rule."""

from django import forms
from django.utils.translation import gettext_lazy as _

from samskabelse.models import Municipality, Region

from .models import Tag
from .people_selectors import tags_of_kind

BLANK = [("", _("All"))]


class PeopleSearchForm(forms.Form):
    """Values it does not know (an old link, a case the viewer may no longer see) are
    dropped rather than fatal, so the search still answers."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        help_text=_("A name, job title, municipality, local area, role, expertise or case."),
    )
    role = forms.ModelChoiceField(
        label=_("Role"), queryset=Tag.objects.none(), to_field_name="slug", required=False,
        empty_label=_("All"),
    )  # fmt: skip
    expertise = forms.ModelChoiceField(
        label=_("Expertise"), queryset=Tag.objects.none(), to_field_name="slug",
        required=False, empty_label=_("All"),
    )  # fmt: skip
    municipality = forms.ModelChoiceField(
        label=_("Municipality"), queryset=Municipality.objects.all(), to_field_name="code",
        required=False, empty_label=_("All"),
    )  # fmt: skip
    region = forms.TypedChoiceField(
        label=_("Region"), choices=BLANK + Region.choices, coerce=int, empty_value=None,
        required=False,
    )  # fmt: skip
    case = forms.ModelChoiceField(
        label=_("Case worked on"), queryset=None, to_field_name="slug", required=False,
        empty_label=_("All"),
    )  # fmt: skip

    def __init__(self, *args, visible_cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].queryset = tags_of_kind(Tag.Kind.ROLE)
        self.fields["expertise"].queryset = tags_of_kind(Tag.Kind.EXPERTISE)
        self.fields["case"].queryset = visible_cases.select_related(None).order_by("title")

    # find_people takes the tags' slugs.
    def clean_role(self):
        tag = self.cleaned_data["role"]
        return tag.slug if tag else None

    def clean_expertise(self):
        tag = self.cleaned_data["expertise"]
        return tag.slug if tag else None

    def search_arguments(self):
        """Keyword arguments for people_selectors.find_people; invalid values left out."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if value not in (None, "") and name not in self.errors
        }

    def ignored_fields(self):
        self.is_valid()
        return [self.fields[name].label for name in self.errors]
