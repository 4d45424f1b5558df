"""Forms of the inventory pages. They parse what was typed; the services decide what is allowed."""

import datetime
import re
from decimal import Decimal

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zhangfang.accounting.forms import AmountField
from zhangfang.accounting.models import Account, Tax
from zhangfang.core.models import Company, Partner, Uom
from zhangfang.inventory.models import (
    Location,
    Lot,
    Product,
    ProductCategory,
    ReorderRule,
    StockCount,
    StockCountLine,
    StockMove,
    Warehouse,
)
from zhangfang.web.forms import DatePicker, Form, ModelForm, apply_error

SMALL = "form-control-sm"
QUANTITY_BOX = {"class": "form-control text-end", "autocomplete": "off"}  # in a grid's input group
ATTRIBUTE = re.compile(r"\s*(?P<name>[^=:：]+?)\s*[=:：]\s*(?P<value>\S.*?)\s*")
ACCOUNT_FIELDS = ("stock_account", "input_account", "output_account", "loss_account", "price_difference_account",
                  "income_account", "expense_account")


def plain(quantity):
    """12.5000 → 12.5, 10.0000 → 10: a stored quantity as a clerk would type it."""
    return None if quantity is None else Decimal(format(quantity.normalize(), "f"))


def _locations(company: Company, *kinds):
    rows = Location.objects.filter(company=company, active=True)
    return rows.filter(kind__in=kinds) if kinds else rows


class ModelForm(ModelForm):
    """The form checks each field; the whole record (uniqueness, the model's constraints) is left
    to the service, whose messages say what to do instead of naming a database constraint."""

    def _get_validation_exclusions(self):
        return {field.name for field in self._meta.model._meta.get_fields()}


def _drop(form, name: str) -> None:
    """Leave field ``name`` out of the form and its sections (e.g. "active" on a new record)."""
    del form.fields[name]
    form.sections = [(title, [field for field in names if field != name]) for title, names in form.sections]


class AttributesField(forms.CharField):
    """Variant attributes typed as ``颜色=红; 尺寸=L``, kept as a dict."""

    def prepare_value(self, value):
        if isinstance(value, dict):
            return "; ".join(f"{key}={item}" for key, item in value.items())
        return value

    def to_python(self, value):
        pairs = {}
        for part in re.split(r"[;；\n]", super().to_python(value) or ""):
            if not part.strip():
                continue
            match = ATTRIBUTE.fullmatch(part)
            if match is None:
                raise forms.ValidationError(_("Write each attribute as name=value, separated by semicolons."))
            pairs[match["name"]] = match["value"]
        return pairs


