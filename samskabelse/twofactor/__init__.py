"""Optional two-factor login (TOTP, an authenticator app) for password accounts, meant for
admins: django-otp's TOTP devices, a second step after the password, and a page to turn
it on and off. Sign-ins through a municipality's provider get their second factor there.

services.py  the device rules (one confirmed app per person; a code turns it on and off)
views.py     the code step after the password, and the setup page
"""
