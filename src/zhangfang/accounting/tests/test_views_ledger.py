import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from zhangfang.accounting.models import Account, AccountingSettings, CostCentre, JournalEntry, Period
from zhangfang.accounting.services.accounts import cost_centre_create
from zhangfang.accounting.services.periods import period_close, period_ensure
from zhangfang.core.models import AuditRecord

D = Decimal
NOV_3 = datetime.date(2026, 11, 3)


@pytest.fixture(autouse=True)
def english_user(admin):
    admin.language = "en"
    admin.save(update_fields=["language"])


def voucher_data(books, *lines, action="save", date="2026-11-03", narration="收到投资款", initial=0):
    """The POST a clerk's browser sends: header fields, then one row per line (blank rows allowed)."""
    data = {"journal": str(books.general.pk), "date": date, "reference": "", "narration": narration,
            "action": action, "lines-TOTAL_FORMS": str(len(lines)), "lines-INITIAL_FORMS": str(initial),
            "lines-MIN_NUM_FORMS": "0", "lines-MAX_NUM_FORMS": "1000"}
    for index, (account, debit, credit, *rest) in enumerate(lines):
        data.update({f"lines-{index}-account": account, f"lines-{index}-debit": debit,
                     f"lines-{index}-credit": credit, f"lines-{index}-description": rest[0] if rest else "",
                     f"lines-{index}-partner": "", f"lines-{index}-cost_centre": ""})
    return data


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_a_voucher_keyed_in_the_form_is_posted_from_the_status_bar(books, signed_in):
    client = signed_in(books.actor)
    page = client.get(reverse("accounting_entry_create"))
    assert page.status_code == 200
    assert '<option value="1002 银行存款">Bank deposits</option>' in page.content.decode()

    response = client.post(reverse("accounting_entry_create"), voucher_data(books,
        ("1002 银行存款", "12,500.00", "", "工行入账"), ("", "", ""), ("4001", "", "12500")))

    entry = JournalEntry.objects.get(company=books.company)
    assert response.status_code == 302 and response["Location"] == reverse("accounting_entry_detail",
                                                                           args=[entry.pk])
    assert entry.status == "draft" and entry.journal == books.general
    assert [(line.account.code, line.debit, line.credit, line.description) for line in entry.lines.order_by("pk")] == [
        ("1002", D("12500.00"), D("0.00"), "工行入账"), ("4001", D("0.00"), D("12500.00"), "")]
    detail = client.get(response["Location"]).content.decode()
    assert reverse("accounting_entry_action", args=[entry.pk, "post"]) in detail
    assert reverse("accounting_entry_edit", args=[entry.pk]) in detail

    posted = client.post(reverse("accounting_entry_action", args=[entry.pk, "post"]), follow=True)

    assert messages_of(posted) == ["Posted as 记-2026-11-0001."]
    html = posted.content.decode()
    assert reverse("accounting_entry_action", args=[entry.pk, "reverse"]) in html
    assert reverse("accounting_entry_edit", args=[entry.pk]) not in html


def test_save_and_post_posts_at_once(books, signed_in):
    response = signed_in(books.actor).post(reverse("accounting_entry_create"), voucher_data(books,
        ("1002", "100.00", ""), ("4001", "", "100.00"), action="post"), follow=True)

    assert messages_of(response) == ["Posted as 记-2026-11-0001."]
    assert JournalEntry.objects.get(company=books.company).status == "posted"


def test_an_unbalanced_post_keeps_every_line_on_screen_and_saves_nothing(books, signed_in):
    response = signed_in(books.actor).post(reverse("accounting_entry_create"), voucher_data(books,
        ("1002 银行存款", "100.00", ""), ("4001", "", "90.00"), action="post"))

    html = response.content.decode()
    assert response.status_code == 422
    assert "The entry does not balance: debit 100.00, credit 90.00." in html
    assert 'value="1002 银行存款"' in html and 'value="90.00"' in html
    assert not JournalEntry.objects.filter(company=books.company).exists()


def test_a_line_error_is_shown_at_its_line(books, signed_in):
    response = signed_in(books.actor).post(reverse("accounting_entry_create"), voucher_data(books,
        ("1002", "100.00", ""), ("", "", ""), ("4001", "5.00", "100.00"), ("9999", "", "1.00")))

    forms = response.context["formset"].forms
    assert response.status_code == 422
    assert forms[3].errors["account"] == ["9999 is not an active account without sub-accounts."]

    response = signed_in(books.actor).post(reverse("accounting_entry_create"), voucher_data(books,
        ("1002", "100.00", ""), ("", "", ""), ("4001", "5.00", "100.00")))

    forms = response.context["formset"].forms
    assert forms[2].non_field_errors() == ["Line 2: a line is either a debit or a credit, not both."]
    assert not forms[0].errors and not forms[1].errors


