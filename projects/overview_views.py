"""Overview for a municipality: its cases by track, welfare area and step, and how
practices spread between its cases and other municipalities' cases.

Every number comes from `cases_visible_to(request.user)`, so a kladde case never shows up
in a count for someone who may not see it.
"""

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.utils.translation import gettext as _

from samskabelse.models import Municipality

from .charts import bar_chart, bar_rows
from .models import Step, Track, WelfareArea
from .selectors import cases_visible_to
from .trail_graph import trail_svg
from .trails import spread_forest

NO_STEP = "none"
# The overview draws at most this many spreads; each case's page shows its whole trail.
OVERVIEW_SPREAD_LIMIT = 60


def case_counts(cases):
    """({track: n}, {welfare area: n}, {step or NO_STEP: n}) in one query."""
    by_track, by_area, by_step = {}, {}, {}
    rows = cases.order_by().values("track", "welfare_area", "step").annotate(n=Count("pk"))
    for row in rows:
        step = row["step"] if row["step"] is not None else NO_STEP
        by_track[row["track"]] = by_track.get(row["track"], 0) + row["n"]
        by_area[row["welfare_area"]] = by_area.get(row["welfare_area"], 0) + row["n"]
        by_step[step] = by_step.get(step, 0) + row["n"]
    return by_track, by_area, by_step


def spread_links(user, municipality):
    """Visible cases that spread from or to one of the municipality's cases, with the case
    they spread from; both ends must be visible to `user`."""
    visible = cases_visible_to(user)
    return (
        visible.filter(spread_from__in=visible.values("pk"))
        .filter(Q(municipality=municipality) | Q(spread_from__municipality=municipality))
        .select_related("municipality", "spread_from__municipality")
        .order_by("spread_from__title", "title")
    )


def spread_context(user, municipality):
    """The spreads that touch the municipality (at most OVERVIEW_SPREAD_LIMIT): drawn as
    trees, and listed as practices that came in, went out and spread within it."""
    links = list(spread_links(user, municipality)[: OVERVIEW_SPREAD_LIMIT + 1])
    truncated = len(links) > OVERVIEW_SPREAD_LIMIT
    links = links[:OVERVIEW_SPREAD_LIMIT]
    home = municipality.pk
    forest = spread_forest(links, home=municipality, truncated=truncated)
    name = municipality.short_name
    return {
        "spread_links": links,
        "spread_truncated": truncated,
        "spread_limit": OVERVIEW_SPREAD_LIMIT,
        "spread_groups": [
            (
                "spread-in",
                _("Came in to %(name)s") % {"name": name},
                [c for c in links if c.municipality_id == home != c.spread_from.municipality_id],
            ),
            (
                "spread-out",
                _("Went out from %(name)s") % {"name": name},
                [c for c in links if c.spread_from.municipality_id == home != c.municipality_id],
            ),
            (
                "spread-within",
                _("Spread within %(name)s") % {"name": name},
                [c for c in links if c.municipality_id == home == c.spread_from.municipality_id],
            ),
        ],
        "spread_svg": trail_svg(
            forest,
            graph_id="spread-trails",
            title=_("How practices spread to and from %(name)s") % {"name": name},
            description=_("The lists below tell the same spreads in words."),
        )
        if links
        else "",
    }


def _cases_chart(chart_id, counts, labels, title, label_heading):
    return bar_chart(
        bar_rows(counts, labels),
        chart_id=chart_id,
        title=title,
        label_heading=label_heading,
        value_heading=_("Cases"),
    )


def overview(request, kommunekode):
    municipality = get_object_or_404(Municipality, code=kommunekode)
    cases = cases_visible_to(request.user).filter(municipality=municipality)
    by_track, by_area, by_step = case_counts(cases)
    step_labels = {step.value: f"{step.value}. {step.label}" for step in Step}
    if by_step.get(NO_STEP):
        step_labels[NO_STEP] = _("Not placed on a step")
    charts = [
        _cases_chart(
            "cases-by-track", by_track, dict(Track.choices), _("Cases by track"), _("Track")
        ),
        _cases_chart(
            "cases-by-welfare-area",
            by_area,
            dict(WelfareArea.choices),
            _("Cases by welfare area"),
            _("Welfare area"),
        ),
        _cases_chart(
            "cases-by-step",
            by_step,
            step_labels,
            _("Cases by step on samskabelsestrappen"),
            _("Step"),
        ),
    ]
    return render(
        request,
        "projects/overview.html",
        {
            "municipality": municipality,
            "total_cases": sum(by_track.values()),
            "charts": charts,
            **spread_context(request.user, municipality),
        },
    )


urlpatterns = [
    path("overview/<str:kommunekode>/", overview, name="overview"),
]
