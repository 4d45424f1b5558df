"""Web pages: scoped to the current company, guarded by role, no input lost on errors."""

from django.urls import reverse

from zhangfang.core.models import AuditRecord, Partner
from zhangfang.core.services.partners import partner_create

PASSWORD = "Pass-word-2026"


def test_every_page_sends_anonymous_visitors_to_the_login(client, admin, company):
    partner = partner_create(actor=admin, company=company, name="甲公司", is_customer=True)
    pages = ["home", "partner_list", "partner_create", "currency_list", "rate_list", "rate_create", "uom_list",
             "uom_create", "user_list", "user_create", "role_list", "notifications", "token_list",
             "company_settings", "password_change"]
    urls = [reverse(name) for name in pages] + [partner.get_absolute_url(), reverse("partner_edit", args=[partner.pk])]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/login/"), url


def test_partner_list_shows_only_the_current_company_and_keeps_queries_flat(
    signed_in, admin, company, other_company, django_assert_max_num_queries
):
    for index in range(30):
        partner_create(actor=admin, company=company, name=f"客户{index:02d}", is_customer=True,
                       contacts=[{"name": f"联系人{index}"}])
    partner_create(actor=admin, company=other_company, name="别家的客户", is_customer=True)
    client = signed_in(admin)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("partner_list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "客户00" in html and "别家的客户" not in html
    assert "30" in html  # the records count under the table


def test_a_user_of_one_company_gets_404_for_another_companys_partner(signed_in, admin, other_company, make_user):
    foreign = partner_create(actor=admin, company=other_company, name="别家的客户", is_customer=True)
    client = signed_in(make_user("sales"))
    assert client.get(foreign.get_absolute_url()).status_code == 404
    assert client.get(reverse("partner_edit", args=[foreign.pk])).status_code == 404


def test_the_read_only_auditor_can_look_but_not_create(signed_in, make_user):
    client = signed_in(make_user("auditor"))
    assert client.get(reverse("partner_list")).status_code == 200
    assert client.get(reverse("partner_create")).status_code == 403
    response = client.post(reverse("partner_create"), {"name": "不该建成"})
    assert response.status_code == 403
    assert not Partner.objects.filter(name="不该建成").exists()


def _partner_form(**fields):
    data = {"name": "", "code": "", "country": "CN", "payment_terms_days": "30", "credit_limit": "0",
            "active": "on", "email": ""}
    for prefix in ("contacts", "addresses", "bank_accounts"):
        data.update({f"{prefix}-TOTAL_FORMS": "1", f"{prefix}-INITIAL_FORMS": "0",
                     f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"})
    data["addresses-0-kind"] = "delivery"  # what the browser sends for the untouched empty row
    data.update(fields)
    return data


def test_a_bad_email_is_shown_at_the_field_and_nothing_typed_is_lost(signed_in, admin, company):
    client = signed_in(admin)
    response = client.post(reverse("partner_create"), _partner_form(
        name="武汉新客户有限公司", email="not-an-address", **{"contacts-0-name": "王经理"}),
        HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert response.status_code == 422
    assert "武汉新客户有限公司" in html and "王经理" in html
    assert "invalid-feedback" in html
    assert not Partner.objects.filter(company=company).exists()


def test_creating_a_partner_with_a_bank_account_through_the_form(signed_in, admin, company):
    client = signed_in(admin)
    response = client.post(reverse("partner_create"), _partner_form(
        name="武汉新客户有限公司", is_customer="on", credit_limit="120000.50",
        **{"bank_accounts-0-bank_name": "招商银行", "bank_accounts-0-account_number": "6225880112345678"}))
    partner = Partner.objects.get(company=company, name="武汉新客户有限公司")
    assert response.status_code == 302 and response["Location"] == partner.get_absolute_url()
    assert str(partner.credit_limit) == "120000.50"
    assert [b.account_number for b in partner.bank_accounts.all()] == ["6225880112345678"]
    detail = client.get(partner.get_absolute_url()).content.decode()
    assert "•••• 5678" in detail and "6225880112345678" not in detail


def test_csv_export_holds_the_filtered_rows(signed_in, admin, company):
    partner_create(actor=admin, company=company, name="客户甲", is_customer=True)
    partner_create(actor=admin, company=company, name="供应商乙", is_supplier=True)
    response = signed_in(admin).get(reverse("partner_list") + "?role=supplier&_export=csv")
    text = b"".join(response.streaming_content if response.streaming else [response.content]).decode()
    assert response.status_code == 200
    assert "供应商乙" in text and "客户甲" not in text


def test_switching_company_changes_what_the_lists_show(signed_in, admin, company, other_company):
    partner_create(actor=admin, company=other_company, name="另一家的供应商", is_supplier=True)
    client = signed_in(admin)
    assert "另一家的供应商" not in client.get(reverse("partner_list")).content.decode()
    client.post(reverse("company_switch"), {"company": other_company.pk, "next": "/partners/"})
    assert "另一家的供应商" in client.get(reverse("partner_list")).content.decode()


def test_switching_to_a_company_one_does_not_belong_to_is_ignored(signed_in, other_company, make_user):
    client = signed_in(make_user("sales"))
    client.post(reverse("company_switch"), {"company": other_company.pk})
    assert client.session.get("company_id") is None


def test_language_choice_is_remembered_on_the_user(signed_in, admin):
    client = signed_in(admin)
    client.post(reverse("language_set"), {"language": "en", "next": "/"})
    admin.refresh_from_db()
    assert admin.language == "en"
    assert client.get(reverse("home")).content.decode().count('lang="en"') == 1


def test_an_api_token_is_shown_once_and_can_be_revoked(signed_in, admin):
    from zhangfang.core.models import ApiToken
    from zhangfang.core.services.tokens import api_token_authenticate

    client = signed_in(admin)
    page = client.post(reverse("token_list"), {"name": "BI 导出", "scope": "read", "days": "30"}).content.decode()
    plain = page.split('id="new-token">')[1].split("<")[0]
    token = ApiToken.objects.get(user=admin, name="BI 导出")
    assert api_token_authenticate(plain) == token
    assert plain not in client.get(reverse("token_list")).content.decode()
    client.post(reverse("token_revoke", args=[token.pk]))
    assert api_token_authenticate(plain) is None


def test_the_auditor_searches_the_audit_trail_of_their_company_only(signed_in, admin, company, other_company,
                                                                    make_user):
    partner_create(actor=admin, company=company, name="可查的客户", is_customer=True)
    partner_create(actor=admin, company=other_company, name="别家的客户", is_customer=True)
    client = signed_in(make_user("auditor"))
    html = client.get(reverse("audit_list") + "?q=客户").content.decode()
    assert "可查的客户" in html and "别家的客户" not in html
    record = AuditRecord.objects.get(object_repr="可查的客户")
    detail = client.get(reverse("audit_detail", args=[record.pk])).content.decode()
    assert record.hash in detail


def test_an_administrator_deactivates_a_leaver_from_the_user_page(signed_in, admin, make_user):
    leaver = make_user("sales")
    client = signed_in(admin)
    page = client.get(reverse("user_edit", args=[leaver.pk])).content.decode()
    deactivate = reverse("user_account", args=[leaver.pk, "deactivate"])
    assert deactivate in page
    response = client.post(deactivate)
    leaver.refresh_from_db()
    assert response.status_code == 302 and not leaver.is_active
    client.post(reverse("user_account", args=[leaver.pk, "reactivate"]))
    leaver.refresh_from_db()
    assert leaver.is_active


def test_an_administrator_resets_the_second_factor_of_a_user_who_lost_their_phone(signed_in, admin, make_user):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = make_user("sales")
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client = signed_in(admin)
    client.post(reverse("user_account", args=[user.pk, "reset-2fa"]))
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert AuditRecord.objects.filter(action="2fa_reset", object_id=str(user.pk)).count() == 1
    assert client.post(reverse("user_account", args=[user.pk, "nonsense"])).status_code == 404


def test_an_administrator_decides_which_roles_require_two_factor(signed_in, admin):
    from zhangfang.core.models import Role

    role = Role.objects.get(code="sales")
    client = signed_in(admin)
    client.post(reverse("role_detail", args=[role.pk]), {"requires_2fa": "on"})
    role.refresh_from_db()
    assert role.requires_2fa
    assert "requires_2fa" in client.get(reverse("role_detail", args=[role.pk])).content.decode()


def test_edit_pages_show_the_record_history(signed_in, admin, company):
    from zhangfang.core.models import Uom
    from zhangfang.core.services.units import uom_update

    unit = Uom.objects.filter(company=company).first()
    uom_update(actor=admin, uom=unit, symbol="件")
    html = signed_in(admin).get(reverse("uom_edit", args=[unit.pk])).content.decode()
    assert "<code>symbol</code>" in html
