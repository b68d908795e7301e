"""Single sign-on for staff: each municipality's or organisation's own OpenID Connect
identity provider (Entra ID, ADFS, a NemLog-in broker), configured in the admin.

models.py    the providers, their group-to-role mapping and the identities they vouch for
client.py    the only module that speaks OpenID Connect (discovery, PKCE, ID-token checks)
services.py  sign_in_from_claims: who the claims are, their municipality and their roles
views.py     the login page's "Log ind med din kommune" form and the provider's callback
"""
