import datetime
import io
import shutil
import subprocess

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from zhangfang.accounting.models import JournalEntry

NOV = {"date_from": "2026-11-01", "date_to": "2026-11-30"}


@pytest.fixture
def november(books):
    """Capital 500,000.00; a sale of 50,000.00 + VAT 6,500.00 on credit; 30,000.00 collected; bank
    charges 35.50. At 2026-11-30: assets 529,964.50 + 26,500.00 = 556,464.50 = VAT 6,500.00 + capital
    500,000.00 + profit not yet closed 49,964.50."""
    day = datetime.date(2026, 11, 3)
    books.post(day, ("1002", "500000.00", ""), ("4001", "", "500000.00"), narration="股东投入")
    books.post(day.replace(day=10), ("1122", "56500.00", ""), ("6001", "", "50000.00"), ("222102", "", "6500.00"))
    books.post(day.replace(day=20), ("1002", "30000.00", ""), ("1122", "", "30000.00"), narration="收货款")
    books.post(day.replace(day=25), ("660303", "35.50", ""), ("1002", "", "35.50"))
    return books


@pytest.fixture
def client_in(november, signed_in):
    def sign_in(language):
        november.actor.language = language
        november.actor.save(update_fields=["language"])
        return signed_in(november.actor)

    return sign_in


@pytest.mark.parametrize(("language", "words"), [
    ("zh-hans", ["资产负债表", "货币资金", "未分配利润"]),
    ("en", ["Balance sheet", "Cash and cash equivalents", "Retained earnings"]),
])
def test_balance_sheet_page_in_both_languages_links_every_figure_to_its_lines(client_in, november, language,
                                                                               words):
    response = client_in(language).get(reverse("accounting_balance_sheet"), {"as_of": "2026-11-30"})

    html = response.content.decode()
    assert response.status_code == 200
    assert all(word in html for word in words)
    assert "556,464.50" in html and "49,964.50" in html and "Out of balance" not in html
    receivables = november.account("1122").pk
    assert f"{reverse('accounting_account_detail')}?account={receivables}&amp;date_from=2026-01-01" in html


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize(("name", "params", "figure"), [
    ("accounting_income_statement", NOV, "49,964.50"),
    ("accounting_cash_flow", NOV, "529,964.50"),
    ("accounting_trial_balance", NOV, "586,535.50"),
])
def test_statement_pages_render(client_in, language, name, params, figure):
    response = client_in(language).get(reverse(name), params)

    assert response.status_code == 200
    assert figure in response.content.decode()


def test_pages_open_on_default_dates(client_in):
    client = client_in("en")
    for name in ("accounting_balance_sheet", "accounting_income_statement", "accounting_cash_flow",
                 "accounting_trial_balance"):
        assert client.get(reverse(name)).status_code == 200, name


def test_a_range_ending_before_it_starts_is_refused_at_the_field(client_in):
    response = client_in("en").get(reverse("accounting_income_statement"),
                                   {"date_from": "2026-11-30", "date_to": "2026-11-01"})

    assert response.status_code == 200
    assert "The end comes before the start." in response.content.decode()


def test_account_detail_page_links_entries_and_keeps_queries_flat(client_in, november,
                                                                  django_assert_max_num_queries):
    for n in range(1, 21):
        november.post(datetime.date(2026, 11, 26), ("6602", f"{n}.00", ""), ("1002", "", f"{n}.00"))
    client = client_in("en")
    params = {"account": november.account("1002").pk, **NOV}

    with django_assert_max_num_queries(20):  # as many for 20 lines as for 2000
        response = client.get(reverse("accounting_account_detail"), params)

    html = response.content.decode()
    assert response.status_code == 200
    assert "收货款" in html and "529,754.50" in html  # 529,964.50 − 210.00 of expenses
    entry = JournalEntry.objects.get(company=november.company, narration="收货款")
    assert reverse("accounting_entry_detail", args=[entry.pk]) in html


def test_xlsx_export_holds_the_figures_as_numbers(client_in):
    response = client_in("en").get(reverse("accounting_balance_sheet"), {"as_of": "2026-11-30", "format": "xlsx"})

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="balance-sheet.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = {row[0].value: row[1] for row in sheet.iter_rows() if row[0].value}
    assert sheet["A1"].value == "Balance sheet"
    assert rows["Total assets"].value == pytest.approx(556464.50)  # a number, not text
    assert rows["Total assets"].number_format == "#,##0.00"
    assert rows["Retained earnings"].value == pytest.approx(49964.50)


def test_account_detail_and_trial_balance_export_too(client_in, november):
    client = client_in("en")
    detail = client.get(reverse("accounting_account_detail"),
                        {"account": november.account("1002").pk, **NOV, "format": "xlsx"})
    trial = client.get(reverse("accounting_trial_balance"), {**NOV, "format": "pdf"})

    values = [cell.value for row in load_workbook(io.BytesIO(detail.content)).active.iter_rows() for cell in row]
    assert "收货款" in values and pytest.approx(529964.50) in values
    assert trial["Content-Type"] == "application/pdf" and trial.content.startswith(b"%PDF")


def test_pdf_export_is_a_pdf_with_the_chinese_title(client_in, tmp_path):
    response = client_in("zh-hans").get(reverse("accounting_income_statement"), {**NOV, "format": "pdf"})

    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        path = tmp_path / "income.pdf"
        path.write_bytes(response.content)
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
        assert "利润表" in text and "49,964.50" in text


def test_account_detail_opened_from_the_menu_asks_for_accounts_without_an_error(client_in):
    response = client_in("en").get(reverse("accounting_account_detail"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "This field is required" not in html and "invalid-feedback" not in html
