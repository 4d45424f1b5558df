"""Forms of the purchasing pages. They parse what was typed; the services decide what is allowed."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from zhangfang.accounting.forms import AmountField
from zhangfang.accounting.models import Tax
from zhangfang.core.models import Company, Currency, Partner, Uom
from zhangfang.inventory.models import Product, Warehouse
from zhangfang.web.forms import DatePicker, Form

SMALL = "form-control-sm"


def suppliers(company: Company):
    return Partner.objects.filter(company=company, is_supplier=True, active=True).order_by("name")


def products(company: Company):
    return Product.objects.filter(company=company, active=True).select_related("uom").order_by("code")


def price_text(value) -> str | None:
    """A stored unit price as typed: 23.200000 → 23.20, 0.125000 → 0.125."""
    if value is None:
        return None
    whole, _dot, places = f"{value:f}".partition(".")
    return f"{whole}.{places.rstrip('0').ljust(2, '0')}"


def _small(form) -> None:
    for field in form.fields.values():
        field.widget.attrs["aria-label"] = field.label
        css = field.widget.attrs.get("class", "")
        field.widget.attrs["class"] = f"{css} {'form-select-sm' if 'form-select' in css else SMALL}"


# --- header forms -----------------------------------------------------------------------

class RequisitionForm(Form):
    department = forms.CharField(label=_("Department"), max_length=40, required=False)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class OrderForm(Form):
    supplier = forms.ModelChoiceField(label=_("Supplier"), queryset=Partner.objects.none())
    order_date = forms.DateField(label=_("Order date"), widget=DatePicker())
    expected_date = forms.DateField(label=_("Expected delivery"), widget=DatePicker(), required=False,
                                    help_text=_("Empty: after the longest lead time of the supplier's prices."))
    warehouse = forms.ModelChoiceField(label=_("Deliver to"), queryset=Warehouse.objects.none())
    currency = forms.ModelChoiceField(label=_("Currency"), queryset=Currency.objects.filter(active=True),
                                      to_field_name="code", required=False,
                                      help_text=_("Empty: the supplier's currency."))
    department = forms.CharField(label=_("Department"), max_length=40, required=False)
    reference = forms.CharField(label=_("Supplier reference"), max_length=60, required=False)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, company: Company, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supplier"].queryset = suppliers(company)
        self.fields["warehouse"].queryset = Warehouse.objects.filter(company=company, active=True)


# --- line grids ---------------------------------------------------------------------------

class LineForm(Form):
    """A product line; a row with neither product nor quantity is left out."""

    product = forms.ModelChoiceField(label=_("Product"), queryset=Product.objects.none(), required=False)
    quantity = AmountField(label=_("Quantity"), places=4)
    uom = forms.ModelChoiceField(label=_("Unit"), queryset=Uom.objects.none(), required=False)

    def __init__(self, *args, company: Company, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = products(company)
        self.fields["uom"].queryset = Uom.objects.filter(company=company, active=True)
        _small(self)

    def clean(self):
        data = super().clean()
        data["blank"] = not data.get("product") and not data.get("quantity")
        if not data["blank"]:
            if not data.get("product"):
                self.add_error("product", _("Choose a product."))
            if not data.get("quantity"):
                self.add_error("quantity", _("Give a quantity greater than 0."))
        return data

    def line(self) -> dict:
        data = {name: value for name, value in self.cleaned_data.items() if name != "blank"}
        return {name: value for name, value in data.items() if value not in (None, "")}


class RequisitionLineForm(LineForm):
    needed_by = forms.DateField(label=_("Needed by"), widget=DatePicker(), required=False)
    supplier = forms.ModelChoiceField(label=_("Preferred supplier"), queryset=Partner.objects.none(), required=False)

    def __init__(self, *args, company: Company, **kwargs):
        super().__init__(*args, company=company, **kwargs)
        self.fields["supplier"].queryset = suppliers(company)
        _small(self)


class OrderLineForm(LineForm):
    description = forms.CharField(label=_("Description"), max_length=200, required=False)
    unit_price = AmountField(label=_("Unit price"), places=6, help_text=_("Empty: the supplier's price list."))
    tax = forms.ModelChoiceField(label=_("Tax"), queryset=Tax.objects.none(), required=False)

    def __init__(self, *args, company: Company, **kwargs):
        super().__init__(*args, company=company, **kwargs)
        self.fields["tax"].queryset = Tax.objects.filter(company=company, scope=Tax.Scope.PURCHASE, active=True)
        _small(self)

    def line(self) -> dict:
        data = super().line()
        data["tax"] = self.cleaned_data.get("tax")  # an empty tax is no tax, not the product's
        return data


class LineFormSet(forms.BaseFormSet):
    title = _("Lines")

    def kept(self) -> list[tuple[int, dict]]:
        """(form index, line) of the rows filled in."""
        return [(index, form.line()) for index, form in enumerate(self.forms)
                if form.cleaned_data and not form.cleaned_data["blank"]]

    def clean(self):
        if not any(self.errors) and not self.kept():
            raise forms.ValidationError(_("Add at least one line."))


def line_formset(form_class, extra: int):
    return forms.formset_factory(form_class, formset=LineFormSet, extra=extra)


# --- steps of a document --------------------------------------------------------------------

class RfqRequestForm(Form):
    suppliers = forms.ModelMultipleChoiceField(label=_("Suppliers"), queryset=Partner.objects.none(),
                                               widget=forms.CheckboxSelectMultiple)
    date = forms.DateField(label=_("Date"), widget=DatePicker())
    reply_by = forms.DateField(label=_("Reply by"), widget=DatePicker(), required=False)

    def __init__(self, *args, company: Company, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["suppliers"].queryset = suppliers(company)
        self.fields["date"].initial = datetime.date.today()


class QuoteForm(Form):
    """The supplier's answer: ``price_<line id>`` and ``lead_<line id>`` per line."""

    quote_reference = forms.CharField(label=_("Supplier's quotation number"), max_length=60, required=False)
    valid_until = forms.DateField(label=_("Valid until"), widget=DatePicker(), required=False)

    def __init__(self, *args, lines, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = list(lines)
        for line in self.lines:
            self.fields[f"price_{line.pk}"] = AmountField(label=_("Unit price"), places=6,
                                                          initial=price_text(line.price))
            self.fields[f"lead_{line.pk}"] = forms.IntegerField(label=_("Lead time (days)"), min_value=0,
                                                                max_value=999, required=False,
                                                                initial=line.lead_days)
        _small(self)

    def quotes(self) -> list[dict]:
        data = self.cleaned_data
        return [{"line": line, "price": data[f"price_{line.pk}"], "lead_days": data[f"lead_{line.pk}"]}
                for line in self.lines]


class QuantitiesForm(Form):
    """A quantity per order line (``qty_<line id>``), and for bills a price (``price_<line id>``)."""

    date = forms.DateField(label=_("Date"), widget=DatePicker())

    def __init__(self, *args, lines, initial_quantity, prices: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = list(lines)
        self.prices = prices
        self.fields["date"].initial = datetime.date.today()
        for line in self.lines:
            quantity = initial_quantity(line)
            self.fields[f"qty_{line.pk}"] = AmountField(label=str(line.product), places=4,
                                                        initial=quantity and f"{quantity.normalize():f}")
            if prices:
                self.fields[f"price_{line.pk}"] = AmountField(label=_("Unit price"), places=6,
                                                              initial=price_text(line.unit_price))
        _small(self)

    def rows(self):
        """(line, its quantity field, its price field or None) for the template."""
        return [(line, self[f"qty_{line.pk}"], self[f"price_{line.pk}"] if self.prices else None)
                for line in self.lines]

    def quantities(self) -> dict:
        return {line: self.cleaned_data[f"qty_{line.pk}"] for line in self.lines
                if self.cleaned_data.get(f"qty_{line.pk}")}


class BillForm(QuantitiesForm):
    reference = forms.CharField(label=_("Supplier's invoice number"), max_length=60, required=False)

    def bill_lines(self) -> list[dict]:
        return [{"order_line": line, "quantity": quantity, "unit_price": self.cleaned_data[f"price_{line.pk}"]}
                for line, quantity in self.quantities().items()]


class ReturnForm(QuantitiesForm):
    rejected = forms.BooleanField(label=_("Faulty (counts against the supplier's rating)"), required=False,
                                  initial=True)
    credit = forms.BooleanField(label=_("Credit what was billed already"), required=False, initial=True)


class InspectionForm(Form):
    """Per receipt move, the quantity that passed (``ok_<move id>``); the rest goes back."""

    date = forms.DateField(label=_("Date"), widget=DatePicker())

    def __init__(self, *args, moves, **kwargs):
        super().__init__(*args, **kwargs)
        self.moves = list(moves)
        self.fields["date"].initial = datetime.date.today()
        for move in self.moves:
            self.fields[f"ok_{move.pk}"] = AmountField(label=str(move.product), places=4,
                                                       initial=f"{move.quantity.normalize():f}")
        _small(self)

    def rows(self):
        return [(move, self[f"ok_{move.pk}"]) for move in self.moves]

    def accepted(self) -> dict:
        return {move: self.cleaned_data.get(f"ok_{move.pk}") or 0 for move in self.moves}


# --- set-up -------------------------------------------------------------------------------

class SupplierPriceForm(Form):
    supplier = forms.ModelChoiceField(label=_("Supplier"), queryset=Partner.objects.none())
    product = forms.ModelChoiceField(label=_("Product"), queryset=Product.objects.none())
    supplier_code = forms.CharField(label=_("Supplier's product code"), max_length=40, required=False)
    min_quantity = AmountField(label=_("From quantity"), places=4, help_text=_("In the product's purchase unit."))
    price = AmountField(label=_("Unit price"), places=6, required=True, help_text=_("Excluding VAT."))
    currency = forms.ModelChoiceField(label=_("Currency"), queryset=Currency.objects.filter(active=True),
                                      to_field_name="code")
    lead_days = forms.IntegerField(label=_("Lead time (days)"), min_value=0, max_value=999, initial=0)
    valid_from = forms.DateField(label=_("Valid from"), widget=DatePicker(), required=False)
    valid_to = forms.DateField(label=_("Valid to"), widget=DatePicker(), required=False)
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, company: Company, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supplier"].queryset = suppliers(company)
        self.fields["product"].queryset = products(company)
        self.fields["currency"].initial = company.base_currency.code

    def data_for_service(self) -> dict:
        data = dict(self.cleaned_data)
        data["min_quantity"] = data["min_quantity"] or 0
        return data


class SettingsForm(Form):
    order_approval_threshold = AmountField(label=_("Orders above this total need approval"),
                                           help_text=_("In the company's currency, VAT included; empty: never."))
    over_receipt_tolerance = AmountField(label=_("Over-receipt tolerance (%)"))
    price_tolerance = AmountField(label=_("Bill price tolerance (%)"))
    quantity_tolerance = AmountField(label=_("Bill quantity tolerance (%)"))
    use_quality_hold = forms.BooleanField(label=_("Receipts wait in the quality location until inspected"),
                                          required=False)

    def data_for_service(self) -> dict:
        data = dict(self.cleaned_data)
        for name in ("over_receipt_tolerance", "price_tolerance", "quantity_tolerance"):
            data[name] = data[name] or 0
        return data


class PeriodForm(Form):
    date_from = forms.DateField(label=_("From"), widget=DatePicker(), required=False)
    date_to = forms.DateField(label=_("To"), widget=DatePicker(), required=False)
