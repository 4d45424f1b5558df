"""Accounting models, one module per subject; import them from here."""

from zhangfang.accounting.models.invoices import Invoice, InvoiceLine
from zhangfang.accounting.models.ledger import (
    MONEY,
    ZERO,
    Account,
    AccountBalance,
    CostCentre,
    FiscalYear,
    Journal,
    JournalEntry,
    JournalEntryLine,
    LedgerChainHead,
    Period,
)
from zhangfang.accounting.models.payments import Payment, Reconciliation
from zhangfang.accounting.models.settings import AccountingSettings
from zhangfang.accounting.models.taxes import Tax

__all__ = [
    "MONEY", "ZERO", "Account", "AccountBalance", "AccountingSettings", "CostCentre", "FiscalYear", "Invoice",
    "InvoiceLine", "Journal", "JournalEntry", "JournalEntryLine", "LedgerChainHead", "Payment", "Period",
    "Reconciliation", "Tax",
]
