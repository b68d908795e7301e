"""/open-data/: the public cases described for people and, as DCAT in JSON-LD, for open
data portals that harvest it, with a distribution per download and the API."""

import datetime
import json

import pytest
from django.utils import timezone

from projects.models import Case, Visibility
from tests.factories import CaseFactory, consultant, municipality

pytestmark = pytest.mark.django_db

DCAT = "/open-data/dcat.jsonld"


def dataset_of(document):
    (dataset,) = document["dcat:dataset"]
    return dataset


def moment(value):
    return datetime.datetime.fromisoformat(value)


@pytest.fixture
def public_and_internal():
    public = CaseFactory(visibility=Visibility.OFFENTLIG)
    internal = CaseFactory(visibility=Visibility.INTERN)
    # The internal case changed last: a public dataset's date must not tell.
    Case.objects.filter(pk=public.pk).update(updated_at=timezone.now() - datetime.timedelta(days=3))
    Case.objects.filter(pk=internal.pk).update(updated_at=timezone.now())
    public.refresh_from_db()
    return public, internal


def test_the_jsonld_parses_and_names_a_distribution_per_download_and_the_api(
    client, public_and_internal
):
    response = client.get(DCAT)
    assert response["Content-Type"] == "application/ld+json"
    document = json.loads(response.content)
    assert document["@type"] == "dcat:Catalog"
    assert document["@context"]["dcat"] == "http://www.w3.org/ns/dcat#"
    distributions = {item["dct:title"]: item for item in dataset_of(document)["dcat:distribution"]}
    assert set(distributions) == {"CSV", "XLSX", "JSON", "API"}
    assert distributions["CSV"]["dcat:downloadURL"]["@id"] == "http://testserver/cases/export.csv"
    assert distributions["CSV"]["dcat:mediaType"]["@id"].endswith("/text/csv")
    assert distributions["XLSX"]["dct:format"]["@id"].endswith("/file-type/XLSX")
    api = distributions["API"]
    assert api["dcat:accessURL"]["@id"] == "http://testserver/api/v1/cases/export/"
    assert api["dcat:accessService"]["dcat:endpointDescription"]["@id"].endswith("/api/v1/schema/")


def test_the_dataset_states_licence_publisher_contact_and_the_latest_public_change(
    client, settings, public_and_internal
):
    public, _internal = public_and_internal
    settings.OPEN_DATA_LICENSE_URL = "https://creativecommons.org/publicdomain/zero/1.0/"
    settings.OPEN_DATA_PUBLISHER_NAME = "Guldborgsund Kommune"
    settings.OPEN_DATA_CONTACT_EMAIL = "data@guldborgsund.dk"
    dataset = dataset_of(client.get(DCAT).json())
    assert dataset["@type"] == "dcat:Dataset"
    assert dataset["dct:license"]["@id"] == "https://creativecommons.org/publicdomain/zero/1.0/"
    assert dataset["dct:publisher"]["foaf:name"] == "Guldborgsund Kommune"
    assert dataset["dcat:contactPoint"]["vcard:hasEmail"]["@id"] == "mailto:data@guldborgsund.dk"
    assert moment(dataset["dct:modified"]["@value"]) == public.updated_at
    assert "samskabelse" in dataset["dcat:keyword"]
    assert dataset["dct:title"]["@language"] == "da"


def test_a_consultant_gets_the_same_public_description(client, public_and_internal):
    public, _internal = public_and_internal
    client.force_login(consultant("376"))
    dataset = dataset_of(client.get(DCAT).json())
    assert moment(dataset["dct:modified"]["@value"]) == public.updated_at


def test_one_municipalitys_dataset_has_its_downloads_and_the_municipality_as_publisher(client):
    CaseFactory(municipality=municipality("316"))
    dataset = dataset_of(client.get(DCAT, {"municipality": "316"}).json())
    assert dataset["dct:publisher"]["foaf:name"] == municipality("316").name
    urls = [item["dcat:accessURL"]["@id"] for item in dataset["dcat:distribution"]]
    assert all(url.endswith("?municipality=316") for url in urls)


def test_an_unknown_municipality_is_not_found(client):
    assert client.get(DCAT, {"municipality": "999"}).status_code == 404
    assert client.get("/open-data/", {"municipality": "999"}).status_code == 404


def test_without_public_cases_the_dataset_has_no_modified_date(client):
    CaseFactory(visibility=Visibility.INTERN)
    dataset = dataset_of(client.get(DCAT).json())
    assert "dct:modified" not in dataset
    assert "Endnu ingen offentlige cases" in client.get("/open-data/").content.decode()


def test_the_page_lists_downloads_licence_and_every_column(client, public_and_internal):
    from projects.exports import HEADER

    page = client.get("/open-data/").content.decode()
    assert '<link rel="alternate" type="application/ld+json"' in page
    assert 'href="http://testserver/cases/export.xlsx"' in page
    assert 'rel="license">CC BY 4.0</a>' in page
    for key in HEADER:
        assert f'<code lang="zxx">{key}</code>' in page


def test_the_page_answers_jsonld_to_a_harvester_that_asks_for_it(client, public_and_internal):
    response = client.get("/open-data/", HTTP_ACCEPT="application/ld+json")
    assert response["Content-Type"] == "application/ld+json"
    assert response.json()["@type"] == "dcat:Catalog"
    assert "Accept" in response["Vary"]
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    assert client.get("/open-data/", HTTP_ACCEPT=browser)["Content-Type"].startswith("text/html")
