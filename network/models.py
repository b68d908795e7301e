"""Networks, people, meetings, experiments and the movement (see DESIGN.md, network)."""
