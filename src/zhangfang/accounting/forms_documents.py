"""Forms of the invoice, bill, credit-note and payment pages. They parse what was typed; the
services decide what is allowed and compute every amount."""

import datetime
from dataclasses import dataclass

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zhangfang.accounting.forms import AmountField, VoucherChoices, _code, account_label
from zhangfang.accounting.models import Invoice, Journal, Payment, Tax
from zhangfang.accounting.services.invoices import LINE_FIELDS
from zhangfang.core.models import Company, Currency, Partner
from zhangfang.web.forms import DatePicker, Form, grid_row

# Dates the books can hold with room for due dates and aging buckets on either side.
EARLIEST, LATEST = datetime.date(1900, 1, 1), datetime.date(2999, 12, 31)
SMALL = {"class": "form-control-sm"}


class BookDateField(forms.DateField):
    widget = DatePicker

    def validate(self, value):
        super().validate(value)
        if value is not None and not EARLIEST <= value <= LATEST:
            raise forms.ValidationError(_("Give a date between 1900 and 2999."))


def side_kinds(sale: bool) -> list[tuple[str, str]]:
    kinds = (Invoice.Kind.CUSTOMER_INVOICE, Invoice.Kind.CUSTOMER_CREDIT) if sale else (
        Invoice.Kind.SUPPLIER_BILL, Invoice.Kind.SUPPLIER_CREDIT)
    return [(kind.value, kind.label) for kind in kinds]


# --- invoices ---------------------------------------------------------------------------

@dataclass
class InvoiceChoices:
    """What an invoice line may name, loaded once per page."""

    voucher: VoucherChoices
    taxes: dict[str, Tax]

    @classmethod
    def load(cls, company: Company, *, sale: bool) -> "InvoiceChoices":
        scope = Tax.Scope.SALE if sale else Tax.Scope.PURCHASE
        taxes = Tax.objects.filter(company=company, scope=scope, active=True).order_by("-rate", "name")
        return cls(voucher=VoucherChoices.load(company), taxes={str(tax.pk): tax for tax in taxes})


class InvoiceForm(Form):
    kind = forms.ChoiceField(label=_("Kind"))
    partner = forms.ModelChoiceField(label=_("Partner"), queryset=Partner.objects.none())
    date = BookDateField(label=_("Invoice date"))
    due_date = BookDateField(label=_("Due date"), required=False,
                             help_text=_("Left empty: after the partner's payment terms."))
    currency = forms.ModelChoiceField(label=_("Currency"), queryset=Currency.objects.filter(active=True),
                                      to_field_name="code", empty_label=None)
    reference = forms.CharField(label=_("Reference"), max_length=60, required=False)
    narration = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, company: Company, sale: bool, invoice: Invoice | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = side_kinds(sale)
        # A draft keeps its kind: a credit note is not turned into an invoice.
        self.fields["kind"].disabled = invoice is not None
        wanted = Q(is_customer=True) if sale else Q(is_supplier=True)
        if invoice is not None:
            wanted |= Q(pk=invoice.partner_id)
        self.fields["partner"].queryset = (Partner.objects.filter(company=company, active=True).filter(wanted)
                                           .order_by("code"))


class InvoiceLineForm(Form):
    description = forms.CharField(label=_("Description"), max_length=200, required=False)
    account = forms.CharField(label=_("Account"), max_length=140, required=False)
    quantity = AmountField(label=_("Quantity"), places=4)
    unit_price = AmountField(label=_("Unit price"), places=6)
    discount = AmountField(label=_("Discount (%)"))
    tax = forms.ChoiceField(label=_("Tax"), required=False)
    cost_centre = forms.ChoiceField(label=_("Cost centre"), required=False)

    def __init__(self, *args, choices: InvoiceChoices, **kwargs):
        super().__init__(*args, **kwargs)
        self.choices = choices
        self.fields["account"].widget.attrs.update(list="zf-accounts", autocomplete="off",
                                                   placeholder=_("Default account"))
        self.fields["tax"].choices = [("", "—"), *((key, tax.name) for key, tax in choices.taxes.items())]
        self.fields["cost_centre"].choices = [("", "—"), *(
            (key, str(centre)) for key, centre in choices.voucher.cost_centres.items())]
        grid_row(self)

    def clean(self):
        data = super().clean()
        data["blank"] = not any(data.get(name) not in (None, "") for name in (
            "description", "account", "quantity", "unit_price", "discount"))
        if data["blank"]:
            return data
        code = _code(data.get("account") or "")
        if code and code not in self.choices.voucher.accounts:
            self.add_error("account", _("%(code)s is not an active account without sub-accounts.") % {"code": code})
        return data

    def line(self) -> dict:
        """The line as the invoice service takes it; what was left empty takes the service's default."""
        data = self.cleaned_data
        line = {"description": data["description"], "unit_price": data["unit_price"],
                "tax": self.choices.taxes.get(data["tax"] or ""),
                "cost_centre": self.choices.voucher.cost_centres.get(data["cost_centre"] or "")}
        code = _code(data.get("account") or "")
        if code:
            line["account"] = self.choices.voucher.accounts[code]
        for name in ("quantity", "discount"):
            if data[name] is not None:
                line[name] = data[name]
        return line


