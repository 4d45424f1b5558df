"""The partner pages in a real browser: sign-in, create with inline rows, search, language, layout.

Selectors use ids, names and URLs rather than visible labels where they can, so the tests do not
depend on which translations exist; labels are compared with Django's own gettext.
"""

import re
from decimal import Decimal

import pytest
from django.core.validators import EmailValidator
from django.db import connection
from django.utils import translation
from playwright.sync_api import expect

from tests.browser.support import ADMIN_PASSWORD, DESKTOP, PHONE, login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("roles_without_2fa")]

NAME = "武汉测试机电有限公司"
ACCOUNT = "6222020200112233445"

# Realistic rows for the list page and its screenshots: (name, customer, supplier, city, phone, credit).
SAMPLE_PARTNERS = [
    (NAME, True, False, "武汉", "027-8765 4321", "500000"),
    ("上海浦江精密零件有限公司", False, True, "上海", "021-5566 7788", "0"),
    ("北京华信科技股份有限公司", True, True, "北京", "010-6234 5678", "1200000"),
    ("广州南方包装材料厂", False, True, "广州", "020-8123 4567", "0"),
    ("深圳鹏程电子有限公司", True, False, "深圳", "0755-2688 9900", "800000"),
    ("苏州工业园区精工模具制造有限公司", True, True, "苏州", "0512-6288 1234", "350000"),
]


def gettext_in(language: str, message: str) -> str:
    with translation.override(language):
        return translation.gettext(message)


def make_partners(admin, company):
    from zhangfang.core.services.partners import partner_create

    for index, (name, customer, supplier, city, phone, credit) in enumerate(SAMPLE_PARTNERS):
        partner_create(actor=admin, company=company, name=name, is_customer=customer, is_supplier=supplier,
                       city=city, phone=phone, credit_limit=Decimal(credit),
                       tax_id=f"91{index:02d}0100MA4K{index:04d}XY")


def page_language(page) -> str:
    return page.locator("html").get_attribute("lang")


def sidebar_link(page, url_name: str):
    from django.urls import reverse

    return page.locator(f'#zf-sidebar a[href="{reverse(url_name)}"]')


def save_button(page):
    return page.locator("#zf-form .zf-page-head button[type=submit]")


def assert_no_horizontal_overflow(page, width: int):
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{page.url}: the page is {scroll_width}px wide in a {width}px viewport"


# --- 1. sign-in -------------------------------------------------------------------------


def test_login_lands_on_home(page, admin, live_server):
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login/\?next=/$"))  # anonymous users are sent to sign in
    page.fill("#id_username", "admin")
    page.fill("#id_password", ADMIN_PASSWORD)
    page.locator("form:has(#id_username) button[type=submit]").click()

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.locator(".zf-topbar")).to_be_visible()
    expect(page.locator('#zf-sidebar a.active[href="/"]')).to_be_visible()
    expect(sidebar_link(page, "partner_list")).to_be_visible()


def test_login_with_a_wrong_password_shows_an_error(page, admin, live_server):
    page.goto("/login/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", "not-the-password")
    with page.expect_response(lambda r: r.request.method == "POST" and "/login/" in r.url) as posted:
        page.locator("form:has(#id_username) button[type=submit]").click()

    assert posted.value.status == 200
    expect(page).to_have_url(re.compile(r"/login/$"))
    error = page.locator("form:has(#id_username) .alert-danger")
    expect(error).to_be_visible()
    expect(error).not_to_be_empty()
    expect(page.locator("#id_username")).to_have_value("admin")  # what was typed stays
    expect(page.locator("#id_password")).to_have_value("")  # the password is never echoed back
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login/"))  # and nobody is signed in


# --- 2. create a partner through the form ----------------------------------------------------


