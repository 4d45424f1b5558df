"""Price lists, the sales settings and the printed customer invoice."""

from django import forms
from django.db.models import Count
from django.http import HttpResponse
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhangfang.accounting.models import Invoice
from zhangfang.core import permissions
from zhangfang.core.errors import NotFound
from zhangfang.sales import selectors
from zhangfang.sales.filters import PriceListFilter
from zhangfang.sales.forms import PriceListForm, PriceListItemForm, SalesSettingsForm
from zhangfang.sales.models import PriceList, SalesOrderInvoice
from zhangfang.sales.printing import invoice_pdf
from zhangfang.sales.services.pricelists import price_list_create, price_list_update
from zhangfang.sales.services.settings import sales_settings, sales_settings_update
from zhangfang.sales.tables import PriceListTable
from zhangfang.web.views import CompanyView, FormPage, ListPage

ITEMS = ("product", "min_quantity", "price", "valid_from", "valid_to")


class PriceListList(ListPage):
    perm = "sales.view_pricelist"
    create_perm = "sales.add_pricelist"
    create_url = reverse_lazy("sales_pricelist_create")
    table_class = PriceListTable
    filterset_class = PriceListFilter
    title = gettext_lazy("Price lists")
    export_name = "price-lists"

    def get_queryset(self):
        return selectors.price_lists(self.request.company).annotate(item_count=Count("items"))


class PriceListPage(FormPage):
    """The list's header and a grid of its items; saving replaces the items."""

    perm = "sales.add_pricelist"
    form_class = PriceListForm
    list_url_name = "sales_pricelist_list"
    list_title = gettext_lazy("Price lists")

    def price_list(self) -> PriceList | None:
        return None

    def get_form(self, data=None, files=None):
        price_list = self.price_list()
        initial = {"currency": self.request.company.base_currency.code, "active": True}
        if price_list is not None:
            initial = {"name": price_list.name, "currency": price_list.currency.code, "active": price_list.active}
        return PriceListForm(data=data, initial=initial)

    def get_formsets(self, data=None):
        price_list = self.price_list()
        initial = [] if price_list is None else [{name: getattr(item, name) for name in ITEMS}
                                                  for item in price_list.items.order_by("product__code",
                                                                                        "min_quantity")]
        formset = forms.formset_factory(PriceListItemForm, extra=3)(
            data=data, prefix="prices", initial=initial, form_kwargs={"company": self.request.company})
        formset.title = _("Prices")
        return {"prices": formset}  # not "items": the template would read that as dict.items

    @property
    def title(self):
        price_list = self.price_list()
        return str(price_list) if price_list else _("New price list")

    def save(self, form, formsets):
        items = [item for item in (f.item() for f in formsets["prices"].forms) if item is not None]
        data = form.cleaned_data
        if self.price_list() is None:
            return price_list_create(actor=self.request.user, company=self.request.company, name=data["name"],
                                     currency=data["currency"], items=items)
        return price_list_update(actor=self.request.user, price_list=self.price_list(), name=data["name"],
                                 currency=data["currency"], active=data["active"], items=items)

    def success_url(self, price_list):
        return reverse("sales_pricelist_detail", args=[price_list.pk])


class PriceListCreate(PriceListPage):
    pass


class PriceListEdit(PriceListPage):
    perm = "sales.view_pricelist"

    def price_list(self):
        if not hasattr(self, "_price_list"):
            self._price_list = selectors.price_lists(self.request.company).filter(pk=self.kwargs["pk"]).first()
            if self._price_list is None:
                raise NotFound()
        return self._price_list

    def get_object(self):
        return self.price_list()

    def post(self, request, *args, **kwargs):
        permissions.require(request.user, request.company, "sales.change_pricelist")
        return super().post(request, *args, **kwargs)


class SettingsPage(FormPage):
    perm = "sales.change_salessettings"
    form_class = SalesSettingsForm
    title = gettext_lazy("Sales settings")

    def get_object(self):
        return sales_settings(self.request.company)

    def cancel_url(self):
        return reverse("sales_order_list")

    def save(self, form, formsets):
        return sales_settings_update(actor=self.request.user, company=self.request.company, **form.cleaned_data)

    def success_url(self, result):
        return reverse("sales_settings")


class InvoicePdf(CompanyView):
    """Any posted customer invoice or credit note of the company, printed."""

    perm = "accounting.view_invoice"

    def get(self, request, pk):
        invoice = (Invoice.objects.filter(company=request.company, pk=pk, kind__in=Invoice.SALES_KINDS)
                   .exclude(status=Invoice.Status.DRAFT).select_related("partner", "currency", "company",
                                                                       "credit_note_of").first())
        if invoice is None:
            raise NotFound()
        link = SalesOrderInvoice.objects.filter(invoice=invoice).select_related("order").first()
        name, pdf = invoice_pdf(invoice, order_number=link.order.number if link else "")
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{name}"'
        return response