def test_a_draft_is_edited_and_a_refused_post_leaves_the_stored_draft_as_it_was(books, signed_in):
    entry = books.draft(NOV_3, ("1002", "100.00", ""), ("4001", "", "100.00"))
    client = signed_in(books.actor)
    page = client.get(reverse("accounting_entry_edit", args=[entry.pk])).content.decode()
    assert 'value="1002 银行存款"' in page and 'value="100.00"' in page

    refused = client.post(reverse("accounting_entry_edit", args=[entry.pk]), voucher_data(books,
        ("1002", "300.00", ""), ("4001", "", "200.00"), action="post", initial=2))
    saved = client.post(reverse("accounting_entry_edit", args=[entry.pk]), voucher_data(books,
        ("1002", "300.00", ""), ("4001", "", "300.00"), initial=2))

    assert refused.status_code == 422 and saved.status_code == 302
    assert sorted(entry.lines.values_list("debit", "credit")) == [(D("0.00"), D("300.00")), (D("300.00"), D("0.00"))]


def test_a_posted_entry_cannot_be_edited(books, signed_in):
    entry = books.post(NOV_3, ("1002", "100.00", ""), ("4001", "", "100.00"))

    response = signed_in(books.actor).get(reverse("accounting_entry_edit", args=[entry.pk]))

    assert response.status_code == 302 and response["Location"] == reverse("accounting_entry_detail",
                                                                           args=[entry.pk])


def test_status_bar_deletes_drafts_and_reverses_on_the_date_given(books, signed_in):
    client = signed_in(books.actor)
    draft = books.draft(NOV_3, ("1002", "1.00", ""), ("4001", "", "1.00"))
    posted = books.post(NOV_3, ("1002", "100.00", ""), ("4001", "", "100.00"))

    deleted = client.post(reverse("accounting_entry_action", args=[draft.pk, "delete"]), follow=True)
    reversed_ = client.post(reverse("accounting_entry_action", args=[posted.pk, "reverse"]),
                            {"date": "2026-11-20"}, follow=True)

    assert messages_of(deleted) == ["The draft was deleted."]
    assert not JournalEntry.objects.filter(pk=draft.pk).exists()
    mirror = JournalEntry.objects.get(reversal_of=posted)
    assert messages_of(reversed_) == [f"Reversed by {mirror.number}."]
    assert mirror.date == datetime.date(2026, 11, 20)


def test_a_refused_action_comes_back_as_a_message(books, signed_in):
    period_close(actor=books.actor, period=period_ensure(company=books.company, on_date=NOV_3))
    draft = books.draft(NOV_3, ("1002", "1.00", ""), ("4001", "", "1.00"))

    response = signed_in(books.actor).post(reverse("accounting_entry_action", args=[draft.pk, "post"]), follow=True)

    assert messages_of(response) == ["Period 2026-11 is closed; nothing can be posted dated 2026-11-03."]


def test_the_auditor_sees_no_next_actions(books, signed_in, make_user):
    draft = books.draft(NOV_3, ("1002", "1.00", ""), ("4001", "", "1.00"))

    html = signed_in(make_user("auditor")).get(reverse("accounting_entry_detail", args=[draft.pk])).content.decode()

    for action in ("post", "delete"):
        assert reverse("accounting_entry_action", args=[draft.pk, action]) not in html
    assert reverse("accounting_entry_edit", args=[draft.pk]) not in html


# --- periods and the year-end close --------------------------------------------------------


def test_periods_are_closed_and_reopened_only_with_a_reason(books, signed_in):
    period = period_ensure(company=books.company, on_date=NOV_3)
    client = signed_in(books.actor)
    page = client.get(reverse("accounting_period_list")).content.decode()
    assert "2026-11" in page and reverse("accounting_period_action", args=[period.pk, "close"]) in page

    closed = client.post(reverse("accounting_period_action", args=[period.pk, "close"]), follow=True)
    no_reason = client.post(reverse("accounting_period_action", args=[period.pk, "reopen"]), follow=True)
    assert Period.objects.get(pk=period.pk).status == "closed"
    reopened = client.post(reverse("accounting_period_action", args=[period.pk, "reopen"]),
                           {"reason": "补录手续费"}, follow=True)

    assert messages_of(closed) == ["Period 2026-11 is closed."]
    assert messages_of(no_reason) == ["Say why the period is reopened; the reason is kept in the audit trail."]
    assert messages_of(reopened) == ["Period 2026-11 is open again."]
    assert Period.objects.get(pk=period.pk).status == "open"