def test_create_partner_with_contact_and_bank_account(page, admin, live_server):
    from zhangfang.core.models import Partner, PartnerBankAccount

    login(page)
    sidebar_link(page, "partner_list").click()
    expect(page).to_have_url(f"{live_server.url}/partners/")
    page.locator('.zf-page-head a[href="/partners/new/"]').click()
    expect(page).to_have_url(f"{live_server.url}/partners/new/")

    page.fill("#id_name", NAME)
    page.check("#id_is_customer")
    page.fill("#id_contacts-0-name", "王建国")
    page.fill("#id_contacts-0-title", "采购经理")
    page.fill("#id_contacts-0-phone", "13800138000")
    page.fill("#id_contacts-0-email", "wang.jianguo@example.cn")
    page.fill("#id_bank_accounts-0-bank_name", "中国工商银行武汉汉口支行")
    page.fill("#id_bank_accounts-0-account_name", NAME)
    page.fill("#id_bank_accounts-0-account_number", ACCOUNT)
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        save_button(page).click()

    assert posted.value.status == 302, f"saving answered HTTP {posted.value.status}"
    expect(page).to_have_url(re.compile(r"/partners/\d+/$"))
    expect(page.locator("main .alert-success")).to_be_visible()
    expect(page.locator("main h1")).to_have_text(NAME)
    details = page.locator("#t-details")
    expect(details).to_contain_text("中国工商银行武汉汉口支行 · •••• 3445")
    assert ACCOUNT not in page.content(), "the full bank account number must not reach the page"
    page.locator('button[data-bs-target="#t-contacts"]').click()
    contacts = page.locator("#t-contacts")
    expect(contacts).to_be_visible()
    expect(contacts.locator("tbody tr")).to_have_count(1)
    expect(contacts.locator("tbody tr")).to_contain_text("王建国")
    expect(contacts.locator("tbody tr")).to_contain_text("13800138000")
    screenshot(page, "partner-detail-desktop")

    partner = Partner.objects.get(name=NAME)  # exactly one: .get() raises on none or several
    assert partner.is_customer and not partner.is_supplier
    assert partner.company == admin.default_company
    assert [c.name for c in partner.contacts.all()] == ["王建国"]
    account = partner.bank_accounts.get()
    assert account.account_number == ACCOUNT
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT account_number FROM {PartnerBankAccount._meta.db_table}")  # noqa: S608
        stored = [row[0] for row in cursor.fetchall()]
    assert len(stored) == 1 and ACCOUNT not in stored[0], "the number is stored encrypted"


def test_partner_form_shows_errors_at_the_field_and_keeps_input(page, admin, live_server):
    from zhangfang.core.models import Partner

    login(page)
    page.goto("/partners/new/")
    page.fill("#id_name", NAME)
    page.check("#id_is_customer")
    page.fill("#id_email", "not-an-email")
    page.fill("#id_contacts-0-name", "王建国")
    page.fill("#id_bank_accounts-0-bank_name", "中国工商银行")
    page.fill("#id_bank_accounts-0-account_number", ACCOUNT)
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        save_button(page).click()

    assert posted.value.status == 422
    expect(page).to_have_url(f"{live_server.url}/partners/new/")
    email = page.locator("#id_email")
    expected = gettext_in(page_language(page), str(EmailValidator.message))
    error = email.locator("xpath=..").locator(".invalid-feedback")  # in the field's own wrapper
    expect(error).to_have_text(expected)
    expect(email).to_have_class(re.compile(r"\bis-invalid\b"))
    expect(email).to_have_value("not-an-email")
    # Nothing typed is lost.
    expect(page.locator("#id_name")).to_have_value(NAME)
    expect(page.locator("#id_is_customer")).to_be_checked()
    expect(page.locator("#id_contacts-0-name")).to_have_value("王建国")
    expect(page.locator("#id_bank_accounts-0-bank_name")).to_have_value("中国工商银行")
    expect(page.locator("#id_bank_accounts-0-account_number")).to_have_value(ACCOUNT)
    expect(page.locator(".invalid-feedback")).to_have_count(1)  # and only the wrong field complains
    screenshot(page, "partner-form-error-desktop", full_page=False)
    assert not Partner.objects.exists()


# --- 3. search ----------------------------------------------------------------------------


