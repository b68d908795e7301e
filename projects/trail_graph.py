"""The spreading trail drawn as server-rendered SVG: one column per generation, left to right,
each case a box with its title and its place, an arrow for each spread.

No script and no inline style (the CSP forbids both): the look is in samskabelse.css
(`.trail-graph…`). To a screen reader the SVG is one labelled image (role="img", with a
<title> and a <desc>); the list beside it (projects/_trail_list.html) tells the same trail in
words, so nobody depends on the picture.
"""

from django.template.defaultfilters import date as date_format
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

NODE_WIDTH = 220
NODE_HEIGHT = 52
COLUMN_GAP = 56
ROW_GAP = 14
TITLE_CHARS = 27  # longer titles are shortened in the picture; the list has them in full
META_CHARS = 32
PADDING = 4


def _rows(trail):
    """{node key: row}: leaves take the next row in depth-first order, a parent sits midway
    between its first and its last child, so no two boxes of a column overlap."""
    rows, next_row = {}, 0
    stack = [(root, False) for root in reversed(trail.roots)]
    while stack:  # iterative: a trail may be many generations deep
        node, children_done = stack.pop()
        if not node.children:
            rows[node.key] = next_row
            next_row += 1
        elif children_done:
            rows[node.key] = (rows[node.children[0].key] + rows[node.children[-1].key]) / 2
        else:
            stack.append((node, True))
            stack.extend((child, False) for child in reversed(node.children))
    return rows, max(next_row, 1)


def label(node):
    """The box's two lines: the title, and the place and date (or what is hidden)."""
    if node.is_hidden:
        title = ngettext("%(count)d case", "%(count)d cases", node.hidden_count) % {
            "count": node.hidden_count
        }
        return title, _("you cannot see")
    meta = node.municipality
    if node.date:
        meta = f"{meta} · {date_format(node.date, 'j. b Y')}"
    return node.title, meta


def _box(node, x, y):
    title, meta = label(node)
    modifier = ""
    if node.is_current:
        modifier = " trail-graph__node--current"
    elif node.is_home:
        modifier = " trail-graph__node--home"
    elif node.is_hidden:
        modifier = " trail-graph__node--hidden"
    return format_html(
        '<g class="trail-graph__node{}" data-key="{}">'
        '<rect x="{}" y="{}" width="{}" height="{}" rx="6"/>'
        '<text class="trail-graph__title" x="{}" y="{}">{}</text>'
        '<text class="trail-graph__meta" x="{}" y="{}">{}</text></g>',
        modifier,
        node.key,
        x,
        y,
        NODE_WIDTH,
        NODE_HEIGHT,
        x + 10,
        y + 21,
        Truncator(title).chars(TITLE_CHARS),
        x + 10,
        y + 41,
        Truncator(meta).chars(META_CHARS),
    )


def trail_svg(trail, *, graph_id="trail", title=None, description=None):
    """The trail as inline SVG markup (safe HTML); titles and places are escaped here.
    `graph_id` (a constant, not input) makes the element ids unique on the page."""
    rows, row_count = _rows(trail)

    def position(node):
        x = PADDING + node.generation * (NODE_WIDTH + COLUMN_GAP)
        y = PADDING + rows[node.key] * (NODE_HEIGHT + ROW_GAP)
        return x, round(y, 1)

    edges = []
    for edge in trail.edges:
        (x1, y1), (x2, y2) = position(edge.source), position(edge.target)
        start_x, start_y = x1 + NODE_WIDTH, y1 + NODE_HEIGHT / 2
        end_x, end_y = x2 - 6, y2 + NODE_HEIGHT / 2
        bend = (end_x - start_x) / 2
        edges.append(
            (
                f"M{start_x} {start_y} C{start_x + bend} {start_y} "
                f"{end_x - bend} {end_y} {end_x} {end_y}",
            )
        )
    width = 2 * PADDING + trail.generations * (NODE_WIDTH + COLUMN_GAP) - COLUMN_GAP
    height = 2 * PADDING + row_count * (NODE_HEIGHT + ROW_GAP) - ROW_GAP
    visible = trail.visible_nodes
    summary = ngettext(
        "%(count)d case in %(places)s.", "%(count)d cases in %(places)s.", len(visible)
    ) % {"count": len(visible), "places": ", ".join(trail.municipalities)}
    if description is None:
        description = _("The list below tells the same trail in words.")
    description = f"{summary} {description}"
    return format_html(
        '<svg class="trail-graph" role="img" aria-labelledby="{id}-title {id}-desc" '
        'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        'xmlns="http://www.w3.org/2000/svg">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{description}</desc>'
        '<defs><marker id="{id}-arrow" viewBox="0 0 10 10" refX="8" refY="5" '
        'markerWidth="7" markerHeight="7" orient="auto">'
        '<path class="trail-graph__arrow" d="M0 0 L10 5 L0 10 z"/></marker></defs>'
        "{edges}{boxes}</svg>",
        id=graph_id,
        width=width,
        height=height,
        title=title or _("Spreading trail"),
        description=description,
        edges=format_html_join(
            "",
            '<path class="trail-graph__edge" d="{}" marker-end="url(#' + graph_id + '-arrow)"/>',
            edges,
        ),
        boxes=format_html_join("", "{}", ((_box(node, *position(node)),) for node in trail.nodes)),
    )
