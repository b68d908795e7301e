"""Co-creation cases and what hangs on them (see DESIGN.md, projects)."""
