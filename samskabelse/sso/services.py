"""Single sign-on's one write: turn a provider's verified claims into a user here."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samskabelse.exceptions import Conflict, DomainError
from samskabelse.roles import Role

from .models import ExternalIdentity

EMAIL_CLAIMS = ("email", "preferred_username", "upn")  # Entra ID and ADFS send the UPN


class EmailAlreadyInUse(Conflict):
    default_code = "email_in_use"
    default_message = _(
        "An account with your email address already exists here, but it is not linked to "
        "your organisation's login. Log in with your password first, then choose your "
        "organisation here once more: that links the two."
    )


class ClaimsIncomplete(DomainError):
    default_code = "claims_incomplete"
    default_message = _(
        "Your organisation's login service did not send an email address. Please tell your "
        "IT department."
    )


class AccountDisabled(DomainError):
    status_code = 403
    default_code = "account_disabled"
    default_message = _("Your account here has been deactivated.")


def _email_from(claims):
    for name in EMAIL_CLAIMS:
        value = claims.get(name)
        if isinstance(value, str) and "@" in value:
            return value.strip().lower()
    return None


def _group_values(claims, claim_name):
    """The claim as a set of strings: providers send a list, or one value as a string."""
    value = claims.get(claim_name)
    if isinstance(value, str):
        return {value}
    if isinstance(value, list | tuple):
        return {str(item) for item in value}
    return set()


def roles_from_claims(*, provider, claims):
    """The roles the provider's groups give: each mapped group the claim lists."""
    groups = _group_values(claims, provider.groups_claim)
    return {mapping.role for mapping in provider.role_mappings.all() if mapping.group in groups}


def sync_roles(*, user, roles):
    """The user has exactly these of our roles; groups that are not roles are left alone.
    So a person removed from a group at the provider loses the role at the next login."""
    role_groups = {group.name: group for group in Group.objects.filter(name__in=Role.values)}
    missing = [Group(name=name) for name in roles if name not in role_groups]
    for group in missing:
        group.save()
        role_groups[group.name] = group
    user.groups.remove(*[group for name, group in role_groups.items() if name not in roles])
    user.groups.add(*[role_groups[name] for name in roles])


def _may_link(signed_in_user, email):
    return (
        signed_in_user is not None
        and signed_in_user.has_usable_password()
        and email is not None
        and signed_in_user.email == email
    )


@transaction.atomic
def sign_in_from_claims(*, provider, claims, signed_in_user=None):
    """The user these verified claims are, created at the first login. Found by the
    provider's issuer and `sub`; an existing account with the same email but no link is
    refused, not taken over, unless its owner is signed in with its password in this
    browser: then the identity is linked to that account (the flow was started in that
    very session, as the state Authlib checks proves, and the provider vouches for the
    same address, so a colleague at a shared computer cannot link theirs). Every login
    sets the municipality, organisation, name and roles from the provider, which is the
    source of truth for its staff: a person whose groups give no role signs in, but is not
    staff here."""
    issuer, subject = claims["iss"], str(claims["sub"])
    identity = (
        ExternalIdentity.objects.select_for_update()
        .select_related("user")
        .filter(issuer=issuer, subject=subject)
        .first()
    )
    email = _email_from(claims)
    User = get_user_model()
    if identity is None and _may_link(signed_in_user, email):
        user = signed_in_user
        identity = ExternalIdentity(provider=provider, issuer=issuer, subject=subject)
    elif identity is None:
        if not email:
            raise ClaimsIncomplete()
        if User.objects.filter(email__iexact=email).exists():
            raise EmailAlreadyInUse()
        user = User(email=email)
        user.set_unusable_password()
        identity = ExternalIdentity(provider=provider, issuer=issuer, subject=subject)
    else:
        user = identity.user
        if not user.is_active:
            raise AccountDisabled()
        # A changed address follows the person, unless another account has it.
        changed = email and email != user.email
        if changed and not User.objects.filter(email__iexact=email).exists():
            user.email = email
    user.first_name = str(claims.get("given_name") or user.first_name)[:150]
    user.last_name = str(claims.get("family_name") or user.last_name)[:150]
    if provider.municipality:
        user.municipality = provider.municipality
    else:
        user.organisation = provider.organisation
        user.municipality = provider.organisation.municipality or user.municipality
    roles = roles_from_claims(provider=provider, claims=claims)
    # Staff here are the people with one of our roles; a superuser stays one.
    user.is_staff = bool(roles) or user.is_superuser
    user.full_clean(exclude=["password"])
    user.save()
    identity.user = user
    identity.provider = provider
    identity.last_login_at = timezone.now()
    identity.save()
    sync_roles(user=user, roles=roles)
    return user
