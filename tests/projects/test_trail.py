"""The spreading trail (projects/trails.py): the whole tree a case belongs to, bounded,
cycle-safe, dated, and only as far as the viewer may see it; on the case page as an SVG
graph and a list that say the same."""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects import trails
from projects.models import Case, Visibility
from projects.trails import case_trail
from tests.factories import CaseFactory, UserFactory, consultant, municipality

pytestmark = pytest.mark.django_db

HOLBAEK = "316"


def titles(trail):
    """[(generation, title or '<n hidden>', parent's title)] in the trail's order."""

    def name(node):
        if node is None:
            return None
        return f"<{node.hidden_count} hidden>" if node.is_hidden else node.title

    return [(node.generation, name(node), name(node.parent)) for node in trail.nodes]


def chain(*names, **fields):
    """Cases each spread from the one before."""
    made, previous = [], None
    for title in names:
        previous = CaseFactory(title=title, spread_from=previous, **fields)
        made.append(previous)
    return made


def draft_in_holbaek(**fields):
    return CaseFactory(municipality=municipality(HOLBAEK), visibility=Visibility.KLADDE, **fields)


# --- Shapes -------------------------------------------------------------------------------


def test_a_chain_is_drawn_from_its_root_whichever_case_is_asked():
    first, middle, last = chain("Bakkehuset", "Æblehuset", "Solgården")

    for case in (first, middle, last):
        trail = case_trail(None, case)
        assert titles(trail) == [
            (0, "Bakkehuset", None),
            (1, "Æblehuset", "Bakkehuset"),
            (2, "Solgården", "Æblehuset"),
        ]
        assert [node.title for node in trail.nodes if node.is_current] == [case.title]
        assert not trail.truncated


def test_a_tree_holds_every_branch_not_only_the_line_of_the_case():
    root = CaseFactory(title="Rod")
    left = CaseFactory(title="Venstre", spread_from=root, start_date=datetime.date(2017, 1, 5))
    CaseFactory(title="Højre", spread_from=root, start_date=datetime.date(2017, 3, 1))
    leaf = CaseFactory(title="Blad", spread_from=left)

    trail = case_trail(None, leaf)

    assert titles(trail) == [
        (0, "Rod", None),
        (1, "Venstre", "Rod"),
        (1, "Højre", "Rod"),
        (2, "Blad", "Venstre"),
    ]
    assert [(edge.source.title, edge.target.title) for edge in trail.edges] == [
        ("Rod", "Venstre"),
        ("Rod", "Højre"),
        ("Venstre", "Blad"),
    ]
    assert trail.generations == 3


def test_children_are_ordered_by_the_date_they_spread():
    root = CaseFactory(title="Rod")
    CaseFactory(title="Senere", spread_from=root, start_date=datetime.date(2018, 1, 1))
    CaseFactory(title="Tidligere", spread_from=root, start_date=datetime.date(2016, 1, 1))

    assert [node.title for node in case_trail(None, root).root.children] == [
        "Tidligere",
        "Senere",
    ]


def test_a_case_that_never_spread_has_an_empty_trail():
    trail = case_trail(None, CaseFactory())
    assert trail.is_empty
    assert len(trail.nodes) == 1


def test_nodes_carry_unit_and_the_municipality_s_place_name():
    origin = CaseFactory(municipality=municipality("101"), unit="Park og Vej")
    CaseFactory(spread_from=origin, municipality=municipality(HOLBAEK), unit="")

    trail = case_trail(None, origin)

    assert [(node.municipality, node.unit) for node in trail.nodes] == [
        ("København", "Park og Vej"),
        ("Holbæk", ""),
    ]
    assert trail.municipalities == ["Holbæk", "København"]


# --- Dates --------------------------------------------------------------------------------


def test_a_spread_is_dated_by_the_start_of_the_case_it_spread_to():
    origin = CaseFactory(start_date=datetime.date(2016, 8, 1))
    CaseFactory(spread_from=origin, start_date=datetime.date(2017, 2, 14))

    (edge,) = case_trail(None, origin).edges

    assert edge.date == datetime.date(2017, 2, 14)
    assert edge.target.date_source == trails.DATE_FROM_START