class ProductForm(ModelForm):
    attributes = AttributesField(label=_("Variant attributes"), required=False,
                                 help_text=_("For a variant, e.g. 颜色=红; 尺寸=L"))
    sections = [
        (_("Product"), ["code", "name", "kind", "category", "barcode", "tracking", "variant_of", "attributes",
                        "active"]),
        (_("Units"), ["uom", "purchase_uom", "sale_uom"]),
        (_("Prices and taxes"), ["sale_price", "purchase_price", "sale_tax", "purchase_tax"]),
        (_("Description"), ["description"]),
    ]

    class Meta:
        model = Product
        fields = ["code", "name", "kind", "category", "barcode", "tracking", "variant_of", "attributes", "uom",
                  "purchase_uom", "sale_uom", "sale_price", "purchase_price", "sale_tax", "purchase_tax",
                  "description", "active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, company: Company, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = ProductCategory.objects.filter(company=company, active=True)
        variants = Product.objects.filter(company=company, variant_of__isnull=True)
        if self.instance.pk:
            variants = variants.exclude(pk=self.instance.pk)
        self.fields["variant_of"].queryset = variants
        units = Uom.objects.filter(company=company, active=True).select_related("category")
        for name in ("uom", "purchase_uom", "sale_uom"):
            self.fields[name].queryset = units
        for name in ("sale_price", "purchase_price"):
            self.fields[name] = AmountField(label=self.fields[name].label, places=6, required=True,
                                            widget=forms.TextInput(attrs={"class": "form-control text-end"}))
            self.initial[name] = plain(self.initial.get(name, Decimal(0)))
        taxes = Tax.objects.filter(company=company, active=True)
        self.fields["sale_tax"].queryset = taxes.filter(scope=Tax.Scope.SALE)
        self.fields["purchase_tax"].queryset = taxes.filter(scope=Tax.Scope.PURCHASE)
        self.fields["purchase_uom"].help_text = self.fields["sale_uom"].help_text = _(
            "Left empty: the stock unit. It must be of the same kind (count, weight, …).")
        if self.instance.pk is None:
            _drop(self, "active")


class CategoryForm(ModelForm):
    sections = [
        (_("Category"), ["name", "parent", "valuation", "active"]),
        (_("Accounts"), list(ACCOUNT_FIELDS)),
    ]

    class Meta:
        model = ProductCategory
        fields = ["name", "parent", "valuation", *ACCOUNT_FIELDS, "active"]

    def __init__(self, *args, company: Company, **kwargs):
        super().__init__(*args, **kwargs)
        parents = ProductCategory.objects.filter(company=company)
        self.fields["parent"].queryset = parents.exclude(pk=self.instance.pk) if self.instance.pk else parents
        accounts = Account.objects.filter(company=company, active=True).order_by("code")
        for name in ACCOUNT_FIELDS:
            self.fields[name].queryset = accounts
        if self.instance.pk is None:
            _drop(self, "active")


class WarehouseForm(ModelForm):
    class Meta:
        model = Warehouse
        fields = ["code", "name", "address"]


class WarehouseEditForm(ModelForm):
    """The code stays: it names the warehouse's location tree."""

    class Meta:
        model = Warehouse
        fields = ["name", "address", "active"]


class LocationForm(ModelForm):
    """The kind is chosen once: stock already moved in or out of a location depends on it."""

    class Meta:
        model = Location
        fields = ["name", "parent", "kind", "barcode", "active"]

    def __init__(self, *args, company: Company, **kwargs):
        super().__init__(*args, **kwargs)
        parents = _locations(company, Location.Kind.VIEW, Location.Kind.INTERNAL)
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk).exclude(full_name__startswith=self.instance.full_name + "/")
            del self.fields["kind"]
        else:
            del self.fields["active"]
        self.fields["parent"].queryset = parents
        self.fields["parent"].required = True
        if self.instance.pk and self.instance.parent_id is None:
            del self.fields["parent"]  # a warehouse's root stays a root


class LotForm(ModelForm):
    class Meta:
        model = Lot
        fields = ["product", "name", "expiry_date"]
        widgets = {"expiry_date": DatePicker()}

    def __init__(self, *args, company: Company, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = Product.objects.filter(company=company, active=True).exclude(
            tracking=Product.Tracking.NONE)


# --- transfers --------------------------------------------------------------------------

class TransferForm(Form):
    """An internal transfer between two of the company's stock locations."""

    source = forms.ModelChoiceField(label=pgettext_lazy("location", "From"), queryset=Location.objects.none())
    destination = forms.ModelChoiceField(label=pgettext_lazy("location", "To"), queryset=Location.objects.none())
    scheduled_date = forms.DateField(label=_("Scheduled date"), widget=DatePicker())
    origin = forms.CharField(label=_("Source document"), max_length=60, required=False)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, company: Company, **kwargs):
        super().__init__(*args, **kwargs)
        internal = _locations(company, Location.Kind.INTERNAL)
        self.fields["source"].queryset = self.fields["destination"].queryset = internal


