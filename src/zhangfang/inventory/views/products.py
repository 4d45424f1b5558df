"""Products, their categories, and lots with their trace (SCM-1, SCM-4)."""

from django.db.models import Sum
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhangfang.core import permissions
from zhangfang.inventory.filters import CategoryFilter, LotFilter, ProductFilter
from zhangfang.inventory.forms import ACCOUNT_FIELDS, CategoryForm, LotForm, ProductForm
from zhangfang.inventory.models import Product, ProductCategory, ValuationLayer
from zhangfang.inventory.selectors import pages
from zhangfang.inventory.selectors.stock import lot_trace
from zhangfang.inventory.services.products import (
    lot_create,
    product_category_create,
    product_category_update,
    product_create,
    product_update,
)
from zhangfang.inventory.tables import CategoryTable, LotTable, ProductTable
from zhangfang.inventory.views import CATEGORIES, LOTS, PRODUCTS
from zhangfang.web.views import CompanyView, FormPage, ListPage, history, owned

RECENT = 20


class ProductList(ListPage):
    perm = "inventory.view_product"
    create_perm = "inventory.add_product"
    create_url = reverse_lazy("inventory_product_create")
    table_class = ProductTable
    filterset_class = ProductFilter
    title = PRODUCTS
    export_name = "products"

    def get_queryset(self):
        return pages.products(self.request.company)

    def get_table_kwargs(self):
        # Aggregated under another name: an aggregate named like the annotation would replace it.
        return {"totals": {"value": self.object_list.aggregate(total=Sum("value"))["total"]}}


class ProductDetail(CompanyView):
    perm = "inventory.view_product"

    def get(self, request, pk):
        company = request.company
        product = owned(pages.products(company), pk)
        stock = list(pages.quants(company).filter(product=product))
        cost = pages.unit_costs(company, [product.pk]).get(product.pk)
        for quant in stock:
            quant.value = None if cost is None else (quant.quantity * cost).quantize(pages.CENT)
        return render(request, "inventory/product_detail.html", {
            "product": product, "title": str(product), "breadcrumbs": [(PRODUCTS, reverse("inventory_product_list"))],
            "stock": stock, "unit_cost": cost,
            "moves": pages.moves(company).filter(product=product)[:RECENT],
            "lots": pages.lots(company).filter(product=product) if product.tracking != "none" else [],
            "layers": ValuationLayer.objects.filter(product=product).select_related("move__picking", "journal_entry")
            .order_by("-date", "-id")[:RECENT],
            "can_edit": permissions.has_perm(request.user, company, "inventory.change_product"),
            "history": history(product),
        })


class ProductFormPage(FormPage):
    form_class = ProductForm
    company_form = True
    list_url_name, list_title = "inventory_product_list", PRODUCTS

    def success_url(self, product):
        return reverse("inventory_product_detail", args=[product.pk])


class ProductCreate(ProductFormPage):
    perm = "inventory.add_product"
    title = gettext_lazy("New product")

    def get_form(self, data=None, files=None):
        initial = {}
        category = ProductCategory.objects.filter(company=self.request.company, active=True).first()
        if category is not None:
            initial["category"] = category
        return ProductForm(data=data, initial=initial, company=self.request.company)

    def save(self, form, formsets):
        return product_create(actor=self.request.user, company=self.request.company, **form.cleaned_data)


class ProductEdit(ProductFormPage):
    perm = "inventory.change_product"

    def get_object(self):
        if not hasattr(self, "_object"):
            self._object = owned(Product.objects.filter(company=self.request.company), self.kwargs["pk"])
            self.title = _("Edit %(product)s") % {"product": self._object}
        return self._object

    def get_form(self, data=None, files=None):
        # Bound to a fresh copy: a refused save must not change the product shown in the title.
        return ProductForm(data=data, instance=Product.objects.get(pk=self.get_object().pk),
                           company=self.request.company)

    def extra_context(self):
        product = self.get_object()
        return {"breadcrumbs": [(PRODUCTS, reverse("inventory_product_list")),
                                (str(product), reverse("inventory_product_detail", args=[product.pk]))]}

    def cancel_url(self):
        return reverse("inventory_product_detail", args=[self.get_object().pk])

    def save(self, form, formsets):
        changed = {name: form.cleaned_data[name] for name in form.changed_data}
        return product_update(actor=self.request.user, product=self.get_object(), **changed)


# --- categories -------------------------------------------------------------------------

class CategoryList(ListPage):
    perm = "inventory.view_productcategory"
    create_perm = "inventory.add_productcategory"
    create_url = reverse_lazy("inventory_category_create")
    table_class = CategoryTable
    filterset_class = CategoryFilter
    title = CATEGORIES
    export_name = "product-categories"

    def get_queryset(self):
        return pages.categories(self.request.company)


class CategoryCreate(FormPage):
    perm = "inventory.add_productcategory"
    form_class = CategoryForm
    company_form = True
    title = gettext_lazy("New product category")
    list_url_name, list_title = "inventory_category_list", CATEGORIES

    def get_form(self, data=None, files=None):
        # Start from the accounts of the default category: most categories post the same way.
        first = ProductCategory.objects.filter(company=self.request.company).order_by("pk").first()
        initial = {name: getattr(first, f"{name}_id") for name in ACCOUNT_FIELDS} if first else {}
        return CategoryForm(data=data, initial=initial, company=self.request.company)

    def save(self, form, formsets):
        return product_category_create(actor=self.request.user, company=self.request.company, **form.cleaned_data)


class CategoryEdit(FormPage):
    perm = "inventory.change_productcategory"
    list_url_name, list_title = "inventory_category_list", CATEGORIES

    def get_object(self):
        if not hasattr(self, "_object"):
            self._object = owned(ProductCategory.objects.filter(company=self.request.company), self.kwargs["pk"])
            self.title = str(self._object)
        return self._object

    def get_form(self, data=None, files=None):
        return CategoryForm(data=data, instance=ProductCategory.objects.get(pk=self.get_object().pk),
                            company=self.request.company)

    def save(self, form, formsets):
        changed = {name: form.cleaned_data[name] for name in form.changed_data}
        return product_category_update(actor=self.request.user, category=self.get_object(), **changed)


# --- lots and their trace ---------------------------------------------------------------

class LotList(ListPage):
    perm = "inventory.view_lot"
    create_perm = "inventory.add_lot"
    create_url = reverse_lazy("inventory_lot_create")
    table_class = LotTable
    filterset_class = LotFilter
    title = LOTS
    export_name = "lots"

    def get_queryset(self):
        return pages.lots(self.request.company)


class LotCreate(FormPage):
    perm = "inventory.add_lot"
    form_class = LotForm
    company_form = True
    title = gettext_lazy("New lot / serial number")
    list_url_name, list_title = "inventory_lot_list", LOTS

    def save(self, form, formsets):
        return lot_create(actor=self.request.user, company=self.request.company, **form.cleaned_data)

    def success_url(self, lot):
        return reverse("inventory_lot_detail", args=[lot.pk])


class LotDetail(CompanyView):
    """Where did lot X go: its done moves in order, each with its transfer and source document."""

    perm = "inventory.view_lot"

    def get(self, request, pk):
        lot = owned(pages.lots(request.company), pk)
        return render(request, "inventory/lot_detail.html", {
            "lot": lot, "title": _("Lot %(lot)s") % {"lot": lot.name}, "trace": lot_trace(lot),
            "stock": pages.quants(request.company).filter(lot=lot),
            "breadcrumbs": [(LOTS, reverse("inventory_lot_list"))], "history": history(lot),
        })
