import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse

from samskabelse.models import Municipality, Region
from samskabelse.roles import Role
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_all_98_municipalities_are_loaded_with_kommunekode_and_region():
    assert Municipality.objects.count() == 98
    guldborgsund = Municipality.objects.get(code="376")
    assert guldborgsund.name == "Guldborgsund Kommune"
    assert guldborgsund.region == Region.SJAELLAND
    assert Municipality.objects.get(code="101").get_region_display() == "Region Hovedstaden"
    assert Municipality.objects.filter(region=Region.NORDJYLLAND).count() == 11


def test_role_groups_exist():
    assert set(Group.objects.values_list("name", flat=True)) >= set(Role.values)


def test_user_logs_in_with_email_in_any_case(client):
    user = UserFactory(email="karen@guldborgsund.dk")
    response = client.post(
        reverse("login"), {"username": "Karen@Guldborgsund.DK", "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_wrong_password_gives_a_danish_error(client):
    UserFactory(email="karen@guldborgsund.dk")
    response = client.post(
        reverse("login"), {"username": "karen@guldborgsund.dk", "password": "forkert"}
    )
    assert response.status_code == 200
    assert "Indtast venligst korrekt" in response.content.decode()


def test_login_page_is_in_danish(client):
    html = client.get(reverse("login")).content.decode()
    assert '<html lang="da">' in html
    assert "Log ind" in html
    assert "Glemt din adgangskode?" in html


def test_logout_is_a_post_and_ends_the_session(client):
    user = UserFactory()
    client.force_login(user)
    assert client.get(reverse("logout")).status_code == 405
    client.post(reverse("logout"))
    assert "_auth_user_id" not in client.session


def test_password_reset_mails_a_danish_link_that_sets_a_new_password(
    client, django_capture_on_commit_callbacks
):
    user = UserFactory(email="karen@guldborgsund.dk")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": "karen@guldborgsund.dk"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["karen@guldborgsund.dk"]
    assert message.subject == "Vælg en ny adgangskode til Samskabelse"
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+)", message.body).group(1)
    form_url = client.get(link).url
    response = client.post(
        form_url, {"new_password1": "Ny-kode-til-karen-9", "new_password2": "Ny-kode-til-karen-9"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Ny-kode-til-karen-9")


def test_password_reset_for_unknown_email_sends_nothing_and_reveals_nothing(client):
    response = client.post(reverse("password_reset"), {"email": "ukendt@kommune.dk"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_createsuperuser_noinput_takes_email_and_password_from_environment(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "Super-hemmelig-77")
    call_command("createsuperuser", "--noinput", "--email", "chef@samskabelse.dk")
    user = get_user_model().objects.get(email="chef@samskabelse.dk")
    assert user.is_superuser and user.is_staff
    assert user.check_password("Super-hemmelig-77")


def test_email_is_stored_in_lowercase_so_case_variants_cannot_make_a_second_account():
    get_user_model().objects.create_user(email="Karen@Guldborgsund.dk", password="x")
    assert get_user_model().objects.get().email == "karen@guldborgsund.dk"
    with pytest.raises(IntegrityError), transaction.atomic():
        get_user_model().objects.create_user(email="KAREN@guldborgsund.dk", password="y")


def test_a_user_needs_an_email_address():
    with pytest.raises(ValueError):
        get_user_model().objects.create_user(email="", password="x")


def test_consultant_role_is_read_from_groups():
    user = UserFactory(roles=[Role.CONSULTANT])
    assert user.is_consultant
    assert not user.is_organiser
    assert not user.is_network_coordinator


def test_seed_demo_is_idempotent(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    counts = (get_user_model().objects.count(), Group.objects.count())
    call_command("seed_demo")
    assert (get_user_model().objects.count(), Group.objects.count()) == counts
    demo = get_user_model().objects.get(email="konsulent@guldborgsund.dk")
    assert demo.is_consultant and demo.municipality.code == "376"


def test_seed_demo_in_production_gives_no_usable_passwords(settings):
    settings.DEBUG = False
    call_command("seed_demo")
    admin = get_user_model().objects.get(email="admin@samskabelse.dk")
    assert not admin.has_usable_password()