def test_without_a_start_date_the_day_it_was_registered_in_danish_time_counts():
    origin = CaseFactory()
    copy = CaseFactory(spread_from=origin, start_date=None)
    # 23.30 UTC on 31 December is already New Year's Day in Copenhagen.
    late_evening = datetime.datetime(2016, 12, 31, 23, 30, tzinfo=datetime.UTC)
    Case.objects.filter(pk=copy.pk).update(created_at=late_evening)

    (edge,) = case_trail(None, origin).edges

    assert edge.date == datetime.date(2017, 1, 1)
    assert edge.target.date_source == trails.DATE_FROM_CREATED


# --- Visibility ---------------------------------------------------------------------------


def test_a_hidden_case_in_the_middle_is_a_placeholder_without_its_title():
    origin = CaseFactory(title="Offentlig start")
    hidden = draft_in_holbaek(title="Hemmelig kladde", spread_from=origin)
    end = CaseFactory(title="Offentlig slut", spread_from=hidden)

    trail = case_trail(None, end)

    assert titles(trail) == [
        (0, "Offentlig start", None),
        (1, "<1 hidden>", "Offentlig start"),
        (2, "Offentlig slut", "<1 hidden>"),
    ]
    placeholder = trail.nodes[1]
    assert (placeholder.slug, placeholder.title, placeholder.municipality) == ("", "", "")
    assert (placeholder.unit, placeholder.date, placeholder.url) == ("", None, "")


def test_the_municipality_s_own_staff_see_its_draft_in_the_trail():
    origin = CaseFactory(title="Offentlig start")
    hidden = draft_in_holbaek(title="Hemmelig kladde", spread_from=origin)
    CaseFactory(title="Offentlig slut", spread_from=hidden)

    assert "Hemmelig kladde" in [n.title for n in case_trail(consultant(HOLBAEK), origin).nodes]
    assert "Hemmelig kladde" not in [n.title for n in case_trail(consultant(), origin).nodes]


def test_internal_cases_are_hidden_from_citizens_and_shown_to_staff():
    origin = CaseFactory(title="Offentlig")
    CaseFactory(title="Intern", spread_from=origin, visibility=Visibility.INTERN)

    assert titles(case_trail(UserFactory(), origin)) == [(0, "Offentlig", None)]
    assert titles(case_trail(consultant(HOLBAEK), origin))[1] == (1, "Intern", "Offentlig")


def test_a_run_of_hidden_cases_is_one_placeholder_that_counts_them():
    origin = CaseFactory(title="Start")
    first = draft_in_holbaek(spread_from=origin)
    second = draft_in_holbaek(spread_from=first)
    CaseFactory(title="Slut", spread_from=second)

    assert titles(case_trail(None, origin)) == [
        (0, "Start", None),
        (1, "<2 hidden>", "Start"),
        (2, "Slut", "<2 hidden>"),
    ]


def test_hidden_siblings_share_one_placeholder_that_nothing_tells_apart():
    origin = CaseFactory(title="Start")
    for title in ("Første efter", "Andet efter"):
        CaseFactory(title=title, spread_from=draft_in_holbaek(spread_from=origin))

    assert titles(case_trail(None, origin)) == [
        (0, "Start", None),
        (1, "<2 hidden>", "Start"),
        (2, "Andet efter", "<2 hidden>"),
        (2, "Første efter", "<2 hidden>"),
    ]


def test_hidden_cases_with_nothing_visible_after_them_are_left_out():
    origin = CaseFactory(title="Start")
    hidden = draft_in_holbaek(spread_from=origin)
    draft_in_holbaek(spread_from=hidden)
    CaseFactory(title="Synlig", spread_from=origin)

    trail = case_trail(None, origin)

    assert titles(trail) == [(0, "Start", None), (1, "Synlig", "Start")]


