"""Medborgerskabskatalog: a consultant gathers cases into a printable catalogue (an HTML
page with a print stylesheet, and a PDF built by WeasyPrint). A Django app of its own
(label `catalogue`) inside projects, which it reads through projects' selectors."""
