"""The ways to log in pass axe-core and the Nu HTML Checker: the login page with "Log ind med
din kommune" (with the provider list, and with the Danish error an unreachable provider
gives), and the two-factor pages (turning it on, and the code after the password)."""

import pytest

pytestmark = pytest.mark.browser


def _providers():
    """Two providers on the live server's database; nothing listens on port 9, so choosing
    one gives the error. The municipality is made if a live-server test flushed it."""
    from samskabelse.models import Municipality, Organisation, OrganisationKind, Region
    from samskabelse.sso.models import IdentityProvider

    guldborgsund, _ = Municipality.objects.get_or_create(
        code="376", defaults={"name": "Guldborgsund Kommune", "region": Region.SJAELLAND}
    )
    cok = Organisation.objects.create(name="COK", kind=OrganisationKind.STAT)
    for slug, owner in (
        ("guldborgsund", {"municipality": guldborgsund}),
        ("cok", {"organisation": cok}),
    ):
        IdentityProvider.objects.create(
            slug=slug, issuer="https://127.0.0.1:9/o", client_id="x", client_secret="y", **owner
        )


def test_login_page_with_providers_passes(page, check_accessibility, transactional_db):
    _providers()

    check_accessibility(page, "/accounts/login/")

    assert page.get_by_role("heading", name="Log ind med din kommune").is_visible()
    assert page.get_by_role("heading", name="Log ind med adgangskode").is_visible()
    page.set_viewport_size({"width": 375, "height": 812})
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 375


def test_unreachable_provider_error_on_the_login_page_passes(
    page, check_accessibility, transactional_db
):
    _providers()
    page.goto("/accounts/login/", wait_until="load")

    page.get_by_label("Din kommune eller organisation").select_option("guldborgsund")
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Gå til dit log-ind").click()

    response = navigation.value
    assert response.status == 503
    assert page.get_by_text("Vi kan ikke få forbindelse").is_visible()
    # The error is tied to the field it concerns, and the password form is still there.
    described_by = page.locator("#id_provider").get_attribute("aria-describedby") or ""
    assert "id_provider_error" in described_by
    assert page.locator("input[name=password]").is_visible()
    check_accessibility.assert_no_axe_violations(page)
    check_accessibility.assert_valid_html(response.text(), page.url)


def _log_in_with_password(page, user):
    from tests.factories import TEST_PASSWORD

    page.goto("/accounts/login/")
    page.locator("input[name=username]").fill(user.email)
    page.locator("input[name=password]").fill(TEST_PASSWORD)
    with page.expect_navigation() as navigation:
        page.locator("main button[type=submit]").click()
    return navigation.value


def test_two_factor_setup_page_passes(page, check_accessibility, transactional_db):
    from tests.factories import admin_user

    _log_in_with_password(page, admin_user())

    check_accessibility(page, "/accounts/two-factor/")

    assert page.get_by_role("img", name="QR-kode til din godkendelses-app").is_visible()


def test_two_factor_code_page_after_the_password_passes(
    page, check_accessibility, transactional_db
):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.factories import admin_user

    user = admin_user()
    TOTPDevice.objects.create(user=user, name="Godkendelses-app", confirmed=True)

    response = _log_in_with_password(page, user)

    assert page.url.endswith("/accounts/two-factor/code/")
    check_accessibility.loaded(page, response)
    assert page.get_by_label("Kode fra din godkendelses-app").is_visible()


@pytest.fixture
def page_under_csp(browser, live_server):
    """A tab that keeps to the site's CSP (the `page` fixture bypasses it for axe)."""
    context = browser.new_context(base_url=live_server.url, locale="da-DK")
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def test_a_consultant_signs_in_through_the_municipalitys_provider_in_chromium(
    page_under_csp, live_server, tmp_path, transactional_db
):
    """The whole flow in a real browser, under the site's CSP: choose the municipality, log
    in at the provider (django-oauth-toolkit on loopback, another origin), land logged in
    with the role."""
    from django.contrib.auth import get_user_model

    from samskabelse.roles import Role
    from samskabelse.sso.models import GroupRoleMapping
    from tests.sso.conftest import skip_or_fail_without_the_provider
    from tests.sso.provider.launch import CLIENT_ID, CLIENT_SECRET, PASSWORD, running_provider

    skip_or_fail_without_the_provider()
    page = page_under_csp
    _providers()
    callback = f"{live_server.url}/accounts/sso/guldborgsund/callback/"
    with running_provider(tmp_path, redirect_uris=[callback]) as provider:
        from samskabelse.sso.models import IdentityProvider

        guldborgsund = IdentityProvider.objects.get(slug="guldborgsund")
        guldborgsund.issuer = provider.issuer
        guldborgsund.client_id, guldborgsund.client_secret = CLIENT_ID, CLIENT_SECRET
        guldborgsund.save()
        GroupRoleMapping.objects.create(
            provider=guldborgsund, group="SG-Samskabelse-Konsulenter", role=Role.CONSULTANT
        )
        provider.add_person("karen", groups=["SG-Samskabelse-Konsulenter"])

        page.goto("/accounts/login/?next=/cases/", wait_until="load")
        page.get_by_label("Din kommune eller organisation").select_option("guldborgsund")
        page.get_by_role("button", name="Gå til dit log-ind").click()
        page.wait_for_url(f"{provider.issuer.rsplit('/o', 1)[0]}/login/**")
        page.locator("input[name=username]").fill("karen")
        page.locator("input[name=password]").fill(PASSWORD)
        page.locator("button[type=submit]").click()
        page.wait_for_url(f"{live_server.url}/cases/")

    user = get_user_model().objects.get(email="karen@guldborgsund.dk")
    assert user.has_role(Role.CONSULTANT)
    assert page.locator(".site-tools__user").inner_text() == str(user)


def test_the_page_on_the_way_to_the_provider_passes(
    page, check_accessibility, live_server, tmp_path, transactional_db
):
    from samskabelse.sso.models import IdentityProvider
    from tests.sso.conftest import skip_or_fail_without_the_provider
    from tests.sso.provider.launch import running_provider

    skip_or_fail_without_the_provider()
    _providers()
    with running_provider(tmp_path, redirect_uris=[]) as provider:
        IdentityProvider.objects.filter(slug="guldborgsund").update(issuer=provider.issuer)
        # Hold the browser on our page: the provider answers its refresh with 204 No Content,
        # which leaves the page as it is.
        page.route(f"{provider.issuer}/authorize/**", lambda route: route.fulfill(status=204))
        page.goto("/accounts/login/", wait_until="load")
        page.get_by_label("Din kommune eller organisation").select_option("guldborgsund")
        with page.expect_navigation() as navigation:
            page.get_by_role("button", name="Gå til dit log-ind").click()

        response = navigation.value
        assert response.status == 200
        link = page.get_by_role("link", name="Fortsæt til log-ind")
        assert link.get_attribute("href").startswith(f"{provider.issuer}/authorize/")
        check_accessibility.assert_no_axe_violations(page)
        check_accessibility.assert_valid_html(response.text(), page.url)
