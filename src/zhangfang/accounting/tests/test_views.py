import datetime

import pytest
from django.urls import reverse

from zhangfang.accounting.services.accounts import chart_load, journal_defaults_ensure
from zhangfang.accounting.services.entries import journal_entry_reverse
from zhangfang.accounting.tests.conftest import Books

NOV_3 = datetime.date(2026, 11, 3)


@pytest.fixture(autouse=True)
def english_user(admin):
    admin.language = "en"
    admin.save(update_fields=["language"])


def test_entry_list_is_scoped_and_keeps_queries_flat(books, other_company, signed_in,
                                                     django_assert_max_num_queries):
    for n in range(1, 31):
        books.post(NOV_3, ("1002", f"{n}.00", ""), ("4001", "", f"{n}.00"))
    other = Books(books.actor, other_company)
    other.post(NOV_3, ("1001", "7.00", ""), ("4001", "", "7.00"), narration="别家的凭证")
    client = signed_in(books.actor)

    with django_assert_max_num_queries(20):
        response = client.get(reverse("accounting_entry_list"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "记-2026-11-0030" in html and "别家的凭证" not in html


def test_entry_detail_shows_lines_status_and_history(books, signed_in):
    entry = books.post(NOV_3, ("1002", "1234567.80", ""), ("4001", "", "1234567.80"), narration="股东投入")
    mirror = journal_entry_reverse(actor=books.actor, entry=entry, date=NOV_3)

    response = signed_in(books.actor).get(reverse("accounting_entry_detail", args=[entry.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "1002 银行存款" in html and "1,234,567.80" in html and "股东投入" in html
    assert "Reversed by" in html
    assert reverse("accounting_entry_detail", args=[mirror.pk]) in html
    assert 'id="t-history"' in html


def test_entry_of_another_company_is_not_found(books, other_company, signed_in):
    chart_load(actor=books.actor, company=other_company, template="prc")
    journal_defaults_ensure(actor=books.actor, company=other_company)
    foreign = Books(books.actor, other_company).post(NOV_3, ("1001", "7.00", ""), ("4001", "", "7.00"))

    response = signed_in(books.actor).get(reverse("accounting_entry_detail", args=[foreign.pk]))

    assert response.status_code == 404


def test_trial_balance_page_shows_totals(books, signed_in):
    books.post(NOV_3, ("1002", "500000.00", ""), ("4001", "", "500000.00"))
    books.post(NOV_3, ("660303", "35.50", ""), ("1002", "", "35.50"))

    response = signed_in(books.actor).get(reverse("accounting_trial_balance"),
                                          {"date_from": "2026-11-01", "date_to": "2026-11-30"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "500,035.50" in html and "499,964.50" in html
    assert "Out of balance" not in html
