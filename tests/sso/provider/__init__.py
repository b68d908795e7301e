"""A real OpenID Connect provider for the single sign-on tests: django-oauth-toolkit in a
Django process of its own on loopback, started by tests/sso/conftest.py.

Its people and their groups come from a JSON "directory" file that the tests write, as a
municipality's Active Directory would hold them; the file is read at every login and
every token, so a test can take a person out of a group between two logins. A person's
entry may also ask the provider to misbehave (`"fault": "tampered_id_token"` or
`"wrong_nonce"`), so the tests can see that such answers are refused."""
