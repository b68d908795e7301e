from django import forms
from django.utils.translation import gettext_lazy as _

from ..forms import HoneypotMixin, honeypot_field


class MyDataRequestForm(HoneypotMixin, forms.Form):
    """The address to send a Mine data link to; the honeypot `website` catches robots."""

    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        help_text=_("The address you used when you registered or subscribed."),
        widget=forms.EmailInput({"autocomplete": "email"}),
    )
    website = honeypot_field()
