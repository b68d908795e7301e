"""Text helpers every app shares."""

from django.utils.text import slugify

# Danish letters spelt out, so "Fælles" becomes "faelles", not "flles".
DANISH_LETTERS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


def danish_slugify(text):
    """A web address name from Danish text: æ→ae, ø→oe, å→aa, then Django's slugify."""
    return slugify((text or "").translate(DANISH_LETTERS))
