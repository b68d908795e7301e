"""Server-rendered SVG charts: no script, no CDN, nothing the strict CSP would block.

A chart is an image to the eye and a labelled image (role="img" with <title> and <desc>)
to a screen reader; pages show the same numbers in a table beside it (see
projects/overview_chart.html, behind "Show the numbers"), so nobody depends on the picture.
"""

from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator

CHART_WIDTH = 480
LABEL_HEIGHT = 24  # the row's label sits above its bar, so long Danish labels never collide
BAR_HEIGHT = 20
ROW_GAP = 14
VALUE_SPACE = 48  # room right of the longest bar for its number
LABEL_CHARS = 58  # longer labels are shortened in the picture; the table has them in full
BAR_COLOUR = "#0b5a4a"  # --color-primary, 8:1 on white
TEXT_COLOUR = "#1b1f24"  # --color-text


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    key: object = None  # what the bar counts (a choice value, a theme's slug)


def bar_rows(counts, labels):
    """Bars in the order of `labels` ({key: label}), with zero for a key without a count."""
    return [
        Bar(label=str(label), value=counts.get(key, 0), key=key) for key, label in labels.items()
    ]


@dataclass(frozen=True)
class BarChart:
    """What projects/overview_chart.html needs: the SVG and the same numbers for its table.

    `chart_id` makes the element ids unique on the page; `title` is translated text,
    `label_heading` and `value_heading` head the table's two columns.
    """

    chart_id: str
    title: str
    label_heading: str
    value_heading: str
    bars: tuple

    @property
    def svg(self):
        return horizontal_bar_chart(
            self.bars, chart_id=self.chart_id, title=self.title, description=summary(self.bars)
        )

    @property
    def total(self):
        return sum(bar.value for bar in self.bars)


def bar_chart(bars, *, chart_id, title, label_heading, value_heading):
    return BarChart(
        chart_id=chart_id,
        title=str(title),
        label_heading=str(label_heading),
        value_heading=str(value_heading),
        bars=tuple(bars),
    )


def horizontal_bar_chart(bars, *, chart_id, title, description):
    """An accessible horizontal bar chart as inline SVG markup (safe HTML).

    The labels, `title` and `description` are escaped here.
    """
    bars = list(bars)
    largest = max((bar.value for bar in bars), default=0) or 1
    row_height = LABEL_HEIGHT + BAR_HEIGHT + ROW_GAP
    height = max(row_height * len(bars), row_height)
    bar_space = CHART_WIDTH - VALUE_SPACE
    rows = []
    for index, bar in enumerate(bars):
        top = index * row_height
        width = round(bar_space * bar.value / largest, 1)
        rows.append(
            (
                top + LABEL_HEIGHT - 6,
                Truncator(bar.label).chars(LABEL_CHARS),
                top + LABEL_HEIGHT,
                max(width, 1) if bar.value else 0,
                width + 6,
                top + LABEL_HEIGHT + BAR_HEIGHT - 5,
                bar.value,
            )
        )
    body = format_html_join(
        "\n",
        '<text x="0" y="{}" fill="' + TEXT_COLOUR + '" font-size="16">{}</text>'
        '<rect x="0" y="{}" width="{}" height="' + str(BAR_HEIGHT) + '" fill="' + BAR_COLOUR + '"/>'
        '<text x="{}" y="{}" fill="' + TEXT_COLOUR + '" font-size="16" font-weight="700">{}</text>',
        rows,
    )
    return format_html(
        '<svg class="chart" role="img" aria-labelledby="{id}-title {id}-desc" '
        'viewBox="0 0 {width} {height}" width="100%" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{description}</desc>'
        "{body}</svg>",
        id=chart_id,
        width=CHART_WIDTH,
        height=height,
        title=title,
        description=description,
        body=body,
    )


def summary(bars):
    """'Label: 3, Other label: 0' — the chart's numbers as one line for its <desc>."""
    return ", ".join(f"{bar.label}: {bar.value}" for bar in bars)
