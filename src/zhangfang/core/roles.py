"""The job-duty roles Zhangfang ships. Rights are patterns over ``app_label.codename``,
so a module added later grants its permissions to the right duties without a new list."""

from django.utils.translation import gettext_noop as N_

READ_ALL = "*.view_*"
MASTER_DATA = ["core.view_*", "core.add_partner", "core.change_partner", "core.add_attachment"]

# The audit trail shows every change to everything: only these duties read it.
AUDIT_READERS = {"admin", "auditor", "ops"}

# Duties that require two-factor sign-in when first created; administrators may change it.
TWO_FACTOR_ROLES = {"admin", "finance_manager", "accountant", "cashier"}

SYSTEM_ROLES = [
    ("admin", N_("System administrator"), N_("Configures the system, users and roles."), ["*"]),
    ("finance_manager", N_("Finance manager"), N_("Owns the books: approves, posts, closes periods."),
     [*MASTER_DATA, "core.*_exchangerate", "accounting.*", "reporting.*"]),
    ("accountant", N_("Accountant"), N_("Keys and posts vouchers, invoices and bills."),
     [*MASTER_DATA, "core.add_exchangerate", "core.change_exchangerate", "accounting.view_*",
      "accounting.add_*", "accounting.change_*", "accounting.post_journalentry", "accounting.post_invoice",
      "inventory.view_*", "purchasing.view_*", "sales.view_*"]),
    ("cashier", N_("Cashier"), N_("Receives and pays money; keeps cash and bank journals."),
     ["core.view_*", "accounting.view_*", "accounting.*payment*", "purchasing.view_*", "sales.view_*"]),
    ("buyer", N_("Buyer"), N_("Requisitions, requests for quotation and purchase orders."),
     [*MASTER_DATA, "purchasing.*", "inventory.view_*"]),
    ("warehouse", N_("Warehouse keeper"), N_("Receipts, deliveries, transfers and stocktakes."),
     ["core.view_*", "inventory.*", "purchasing.view_*", "purchasing.receive_purchaseorder", "sales.view_*"]),
    ("sales", N_("Salesperson"), N_("Quotations, sales orders and customers."),
     [*MASTER_DATA, "sales.*", "crm.*", "inventory.view_*"]),
    ("planner", N_("Production planner"), N_("Bills of materials, MRP and production orders."),
     ["core.view_*", "manufacturing.*", "inventory.view_*", "purchasing.view_*"]),
    ("hr", N_("HR specialist"), N_("Employees, attendance, leave and payroll."),
     ["core.view_*", "hr.*"]),
    ("ops", N_("Operations engineer"), N_("Monitoring, backups, incidents and drills."),
     ["core.view_*", "ops.*", "django_q.*"]),
    ("auditor", N_("Auditor (read-only)"), N_("Reads everything, changes nothing."),
     [READ_ALL, "core.oversee_approvalrequest"]),
]
