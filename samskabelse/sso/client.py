"""The one module that speaks OpenID Connect, through Authlib's Django client.

Per sign-in it builds an Authlib client from the provider's row, so any number of
providers can be added in the admin while the site runs. Authlib does the protocol: the
Authorization Code flow with PKCE (S256), the state and nonce kept in the session, the
code exchange, and the ID token's signature (from the provider's JWKS), issuer, audience,
expiry and nonce. We do discovery ourselves, to check that the provider's metadata names
the issuer we were configured with and to turn an unreachable provider into a clear
error, and keep it in the shared cache so each web process does not fetch it again."""

import logging

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.django_client import OAuth
from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _
from joserfc.errors import JoseError

from samskabelse.exceptions import DomainError, Unavailable

logger = logging.getLogger(__name__)

REQUIRED_METADATA = ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri")
# A provider that did not answer is not asked again for this long: a queue of people
# pressing the button must not each hold a web process for the whole timeout.
UNREACHABLE_RETRY_SECONDS = 30


class ProviderUnavailable(Unavailable):
    default_code = "identity_provider_unavailable"
    default_message = _(
        "We cannot reach your organisation's login service right now. Please try again in "
        "a few minutes, or log in with your password below."
    )


class ProviderMisconfigured(DomainError):
    status_code = 502
    default_code = "identity_provider_misconfigured"
    default_message = _(
        "Your organisation's login service is not set up correctly. Please tell your IT "
        "department or an administrator."
    )


class SignInRefused(DomainError):
    status_code = 403
    default_code = "sign_in_refused"
    default_message = _("The login could not be verified, so you have not been logged in.")


def _cache_key(provider, kind="metadata"):
    return f"sso:{kind}:{provider.pk}:{provider.issuer}"


def fetch_metadata(provider, *, use_cache=True):
    """The provider's discovery document (/.well-known/openid-configuration), checked:
    the issuer in it must be the one configured, and the endpoints we need must be there."""
    key, unreachable_key = _cache_key(provider), _cache_key(provider, "unreachable")
    if use_cache and (metadata := cache.get(key)):
        return metadata
    if use_cache and cache.get(unreachable_key):
        raise ProviderUnavailable()
    try:
        response = requests.get(provider.discovery_url, timeout=settings.SSO_HTTP_TIMEOUT)
        response.raise_for_status()
        metadata = response.json()
    except (requests.RequestException, ValueError) as error:
        logger.warning("Discovery failed for identity provider %s: %s", provider.slug, error)
        cache.set(unreachable_key, True, UNREACHABLE_RETRY_SECONDS)
        raise ProviderUnavailable() from error
    if not isinstance(metadata, dict) or any(not metadata.get(k) for k in REQUIRED_METADATA):
        logger.warning("Identity provider %s: discovery lacks required fields", provider.slug)
        raise ProviderMisconfigured()
    if metadata["issuer"].rstrip("/") != provider.issuer.rstrip("/"):
        # OpenID Connect Discovery §4.3: the issuer in the document must be the one asked.
        logger.warning(
            "Identity provider %s: discovery names issuer %r, configured %r",
            provider.slug,
            metadata["issuer"],
            provider.issuer,
        )
        raise ProviderMisconfigured()
    cache.set(key, metadata, settings.SSO_METADATA_CACHE_SECONDS)
    return metadata


def _client(provider, metadata):
    oauth = OAuth()
    return oauth.register(
        name=f"idp_{provider.pk}",
        client_id=provider.client_id,
        client_secret=provider.client_secret,
        client_kwargs={
            "scope": provider.scopes,
            "code_challenge_method": "S256",
            "default_timeout": settings.SSO_HTTP_TIMEOUT,
        },
        # Passed as metadata rather than a URL, so Authlib uses the document checked above.
        **metadata,
    )


def authorization_url(request, provider, redirect_uri):
    """The address of the provider's login for this sign-in; its state, nonce and PKCE
    verifier go in the session for the callback."""
    client = _client(provider, fetch_metadata(provider))
    authorization = client.create_authorization_url(redirect_uri)
    client.save_authorize_data(request, redirect_uri=redirect_uri, **authorization)
    return authorization["url"]


def verified_claims(request, provider):
    """The callback's ID-token claims, once Authlib has exchanged the code and checked the
    token's signature, issuer, audience, expiry and nonce. Anything else is refused."""
    metadata = fetch_metadata(provider)
    client = _client(provider, metadata)
    claims_options = {
        "iss": {"essential": True, "values": [metadata["issuer"]]},
        "sub": {"essential": True},
    }
    try:
        token = client.authorize_access_token(request, claims_options=claims_options)
    except requests.RequestException as error:
        logger.warning("Identity provider %s: token request failed: %s", provider.slug, error)
        raise ProviderUnavailable() from error
    except (AuthlibBaseError, JoseError, ValueError) as error:
        # A refused login at the provider, a stale or forged state, a bad signature, a
        # wrong nonce, issuer or audience: all end here, none signs anybody in.
        logger.warning("Identity provider %s: sign-in refused: %r", provider.slug, error)
        raise SignInRefused() from error
    claims = token.get("userinfo")
    if not claims:
        logger.warning("Identity provider %s: no ID token in the answer", provider.slug)
        raise SignInRefused()
    return dict(claims)