def test_the_year_is_closed_from_the_periods_page(books, signed_in):
    books.post(NOV_3, ("1002", "1000.00", ""), ("6001", "", "1000.00"))
    year = period_ensure(company=books.company, on_date=NOV_3).fiscal_year
    client = signed_in(books.actor)

    response = client.post(reverse("accounting_fiscal_year_close", args=[year.pk]), follow=True)

    assert messages_of(response) == ["Fiscal year 2026 is closed."]
    assert response.redirect_chain[-1][0] == f"{reverse('accounting_period_list')}?year={year.pk}"
    assert 'id="zf-close-year"' not in response.content.decode()


def test_periods_page_keeps_queries_flat(books, signed_in, django_assert_max_num_queries):
    for month in range(1, 13):
        period_close(actor=books.actor, period=period_ensure(company=books.company,
                                                             on_date=datetime.date(2026, month, 1)))
    client = signed_in(books.actor)

    with django_assert_max_num_queries(16):
        response = client.get(reverse("accounting_period_list"))

    assert response.content.decode().count("Reason for reopening") >= 12


# --- set-up pages ----------------------------------------------------------------------------


@pytest.mark.parametrize("url_name, expected", [
    ("accounting_account_list", "库存现金"),
    ("accounting_journal_list", "记账凭证"),
    ("accounting_tax_list", "13"),
    ("accounting_cost_centre_list", "销售部"),
])
def test_set_up_lists_keep_queries_flat(books, signed_in, django_assert_max_num_queries, url_name, expected):
    for n in range(5):
        cost_centre_create(actor=books.actor, company=books.company, code=f"C{n}", name=f"销售部{n}")
    client = signed_in(books.actor)

    with django_assert_max_num_queries(16):
        response = client.get(reverse(url_name))

    assert response.status_code == 200 and expected in response.content.decode()


def test_the_chart_is_a_tree_indented_by_depth(books, signed_in):
    html = signed_in(books.actor).get(reverse("accounting_account_list"), {"q": "2221"}).content.decode()

    assert 'padding-left: 0.0rem">2221</span>' in html
    assert 'padding-left: 1.25rem">222101</span>' in html


def test_accounts_and_cost_centres_are_created_through_their_forms(books, signed_in):
    client = signed_in(books.actor)
    parent = books.account("6602")

    client.post(reverse("accounting_account_create"), {"code": "660201", "name": "办公费", "name_en": "Office",
                                                       "type": "expense", "subtype": "other",
                                                       "parent": parent.pk})
    client.post(reverse("accounting_cost_centre_create"), {"code": "ADMIN", "name": "管理部", "active": "on"})
    duplicate = client.post(reverse("accounting_cost_centre_create"), {"code": "ADMIN", "name": "又一个"})

    assert Account.objects.get(company=books.company, code="660201").parent == parent
    assert CostCentre.objects.filter(company=books.company, code="ADMIN").count() == 1
    assert duplicate.status_code == 422


def test_an_account_and_a_cost_centre_are_renamed_on_their_edit_pages(books, signed_in):
    client = signed_in(books.actor)
    account = books.account("6602")
    centre = cost_centre_create(actor=books.actor, company=books.company, code="ADMIN", name="管理部")

    page = client.get(reverse("accounting_account_edit", args=[account.pk]))
    client.post(reverse("accounting_account_edit", args=[account.pk]),
                {"name": "管理费用合计", "name_en": "Admin", "subtype": "other", "active": "on"})
    client.post(reverse("accounting_cost_centre_edit", args=[centre.pk]), {"code": "ADM", "name": "行政部",
                                                                          "active": "on"})

    assert page.status_code == 200 and page.context["title"] == str(account)
    account.refresh_from_db()
    centre.refresh_from_db()
    assert (account.name, centre.code, centre.name) == ("管理费用合计", "ADM", "行政部")


def test_moving_the_lock_date_back_on_the_settings_page_asks_for_a_reason(books, signed_in):
    client = signed_in(books.actor)
    settings = AccountingSettings.objects.get(company=books.company)
    fields = {"lock_date": "2026-10-31", "bill_approval_threshold": "50000.00",
              "current_profit_account": settings.current_profit_account_id,
              "retained_earnings_account": settings.retained_earnings_account_id}

    client.post(reverse("accounting_settings"), fields)
    refused = client.post(reverse("accounting_settings"), {**fields, "lock_date": "2026-09-30"})
    client.post(reverse("accounting_settings"), {**fields, "lock_date": "2026-09-30", "reason": "审计调整"})

    assert refused.status_code == 422
    assert refused.context["form"].errors["reason"] == [
        "Say why the lock date moves back; the reason is kept in the audit trail."]
    settings.refresh_from_db()
    assert (settings.lock_date, settings.bill_approval_threshold) == (datetime.date(2026, 9, 30), D("50000.00"))
    assert AuditRecord.objects.filter(object_type="accounting.accountingsettings").latest("seq").after[
        "reason"] == "审计调整"