def test_a_hidden_root_is_a_placeholder_before_the_visible_cases():
    hidden_root = draft_in_holbaek(title="Hemmelig rod")
    case = CaseFactory(title="Synlig", spread_from=hidden_root)

    trail = case_trail(None, case)

    assert titles(trail) == [(0, "<1 hidden>", None), (1, "Synlig", "<1 hidden>")]
    assert not trail.is_empty  # the visitor learns that it grew from something


# --- Bad data and limits ------------------------------------------------------------------


def test_a_cycle_in_the_data_is_drawn_as_a_tree_and_ends():
    first, second, third = chain("Et", "To", "Tre")
    Case.objects.filter(pk=first.pk).update(spread_from=third)  # past the services

    for case in (first, second, third):
        trail = case_trail(None, case)
        assert len(trail.nodes) == 3
        assert len(trail.edges) == 2
        assert sorted(node.title for node in trail.nodes) == ["Et", "To", "Tre"]


def test_a_case_spread_from_itself_is_a_trail_of_one():
    case = CaseFactory()
    Case.objects.filter(pk=case.pk).update(spread_from=case)

    trail = case_trail(None, case)

    assert len(trail.nodes) == 1
    assert trail.is_empty


def test_the_node_limit_cuts_the_tree_but_keeps_the_case_and_its_line(monkeypatch):
    monkeypatch.setattr(trails, "TRAIL_MAX_NODES", 5)
    root = CaseFactory(title="Rod")
    children = [CaseFactory(title=f"Barn {n:02}", spread_from=root) for n in range(12)]
    deep = CaseFactory(title="Barnebarn", spread_from=children[-1])

    trail = case_trail(None, deep)

    assert trail.truncated
    names = [node.title for node in trail.nodes]
    assert len(names) <= 5 + 2  # the limit, and the case's own line beyond it
    assert {"Rod", "Barn 11", "Barnebarn"} <= set(names)
    assert not case_trail(None, CaseFactory()).truncated


def test_the_generation_limit_cuts_a_long_chain_above_and_below(monkeypatch):
    monkeypatch.setattr(trails, "TRAIL_MAX_GENERATIONS", 3)
    cases = chain(*(f"Led {n}" for n in range(8)))

    from_the_end = case_trail(None, cases[-1])
    from_the_start = case_trail(None, cases[0])

    assert from_the_end.truncated and from_the_start.truncated
    assert [node.title for node in from_the_end.nodes] == ["Led 5", "Led 6", "Led 7"]
    assert [node.title for node in from_the_start.nodes] == ["Led 0", "Led 1", "Led 2"]


def test_a_chain_exactly_as_long_as_the_limit_is_not_cut(monkeypatch):
    monkeypatch.setattr(trails, "TRAIL_MAX_GENERATIONS", 3)
    first, _middle, last = chain("Et", "To", "Tre")

    for case in (first, last):
        trail = case_trail(None, case)
        assert not trail.truncated
        assert [node.title for node in trail.nodes] == ["Et", "To", "Tre"]