class InvoiceLineFormSet(forms.BaseFormSet):
    def kept(self) -> list[tuple[int, dict]]:
        """(form index, line) of the lines typed, blank rows left out; the service numbers them from 1."""
        return [(index, form.line()) for index, form in enumerate(self.forms)
                if form.cleaned_data and not form.cleaned_data["blank"]]


def invoice_line_formset(extra: int):
    return forms.formset_factory(InvoiceLineForm, formset=InvoiceLineFormSet, extra=extra)


def invoice_initial_lines(lines) -> list[dict]:
    return [{"description": line.description, "account": account_label(line.account),
             "quantity": line.quantity.normalize(), "unit_price": line.unit_price.normalize(),
             "discount": line.discount.normalize() if line.discount else None, "tax": str(line.tax_id or ""),
             "cost_centre": str(line.cost_centre_id or "")} for line in lines]


def invoice_line_data(lines) -> list[dict]:
    """A posted document's lines as the service takes them, to start a partial credit note from."""
    return [{name: getattr(line, name) for name in LINE_FIELDS} for line in lines]


class CreditNoteForm(Form):
    date = BookDateField(label=_("Credit note date"))
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)
    partial = forms.TypedChoiceField(
        label=_("Credit"), coerce=lambda value: value == "1", initial="0", widget=forms.RadioSelect,
        choices=[("0", _("All of it: post the credit note now and settle the invoice with it")),
                 ("1", _("Part of it: a draft credit note with the same lines to change, then post"))])


# --- payments ---------------------------------------------------------------------------

class PaymentForm(Form):
    kind = forms.ChoiceField(label=_("Direction"), choices=Payment.Kind.choices)
    partner = forms.ModelChoiceField(label=_("Partner"), queryset=Partner.objects.none())
    journal = forms.ModelChoiceField(label=_("Cash or bank journal"), queryset=Journal.objects.none(),
                                     empty_label=None)
    date = BookDateField(label=_("Date"))
    amount = AmountField(label=_("Amount"), required=True)
    currency = forms.ModelChoiceField(label=_("Currency"), queryset=Currency.objects.filter(active=True),
                                      to_field_name="code", empty_label=None)
    rate = forms.DecimalField(label=_("Exchange rate"), max_digits=20, decimal_places=10, required=False,
                              min_value=0, help_text=_("Left empty: the company's rate on the payment date."))
    reference = forms.CharField(label=_("Reference"), max_length=60, required=False)

    def __init__(self, *args, company: Company, fixed: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = Partner.objects.filter(company=company, active=True).order_by("code")
        self.fields["journal"].queryset = Journal.objects.filter(
            company=company, active=True, kind__in=(Journal.Kind.BANK, Journal.Kind.CASH)).order_by("kind", "code")
        # Paying one invoice: who, which way and in what currency follow from the invoice.
        for name in ("kind", "partner", "currency"):
            self.fields[name].disabled = fixed


class AllocationForm(Form):
    invoice = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    amount = AmountField(label=_("Pay"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["amount"].widget.attrs["class"] += " form-control-sm"


AllocationFormSet = forms.formset_factory(AllocationForm, extra=0)


class CancelForm(Form):
    date = BookDateField(label=_("Date of the reversal"), required=False,
                         help_text=_("Left empty: the payment date."))
