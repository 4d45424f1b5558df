"""Ledger fixtures, built through the services."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from zhangfang.accounting.models import Account, Journal
from zhangfang.accounting.services.accounts import chart_load, journal_defaults_ensure
from zhangfang.accounting.services.entries import journal_entry_create, journal_entry_post


class Books:
    """A company with the PRC chart and the default journals loaded."""

    def __init__(self, actor, company):
        self.actor, self.company = actor, company
        chart_load(actor=actor, company=company, template="prc")
        journal_defaults_ensure(actor=actor, company=company)
        self.general = Journal.objects.get(company=company, code="general")
        self._accounts = {account.code: account for account in Account.objects.filter(company=company)}

    def account(self, code: str) -> Account:
        return self._accounts[code]

    def lines(self, *spec) -> list[dict]:
        """lines(("1002", "100.00", ""), ("4001", "", "100.00"), ...) → line dicts."""
        rows = []
        for code, debit, credit, *rest in spec:
            row = {"account": self.account(code), "debit": Decimal(debit or "0"), "credit": Decimal(credit or "0")}
            if rest:
                row["partner"] = rest[0]
            rows.append(row)
        return rows

    def draft(self, date: datetime.date, *spec, journal=None, narration=""):
        return journal_entry_create(actor=self.actor, company=self.company, journal=journal or self.general,
                                    date=date, lines=self.lines(*spec), narration=narration)

    def post(self, date: datetime.date, *spec, journal=None, narration=""):
        return journal_entry_post(actor=self.actor, entry=self.draft(date, *spec, journal=journal,
                                                                     narration=narration))


@pytest.fixture
def books(admin, company):
    return Books(admin, company)


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English; the zh-hans catalogue is the translators' work."""
    with translation.override("en"):
        yield
