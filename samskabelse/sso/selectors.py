from .models import IdentityProvider


def providers_on_login_page():
    """The enabled providers, by the name of the municipality or organisation they serve."""
    return (
        IdentityProvider.objects.enabled()
        .select_related("municipality", "organisation")
        .order_by("municipality__name", "organisation__name")
    )
