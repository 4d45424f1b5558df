"""Warehouses and the tree of their locations (SCM-4)."""

from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhangfang.inventory.filters import LocationFilter, WarehouseFilter
from zhangfang.inventory.forms import LocationForm, WarehouseEditForm, WarehouseForm
from zhangfang.inventory.models import Location, Warehouse
from zhangfang.inventory.selectors import pages
from zhangfang.inventory.services.warehouses import (
    location_create,
    location_update,
    warehouse_create,
    warehouse_update,
)
from zhangfang.inventory.tables import LocationTable, WarehouseTable
from zhangfang.inventory.views import LOCATIONS, WAREHOUSES
from zhangfang.web.views import EditPage, FormPage, ListPage, owned


class WarehouseList(ListPage):
    perm = "inventory.view_warehouse"
    create_perm = "inventory.add_warehouse"
    create_url = reverse_lazy("inventory_warehouse_create")
    table_class = WarehouseTable
    filterset_class = WarehouseFilter
    title = WAREHOUSES
    export_name = "warehouses"

    def get_queryset(self):
        return Warehouse.objects.filter(company=self.request.company).select_related("stock_location")


class WarehouseCreate(FormPage):
    perm = "inventory.add_warehouse"
    form_class = WarehouseForm
    title = gettext_lazy("New warehouse")
    list_url_name, list_title = "inventory_warehouse_list", WAREHOUSES

    def save(self, form, formsets):
        return warehouse_create(actor=self.request.user, company=self.request.company, **form.cleaned_data)

    def success_message(self, warehouse):
        return _("Saved, with its locations %(locations)s.") % {
            "locations": f"{warehouse.view_location}, {warehouse.stock_location}"}


class WarehouseEdit(EditPage):
    perm = "inventory.change_warehouse"
    form_class = WarehouseEditForm
    list_url_name, list_title = "inventory_warehouse_list", WAREHOUSES

    def object_title(self, warehouse) -> str:
        return f"{warehouse.code} · {warehouse.name}"

    def save(self, form, formsets):
        return warehouse_update(actor=self.request.user, warehouse=self.get_object(), **form.cleaned_data)


class LocationList(ListPage):
    perm = "inventory.view_location"
    create_perm = "inventory.add_location"
    create_url = reverse_lazy("inventory_location_create")
    table_class = LocationTable
    filterset_class = LocationFilter
    title = LOCATIONS
    export_name = "locations"
    paginate_by = 200  # a tree reads best whole

    def get_queryset(self):
        return pages.locations(self.request.company)


class LocationFormPage(FormPage):
    form_class = LocationForm
    company_form = True
    list_url_name, list_title = "inventory_location_list", LOCATIONS


class LocationCreate(LocationFormPage):
    perm = "inventory.add_location"
    title = gettext_lazy("New location")

    def get_form(self, data=None, files=None):
        parent = self.request.GET.get("parent", "")
        initial = {"parent": parent} if parent.isdigit() else {}
        return LocationForm(data=data, initial=initial, company=self.request.company)

    def save(self, form, formsets):
        return location_create(actor=self.request.user, company=self.request.company, **form.cleaned_data)


class LocationEdit(LocationFormPage):
    perm = "inventory.change_location"

    def get_object(self):
        if not hasattr(self, "_object"):
            self._object = owned(Location.objects.filter(company=self.request.company), self.kwargs["pk"])
            self.title = str(self._object)
        return self._object

    def get_form(self, data=None, files=None):
        return LocationForm(data=data, instance=Location.objects.get(pk=self.get_object().pk),
                            company=self.request.company)

    def save(self, form, formsets):
        changed = {name: form.cleaned_data[name] for name in form.changed_data}
        return location_update(actor=self.request.user, location=self.get_object(), **changed)
