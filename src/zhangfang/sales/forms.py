"""Forms of the sales pages. They parse what was typed; the services decide what is allowed
and compute every price and amount."""

from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from zhangfang.accounting.forms import AmountField
from zhangfang.accounting.forms_documents import BookDateField
from zhangfang.accounting.models import Journal, Tax
from zhangfang.core.models import Company, Currency, Partner, Uom
from zhangfang.inventory.models import Product, Warehouse
from zhangfang.sales.models import InvoicePolicy, PriceList, SalesSettings
from zhangfang.web.forms import Form, ModelForm, grid_row


@dataclass
class LineChoices:
    """What an order line may name, loaded once per page."""

    products: dict[str, Product]
    units: dict[str, Uom]
    taxes: dict[str, Tax]

    @classmethod
    def load(cls, company: Company) -> "LineChoices":
        products = Product.objects.filter(company=company, active=True).select_related("uom", "sale_uom").order_by(
            "code")
        units = Uom.objects.filter(company=company, active=True).order_by("category__name", "ratio")
        taxes = Tax.objects.filter(company=company, scope=Tax.Scope.SALE, active=True).order_by("-rate", "name")
        return cls(products={str(p.pk): p for p in products}, units={str(u.pk): u for u in units},
                   taxes={str(t.pk): t for t in taxes})


class OrderForm(Form):
    partner = forms.ModelChoiceField(label=_("Customer"), queryset=Partner.objects.none())
    date = BookDateField(label=_("Order date"))
    valid_until = BookDateField(label=_("Valid until"), required=False)
    currency = forms.ModelChoiceField(label=_("Currency"), queryset=Currency.objects.filter(active=True),
                                      to_field_name="code", required=False,
                                      help_text=_("Left empty: the price list's or the customer's."))
    price_list = forms.ModelChoiceField(label=_("Price list"), queryset=PriceList.objects.none(), required=False,
                                        help_text=_("Left empty: the customer's."))
    warehouse = forms.ModelChoiceField(label=_("Warehouse"), queryset=Warehouse.objects.none(), empty_label=None)
    invoice_policy = forms.ChoiceField(label=_("Invoice"), choices=InvoicePolicy.choices)
    reference = forms.CharField(label=_("Customer reference"), max_length=60, required=False)
    notes = forms.CharField(label=_("Notes"), max_length=500, required=False)

    def __init__(self, *args, company: Company, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = Partner.objects.filter(company=company, active=True,
                                                                 is_customer=True).order_by("code")
        self.fields["price_list"].queryset = PriceList.objects.filter(company=company, active=True).order_by("name")
        self.fields["warehouse"].queryset = Warehouse.objects.filter(company=company, active=True).order_by("code")


class OrderLineForm(Form):
    product = forms.ChoiceField(label=_("Product"), required=False)
    description = forms.CharField(label=_("Description"), max_length=200, required=False)
    quantity = AmountField(label=_("Quantity"), places=4)
    uom = forms.ChoiceField(label=_("Unit"), required=False)
    unit_price = AmountField(label=_("Unit price"), places=6)
    discount = AmountField(label=_("Discount (%)"))
    tax = forms.ChoiceField(label=_("Tax"), required=False)

    def __init__(self, *args, choices: LineChoices, **kwargs):
        super().__init__(*args, **kwargs)
        self.choices = choices
        self.fields["product"].choices = [("", "—"), *((key, str(p)) for key, p in choices.products.items())]
        self.fields["uom"].choices = [("", "—"), *((key, u.name) for key, u in choices.units.items())]
        self.fields["tax"].choices = [("", "—"), *((key, t.name) for key, t in choices.taxes.items())]
        self.fields["unit_price"].widget.attrs["placeholder"] = _("Price list")
        grid_row(self)

    def clean(self):
        data = super().clean()
        data["blank"] = not data.get("product")
        return data

    def line(self) -> dict:
        """The line as the order service takes it; what was left empty takes the service's default."""
        data = self.cleaned_data
        line = {"product": self.choices.products[data["product"]], "tax": self.choices.taxes.get(data["tax"] or "")}
        if data["uom"]:
            line["uom"] = self.choices.units[data["uom"]]
        for name in ("description", "quantity", "unit_price", "discount"):
            if data[name] not in (None, ""):
                line[name] = data[name]
        return line


class OrderLineFormSet(forms.BaseFormSet):
    def kept(self) -> list[tuple[int, dict]]:
        """(form index, line) of the lines typed; the service numbers them from 1."""
        return [(index, form.line()) for index, form in enumerate(self.forms)
                if form.cleaned_data and not form.cleaned_data["blank"]]


def order_line_formset(extra: int):
    return forms.formset_factory(OrderLineForm, formset=OrderLineFormSet, extra=extra)


def order_initial_lines(lines) -> list[dict]:
    return [{"product": str(line.product_id), "description": line.description, "quantity": line.quantity.normalize(),
             "uom": str(line.uom_id), "unit_price": line.unit_price.normalize(),
             "discount": line.discount.normalize() if line.discount else None, "tax": str(line.tax_id or "")}
            for line in lines]


class DeliveryForm(Form):
    """The shipping details and date of a delivery; the done quantities come as ``done-<move id>``."""

    date = BookDateField(label=_("Date done"))
    carrier = forms.CharField(label=_("Carrier"), max_length=60, required=False)
    tracking_number = forms.CharField(label=_("Tracking number"), max_length=60, required=False)


class InvoiceForm(Form):
    date = BookDateField(label=_("Invoice date"))


class PaymentForm(Form):
    journal = forms.ModelChoiceField(label=_("Cash or bank journal"), queryset=Journal.objects.none(),
                                     empty_label=None)
    date = BookDateField(label=_("Date"))
    amount = AmountField(label=_("Amount"), required=True)
    reference = forms.CharField(label=_("Reference"), max_length=60, required=False)

    def __init__(self, *args, company: Company, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["journal"].queryset = Journal.objects.filter(
            company=company, active=True, kind__in=(Journal.Kind.BANK, Journal.Kind.CASH)).order_by("kind", "code")


class ReturnForm(Form):
    """The date and reason of a customer return; the quantities come as ``return-<line id>``."""

    date = BookDateField(label=_("Date"))
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)


class PriceListForm(Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    currency = forms.ModelChoiceField(label=_("Currency"), queryset=Currency.objects.filter(active=True),
                                      to_field_name="code", empty_label=None)
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)


class PriceListItemForm(Form):
    product = forms.ModelChoiceField(label=_("Product"), queryset=Product.objects.none(), required=False)
    min_quantity = AmountField(label=_("From quantity"), places=4)
    price = AmountField(label=_("Price"), places=6)
    valid_from = BookDateField(label=_("Valid from"), required=False)
    valid_to = BookDateField(label=_("Valid to"), required=False)

    def __init__(self, *args, company: Company, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = Product.objects.filter(company=company, active=True).order_by("code")

    def item(self) -> dict | None:
        data = self.cleaned_data
        if not data or data.get("product") is None:
            return None
        return {name: data[name] for name in ("product", "min_quantity", "price", "valid_from", "valid_to")}


class SalesSettingsForm(ModelForm):
    class Meta:
        model = SalesSettings
        fields = ["invoice_policy", "credit_check"]