def tree(size):
    """A root and `size` cases below it, three generations deep, some hidden."""
    root = CaseFactory(title="Rod")
    parents = [root]
    for n in range(size):
        parent = parents[n // 3]
        if n % 5 == 4:
            parents.append(draft_in_holbaek(spread_from=parent))
        else:
            parents.append(CaseFactory(spread_from=parent))
    return root


@pytest.mark.parametrize("make_viewer", [lambda: None, consultant], ids=["anonymous", "staff"])
def test_the_trail_costs_three_queries_whatever_its_size(django_assert_num_queries, make_viewer):
    viewer = make_viewer()
    small, large = tree(3), tree(60)
    for root in (small, large):
        with django_assert_num_queries(3):  # the line up, the tree down, the visible cases
            trail = case_trail(viewer, root)
    assert len(trail.nodes) > 30


# --- The case page ------------------------------------------------------------------------


class TrailParser(HTMLParser):
    """The keys and texts of the SVG's boxes and of the list's items."""

    def __init__(self):
        super().__init__()
        self.boxes, self.items, self.current = {}, {}, None
        self.stack = []
        self.aria_current = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        key = attrs.get("data-key")
        if tag == "g" and key:
            self.boxes[key] = {"class": attrs["class"], "text": []}
            self.current = ("box", key)
        if tag == "li" and key:
            self.items[key] = []
            self.stack.append(key)
        if attrs.get("aria-current"):
            self.aria_current.append(self.stack[-1])

    def handle_endtag(self, tag):
        if tag == "g":
            self.current = None
        if tag == "li" and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if self.current:
            self.boxes[self.current[1]]["text"].append(data)
        elif self.stack:
            self.items[self.stack[-1]].append(data)


def trail_section(client, case):
    html = client.get(case.get_absolute_url()).content.decode()
    start = html.index('id="spredningsspor"')
    return html[start : html.index("</section>", start)]


def test_the_case_page_draws_the_trail_and_lists_the_same_cases(client):
    origin = CaseFactory(title="Bakkehuset Plejecenter i Nykøbing", unit="Bakkehuset")
    case = CaseFactory(
        title="Æblehuset", spread_from=origin, municipality=municipality(HOLBAEK), unit="Park"
    )
    hidden = draft_in_holbaek(title="Hemmelig kladde", spread_from=case)
    CaseFactory(title="Solgården", spread_from=hidden, start_date=datetime.date(2017, 5, 3))

    section = trail_section(client, case)
    parser = TrailParser()
    parser.feed(section)

    assert '<svg class="trail-graph" role="img" aria-labelledby="trail-title trail-desc"' in section
    assert set(parser.boxes) == set(parser.items) == {"n0", "n1", "n2", "n3"}
    for key, box in parser.boxes.items():
        box_title = box["text"][0].rstrip("…")
        assert box_title in " ".join(parser.items[key]), key
    assert "trail-graph__node--current" in parser.boxes["n1"]["class"]
    assert parser.aria_current == ["n1"]
    assert "trail-graph__node--hidden" in parser.boxes["n2"]["class"]
    assert "Hemmelig kladde" not in section
    assert hidden.slug not in section
    assert "3. maj 2017" in section
    assert section.count("<svg") == 1


def test_the_list_nests_each_case_under_the_case_it_spread_from(client):
    origin = CaseFactory(title="Kilden")
    CaseFactory(title="Grenen", spread_from=origin)

    section = trail_section(client, origin)

    nested = r'Kilden.*?<ul class="trail-list"><li[^>]*>\s*<a [^>]*>Grenen'
    assert re.search(nested, section, re.S)
    assert "spredt fra Kilden" in section


def test_a_case_without_a_trail_shows_an_empty_state_and_no_picture(client):
    section = trail_section(client, CaseFactory())

    assert "<svg" not in section
    assert 'class="trail__empty"' in section


def test_the_case_page_costs_as_many_queries_for_a_large_trail_as_a_small_one(
    client, django_assert_max_num_queries
):
    small, large = tree(2), tree(40)
    with CaptureQueriesContext(connection) as with_small:
        client.get(small.get_absolute_url())
    with django_assert_max_num_queries(len(with_small.captured_queries)):
        response = client.get(large.get_absolute_url())
    assert len(response.context["trail"].nodes) > 30


def test_the_note_says_when_the_trail_was_cut(client, monkeypatch):
    monkeypatch.setattr(trails, "TRAIL_MAX_NODES", 2)
    root = CaseFactory()
    for _ in range(4):
        CaseFactory(spread_from=root)
    section = trail_section(client, root)
    assert 'class="trail__truncated"' in section
    assert "højst 2 cases" in section


def test_a_case_grown_from_a_hidden_case_says_so_without_naming_it(client):
    hidden_root = draft_in_holbaek(title="Hemmelig rod")
    case = CaseFactory(title="Synlig", spread_from=hidden_root)

    section = trail_section(client, case)

    assert "1 case, du ikke kan se" in section
    assert "spredt fra en case, du ikke kan se" in section
    assert "Hemmelig rod" not in section and hidden_root.slug not in section
