"""Network pages that touch cases (an experiment's linked case, a person's cases) name a
case only to those who may see it: a draft only to its municipality's staff."""

import pytest

from projects.models import Visibility
from tests.factories import (
    CaseFactory,
    ExperimentFactory,
    NetworkFactory,
    consultant,
    municipality,
)
from tests.network.test_people import make_person

pytestmark = pytest.mark.django_db

DRAFT_TITLE = "Hemmelige Havevenner"


def a_draft():
    return CaseFactory(title=DRAFT_TITLE, visibility=Visibility.KLADDE, municipality=municipality())


def test_a_public_experiments_draft_case_is_named_only_to_the_drafts_municipality(client):
    network = NetworkFactory(slug="cok")
    experiment = ExperimentFactory(network=network, is_public=True, case=a_draft())
    url = f"/networks/cok/experiments/{experiment.pk}/"

    anonymous = client.get(url).content.decode()
    client.force_login(consultant("621"))
    elsewhere = client.get(url).content.decode()
    client.force_login(consultant())
    own = client.get(url).content.decode()

    assert experiment.title in anonymous
    assert DRAFT_TITLE not in anonymous and DRAFT_TITLE not in elsewhere
    assert DRAFT_TITLE in own


def test_a_persons_page_lists_a_draft_case_only_for_the_drafts_municipality(client):
    person = make_person(name="Kirsten Kladde", cases=[a_draft()])

    anonymous = client.get(person.get_absolute_url()).content.decode()
    client.force_login(consultant())
    own = client.get(person.get_absolute_url()).content.decode()

    assert "Kirsten Kladde" in anonymous and DRAFT_TITLE not in anonymous
    assert DRAFT_TITLE in own
