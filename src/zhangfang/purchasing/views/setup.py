"""Supplier prices, the purchasing settings and the supplier rating."""

from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _

from zhangfang.core.errors import NotFound
from zhangfang.purchasing.filters import SupplierPriceFilter
from zhangfang.purchasing.forms import PeriodForm, SettingsForm, SupplierPriceForm
from zhangfang.purchasing.models import SupplierPrice
from zhangfang.purchasing.selectors.prices import supplier_prices
from zhangfang.purchasing.selectors.rating import supplier_rating
from zhangfang.purchasing.services.prices import supplier_price_create, supplier_price_update
from zhangfang.purchasing.services.settings import purchasing_settings, purchasing_settings_update
from zhangfang.purchasing.tables import SupplierPriceTable
from zhangfang.purchasing.views import PRICES
from zhangfang.web.views import CompanyView, FormPage, ListPage


class PriceList(ListPage):
    perm = "purchasing.view_supplierprice"
    create_perm = "purchasing.add_supplierprice"
    create_url = reverse_lazy("purchasing_price_create")
    table_class = SupplierPriceTable
    filterset_class = SupplierPriceFilter
    title = PRICES
    export_name = "supplier-prices"

    def get_queryset(self):
        return supplier_prices(self.request.company)


class PriceCreate(FormPage):
    perm = "purchasing.add_supplierprice"
    form_class = SupplierPriceForm
    company_form = True
    list_url_name = "purchasing_price_list"
    list_title = PRICES

    @property
    def title(self):
        return _("New supplier price")

    def save(self, form, formsets):
        return supplier_price_create(actor=self.request.user, company=self.request.company,
                                     **form.data_for_service())


class PriceEdit(PriceCreate):
    perm = "purchasing.change_supplierprice"

    def get_object(self):
        if not hasattr(self, "_object"):
            self._object = supplier_prices(self.request.company).filter(pk=self.kwargs["pk"]).first()
            if self._object is None:
                raise NotFound()
        return self._object

    def form_kwargs(self):
        price: SupplierPrice = self.get_object()
        initial = {name: getattr(price, name) for name in ("supplier", "product", "supplier_code", "min_quantity",
                                                            "price", "lead_days", "valid_from", "valid_to",
                                                            "active")}
        return {"company": self.request.company, "initial": {**initial, "currency": price.currency.code}}

    @property
    def title(self):
        return str(self.get_object())

    def save(self, form, formsets):
        return supplier_price_update(actor=self.request.user, supplier_price=self.get_object(),
                                     **form.data_for_service())


class SettingsPage(FormPage):
    perm = "purchasing.change_purchasingsettings"
    form_class = SettingsForm

    @property
    def title(self):
        return _("Purchasing settings")

    def form_kwargs(self):
        settings = purchasing_settings(self.request.company)
        return {"initial": {name: getattr(settings, name) for name in SettingsForm.base_fields}}

    def cancel_url(self):
        return reverse("purchasing_order_list")

    def save(self, form, formsets):
        return purchasing_settings_update(actor=self.request.user, company=self.request.company,
                                          **form.data_for_service())

    def success_url(self, result):
        return reverse("purchasing_settings")


class RatingPage(CompanyView):
    """On-time deliveries, rejected goods and price variance per supplier, over a period."""

    perm = "purchasing.view_purchaseorder"

    def get(self, request):
        form = PeriodForm(request.GET or None)
        period = form.cleaned_data if form.is_valid() else {}
        rows = supplier_rating(request.company, date_from=period.get("date_from"), date_to=period.get("date_to"))
        return render(request, "purchasing/rating.html", {"form": form, "rows": rows,
                                                          "title": _("Supplier rating")})