def test_search_filters_the_list_in_place(page, admin, live_server):
    make_partners(admin, admin.default_company)
    login(page)
    page.goto("/partners/")
    rows = page.locator("#list-body tbody tr")
    expect(rows).to_have_count(len(SAMPLE_PARTNERS))
    page.evaluate("window.zfNotReloaded = true")

    search = page.locator(".zf-filters input[type=search][name=q]")
    with page.expect_response(lambda r: "q=" in r.url and r.request.headers.get("hx-request") == "true"):
        search.fill("武汉")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(NAME)
    expect(page).to_have_url(re.compile(r"/partners/\?(.*&)?q=%E6%AD%A6%E6%B1%89"))  # pushed to the URL
    assert page.evaluate("window.zfNotReloaded === true"), "the list was filtered without a page load"

    search.fill("")
    expect(rows).to_have_count(len(SAMPLE_PARTNERS))


# --- 4. language -----------------------------------------------------------------------------


def test_language_toggle_in_the_top_bar(page, admin, live_server):
    login(page)  # the browser asks for Chinese
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    toggle = page.locator('.zf-topbar form[action="/language/"] button[name=language]')
    expect(toggle).to_have_text("EN")
    zh_partners = gettext_in("zh-hans", "Partners")
    catalogue = zh_partners != "Partners"  # the Chinese catalogue may not be compiled yet
    if catalogue:
        expect(sidebar_link(page, "partner_list")).to_have_text(zh_partners)

    with page.expect_navigation():
        toggle.click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(f"{live_server.url}/")  # back where the user was
    expect(toggle).to_have_text("中文")
    expect(sidebar_link(page, "partner_list")).to_have_text("Partners")
    admin.refresh_from_db()
    assert admin.language == "en"  # remembered on the user, whatever the browser asks for

    page.goto("/partners/")
    with page.expect_navigation():
        toggle.click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page).to_have_url(f"{live_server.url}/partners/")
    if catalogue:
        expect(sidebar_link(page, "partner_list")).to_have_text(zh_partners)


# --- 5. layout at desktop and phone width, with screenshots ---------------------------------------


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_layout_and_screenshots(new_page, admin, live_server, device):
    viewport = DESKTOP if device == "desktop" else PHONE
    width = viewport["width"]
    make_partners(admin, admin.default_company)
    page = new_page(viewport=viewport)

    page.goto("/login/")
    assert_no_horizontal_overflow(page, width)
    screenshot(page, f"login-{device}", docs="login-desktop.png" if device == "desktop" else None)

    login(page)
    page.goto("/partners/")
    expect(page.locator("#list-body tbody tr")).to_have_count(len(SAMPLE_PARTNERS))
    assert_no_horizontal_overflow(page, width)
    sidebar = page.locator("#zf-sidebar")
    menu_button = page.locator('.zf-topbar button[data-bs-target="#zf-sidebar"]')
    if device == "desktop":
        expect(sidebar).to_be_visible()
        expect(menu_button).to_be_hidden()
        screenshot(page, "partners-desktop", docs="partners-desktop.png")
    else:
        expect(sidebar).to_be_hidden()
        expect(menu_button).to_be_visible()
        screenshot(page, "partners-phone", docs="partners-phone.png")
        menu_button.click()
        expect(sidebar).to_be_visible()
        expect(sidebar).to_have_class(re.compile(r"\bshow\b"))
        expect(sidebar_link(page, "partner_list")).to_be_in_viewport()
        screenshot(page, "partners-phone-menu", full_page=False)
        sidebar.locator(".btn-close").click()
        expect(sidebar).to_be_hidden()

    page.goto("/partners/new/")
    expect(page.locator("#id_name")).to_be_visible()
    assert_no_horizontal_overflow(page, width)
    screenshot(page, f"partner-form-{device}", docs="partner-form-phone.png" if device == "phone" else None)


def test_phone_list_keeps_partner_names_on_one_line(new_page, admin, live_server):
    make_partners(admin, admin.default_company)
    page = new_page(viewport=PHONE)
    login(page)
    page.goto("/partners/")
    expect(page.locator("#list-body tbody tr")).to_have_count(len(SAMPLE_PARTNERS))
    # An inline link has one client rect per line it occupies.
    lines = page.eval_on_selector_all(
        "#list-body tbody td a", "links => links.map(a => [a.textContent.trim(), a.getClientRects().length])")
    wrapped = {text: count for text, count in lines if count > 1}
    assert not wrapped, f"cells wrapped over several lines at {PHONE['width']}px: {wrapped}"
