"""Theme days, occurrences, registrations and the newsletter (see DESIGN.md, events)."""
