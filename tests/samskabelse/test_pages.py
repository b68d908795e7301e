import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "home",
    "accessibility",
    "privacy",
    "projects:index",
    "events:index",
    "network:index",
]


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_page_is_danish_with_landmarks_skip_link_and_footer(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="da">' in html
    assert '<a class="skip-link" href="#main">Spring til indholdet</a>' in html
    for landmark in ("<header", "<nav", '<main id="main"', "<footer"):
        assert landmark in html
    assert 'href="/accessibility/">Tilgængelighedserklæring</a>' in html
    assert 'href="/privacy/">Privatlivspolitik</a>' in html


def test_home_page_introduces_samskabelse_and_links_the_three_areas(client):
    html = client.get("/").content.decode()
    assert "Samskabelse i danske kommuner" in html
    for url, label in [("/cases/", "Cases"), ("/events/", "Temadage"), ("/networks/", "Netværk")]:
        assert f'href="{url}">{label}</a>' in html


def test_current_area_is_marked_in_the_navigation(client):
    html = client.get("/events/").content.decode()
    assert 'href="/events/" aria-current="page"' in html
    assert 'href="/cases/" aria-current="page"' not in html


def test_language_switcher_changes_the_page_to_english(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Co-creation in Danish municipalities" in html


def test_logged_in_user_sees_name_and_a_logout_button(client):
    client.force_login(UserFactory(first_name="Karen", last_name="Jensen"))
    html = client.get("/").content.decode()
    assert "Karen Jensen" in html
    assert 'action="/accounts/logout/"' in html


def test_pages_send_a_content_security_policy_without_inline_scripts(client):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "<script>" not in response.content.decode()


def test_admin_is_in_danish_and_lists_municipalities(admin_client):
    response = admin_client.get("/admin/samskabelse/municipality/?q=guldborg")
    html = response.content.decode()
    assert "Guldborgsund Kommune" in html
    assert "Kommuner" in html


def test_pages_stay_danish_for_an_english_browser_until_english_is_chosen(client):
    assert '<html lang="da">' in client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert '<html lang="en">' in client.get("/").content.decode()


def test_the_api_answers_in_the_clients_accept_language(client):
    response = client.get("/api/v1/municipalities/", {"region": "1"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "valid choice" in response.json()["region"][0]
