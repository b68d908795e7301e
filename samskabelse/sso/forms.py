from django import forms
from django.utils.translation import gettext_lazy as _

from .models import IdentityProvider
from .selectors import providers_on_login_page


class ProviderChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return str(obj.owner)


class ChooseProviderForm(forms.Form):
    """Log ind med din kommune: which municipality's or organisation's login to go to."""

    provider = ProviderChoiceField(
        label=_("Your municipality or organisation"),
        queryset=IdentityProvider.objects.none(),
        to_field_name="slug",
        empty_label=_("Choose …"),
        error_messages={"required": _("Choose your municipality or organisation.")},
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers_on_login_page()

    def has_choices(self):
        return self.fields["provider"].queryset.exists()