class TransferLineForm(Form):
    product = forms.ModelChoiceField(label=_("Product"), queryset=Product.objects.none(), required=False)
    quantity = AmountField(label=_("Quantity"), places=4)
    lot = forms.ModelChoiceField(label=_("Lot / serial number"), queryset=Lot.objects.none(), required=False)

    def __init__(self, *args, company: Company, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = Product.objects.filter(company=company, active=True).exclude(
            kind=Product.Kind.SERVICE)
        self.fields["lot"].queryset = Lot.objects.filter(company=company).select_related("product")
        self.fields["lot"].label_from_instance = lambda lot: f"{lot.product.code} · {lot.name}"
        for name, field in self.fields.items():
            field.widget.attrs["aria-label"] = field.label
            field.widget.attrs["class"] += " form-select-sm" if name != "quantity" else f" {SMALL}"

    def clean(self):
        data = super().clean()
        data["blank"] = not data.get("product") and not data.get("quantity")
        if not data["blank"]:
            if not data.get("product"):
                self.add_error("product", _("Choose a product."))
            if not data.get("quantity"):
                self.add_error("quantity", _("Give a quantity greater than 0."))
            lot = data.get("lot")
            if lot and data.get("product") and lot.product_id != data["product"].pk:
                self.add_error("lot", _("This lot belongs to another product."))
        return data


class TransferLineFormSet(forms.BaseFormSet):

    def kept(self) -> list[tuple[int, dict]]:
        """(form index, line) of the rows filled in; the service numbers them from 1."""
        return [(index, {"product": form.cleaned_data["product"], "quantity": form.cleaned_data["quantity"],
                         "lot": form.cleaned_data.get("lot")})
                for index, form in enumerate(self.forms) if form.cleaned_data and not form.cleaned_data["blank"]]

    def clean(self):
        if not any(self.errors) and not self.kept():
            raise forms.ValidationError(_("Add at least one line."))


def transfer_line_formset(extra: int):
    return forms.formset_factory(TransferLineForm, formset=TransferLineFormSet, extra=extra)


class MoveQuantitiesForm(Form):
    """One number per move, named ``qty_<move id>``; tracked products also take ``lot_<move id>``
    (serial numbers: several, one per unit)."""

    date = forms.DateField(label=_("Date"), widget=DatePicker(attrs={"class": SMALL}))

    def __init__(self, *args, moves: list[StockMove], initial_quantity, lots=False, over=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.moves = moves
        self.fields["date"].initial = datetime.date.today()
        if over:
            self.fields["allow_over"] = forms.BooleanField(
                label=_("Allow more than planned"), required=False,
                widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))
        for move in moves:
            field = AmountField(label=str(move.product), places=4, initial=plain(initial_quantity(move)))
            field.widget.attrs.update({**QUANTITY_BOX, "aria-label": str(move.product)})
            self.fields[f"qty_{move.pk}"] = field
            if lots and move.product.tracking != Product.Tracking.NONE:
                self.fields[f"lot_{move.pk}"] = self._lot_field(move)

    @staticmethod
    def _lot_field(move: StockMove) -> forms.Field:
        label = _("Lot / serial number")
        if move.product.tracking == Product.Tracking.SERIAL:
            field = forms.ModelMultipleChoiceField(label=label, required=False, queryset=move.product.lots.all(),
                                                   initial=[move.lot_id] if move.lot_id else [])
            field.widget.attrs["size"] = 3
        else:
            field = forms.ModelChoiceField(label=label, required=False, queryset=move.product.lots.all(),
                                           initial=move.lot_id)
        field.widget.attrs.update({"class": "form-select form-select-sm", "aria-label": label})
        return field

    @property
    def has_lots(self) -> bool:
        return any(move.lot_id or f"lot_{move.pk}" in self.fields for move in self.moves)

    def rows(self):
        """(move, quantity field, lot field or None) for the template's grid."""
        return [(move, self[f"qty_{move.pk}"], self[f"lot_{move.pk}"] if f"lot_{move.pk}" in self.fields else None)
                for move in self.moves]

    def quantities(self) -> dict:
        return {move.pk: self.cleaned_data[f"qty_{move.pk}"] or 0 for move in self.moves}

    def lots(self) -> dict:
        """Move id → Lot, or for serial numbers a list of Lots when more than one was chosen."""
        chosen = {}
        for move in self.moves:
            lot = self.cleaned_data.get(f"lot_{move.pk}")
            if isinstance(lot, QuerySet):
                lot = list(lot)
                lot = lot[0] if len(lot) == 1 else lot
            if lot:
                chosen[move.pk] = lot
        return chosen

    def place_error(self, error, moves: list[StockMove]) -> None:
        """Show a service error at the move it names (``lines.<n>.<field>``, n counting ``moves``
        from 1), else on top."""
        placed = False
        for key, messages in error.fields.items():
            parts = key.split(".")
            if len(parts) == 3 and parts[0] == "lines" and parts[1].isdigit() and 1 <= int(parts[1]) <= len(moves):
                name = f"{'qty' if parts[2] == 'quantity' else 'lot'}_{moves[int(parts[1]) - 1].pk}"
                for message in messages:
                    self.add_error(name if name in self.fields else None, message)
                placed = True
        if not placed:
            apply_error(self, error)


class ShippingForm(Form):
    carrier = forms.CharField(label=_("Carrier"), max_length=60, required=False)
    tracking_number = forms.CharField(label=_("Tracking number"), max_length=60, required=False)


class ValuationForm(Form):
    date = forms.DateField(label=_("As of"), widget=DatePicker(attrs={"class": SMALL}))
    category = forms.ModelChoiceField(label=_("Category"), queryset=ProductCategory.objects.none(), required=False,
                                      empty_label=_("All categories"))
    location = forms.ModelChoiceField(label=_("Location"), queryset=Location.objects.none(), required=False,
                                      empty_label=_("All locations"))
    by_location = forms.BooleanField(label=_("By location"), required=False)

    def __init__(self, *args, company: Company, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = ProductCategory.objects.filter(company=company)
        self.fields["location"].queryset = _locations(company, Location.Kind.VIEW, *Location.STOCKED)
        for name in ("category", "location"):
            self.fields[name].widget.attrs["class"] += " form-select-sm"


# --- stock counts and reorder rules -------------------------------------------------------

class CountForm(ModelForm):
    class Meta:
        model = StockCount
        fields = ["kind", "location", "category", "blind", "date", "notes"]
        widgets = {"date": DatePicker(), "notes": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"blind": _("The counters do not see the quantities the books expect."),
                      "location": _("Everything in it and below it is counted.")}

    def __init__(self, *args, company: Company, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = _locations(company, Location.Kind.VIEW, *Location.STOCKED)
        self.fields["category"].queryset = ProductCategory.objects.filter(company=company)
        self.fields["category"].empty_label = _("All categories")
        self.fields["date"].initial = datetime.date.today()


class CountLinesForm(Form):
    """The count sheet: one ``counted_<line id>`` box per line; an empty box is not counted yet."""

    def __init__(self, *args, lines: list[StockCountLine], **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = lines
        for line in lines:
            field = AmountField(label=str(line.product), places=4, initial=plain(line.counted))
            field.widget.attrs.update({**QUANTITY_BOX, "aria-label": str(line.product)})
            self.fields[f"counted_{line.pk}"] = field

    @property
    def has_lots(self) -> bool:
        return any(line.lot_id for line in self.lines)

    def rows(self):
        return [(line, self[f"counted_{line.pk}"]) for line in self.lines]

    def changed_lines(self) -> list[tuple[StockCountLine, object]]:
        """(line, counted) of the boxes whose value differs from what is saved."""
        return [(line, self.cleaned_data[f"counted_{line.pk}"]) for line in self.lines
                if self.cleaned_data[f"counted_{line.pk}"] != line.counted]


class CountLineAddForm(Form):
    """Goods found where the books expect none."""

    product = forms.ModelChoiceField(label=_("Product"), queryset=Product.objects.none())
    location = forms.ModelChoiceField(label=_("Location"), queryset=Location.objects.none())
    lot = forms.ModelChoiceField(label=_("Lot / serial number"), queryset=Lot.objects.none(), required=False)
    counted = AmountField(label=_("Counted"), places=4, required=True)

    def __init__(self, *args, count: StockCount, **kwargs):
        super().__init__(*args, **kwargs)
        company = count.company
        self.fields["product"].queryset = Product.objects.filter(company=company, active=True).exclude(
            kind=Product.Kind.SERVICE)
        self.fields["location"].queryset = _locations(company, *Location.STOCKED).filter(
            Q(pk=count.location_id) | Q(full_name__startswith=count.location.full_name + "/"))
        self.fields["lot"].queryset = Lot.objects.filter(company=company).select_related("product")
        self.fields["lot"].label_from_instance = lambda lot: f"{lot.product.code} · {lot.name}"
        for field in self.fields.values():
            field.widget.attrs["class"] += " form-select-sm" if "select" in field.widget.attrs["class"] else (
                f" {SMALL}")


class ReorderRuleForm(ModelForm):
    class Meta:
        model = ReorderRule
        fields = ["product", "warehouse", "minimum", "maximum", "multiple", "lead_days", "supplier", "active"]
        help_texts = {"multiple": _("The supplier's pack size; 0 orders the exact quantity.")}

    def __init__(self, *args, company: Company, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["product"], self.fields["warehouse"]  # a rule is of one product at one warehouse
        else:
            self.fields["product"].queryset = Product.objects.filter(company=company, active=True).exclude(
                kind=Product.Kind.SERVICE)
            self.fields["warehouse"].queryset = Warehouse.objects.filter(company=company, active=True)
            del self.fields["active"]
        self.fields["supplier"].queryset = Partner.objects.filter(company=company, is_supplier=True, active=True)
