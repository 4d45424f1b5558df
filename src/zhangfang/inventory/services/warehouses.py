"""Warehouses and their location trees (SCM-4). A location's ``full_name`` is its path
("WH/Stock/Shelf 1"), kept here so that a subtree is one prefix query."""

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from zhangfang.core import audit, permissions
from zhangfang.core.models import Company
from zhangfang.core.services.records import save_checked
from zhangfang.inventory.exceptions import StockFieldInvalid, field_error
from zhangfang.inventory.models import Location, Warehouse

SEPARATOR = "/"


def subtree(location: Location, field: str = "location") -> Q:
    """Rows whose ``field`` (a Location foreign key) is ``location`` or below it."""
    return (Q(**{field: location})
            | Q(**{f"{field}__company_id": location.company_id,
                   f"{field}__full_name__startswith": location.full_name + SEPARATOR}))


def _check_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise field_error(StockFieldInvalid, "name", _("enter a name."))
    if SEPARATOR in name:
        raise field_error(StockFieldInvalid, "name", _("a name cannot contain %s.") % SEPARATOR)
    return name


def _full_name(name: str, parent: Location | None) -> str:
    return f"{parent.full_name}{SEPARATOR}{name}" if parent else name


def location_insert(*, actor, company: Company, name: str, parent: Location | None, kind: str,
                    warehouse: Warehouse | None = None, barcode: str = "") -> Location:
    """Write a location inside the caller's transaction, audited; permission is the caller's."""
    name = _check_name(name)
    if parent is not None and parent.company_id != company.pk:
        raise field_error(StockFieldInvalid, "parent", _("the parent location belongs to another company."))
    if kind not in Location.Kind.values:
        raise field_error(StockFieldInvalid, "kind", _("unknown location type."))
    full_name = _full_name(name, parent)
    if Location.objects.filter(company=company, full_name=full_name).exists():
        raise field_error(StockFieldInvalid, "name", _("%s already exists.") % full_name)
    if barcode and Location.objects.filter(company=company, barcode=barcode).exists():
        raise field_error(StockFieldInvalid, "barcode", _("another location has this barcode."))
    location = Location(company=company, name=name, parent=parent, full_name=full_name, kind=kind,
                        warehouse=warehouse if warehouse is not None else getattr(parent, "warehouse", None),
                        barcode=barcode)
    save_checked(location)
    audit.record(actor=actor, action="create", obj=location, after=audit.snapshot(location))
    return location


def warehouse_create(*, actor, company: Company, code: str, name: str, address: str = "") -> Warehouse:
    """A warehouse with its root (view) location ``CODE``, ``CODE/Stock`` and ``CODE/Quality``."""
    permissions.require(actor, company, "inventory.add_warehouse")
    code = (code or "").strip().upper()
    if not code or not name:
        raise field_error(StockFieldInvalid, "code" if not code else "name", _("this field is required."))
    with transaction.atomic():
        if Warehouse.objects.filter(company=company, code__iexact=code).exists():
            raise field_error(StockFieldInvalid, "code", _("another warehouse has code %s.") % code)
        warehouse = Warehouse(company=company, code=code, name=name, address=address)
        save_checked(warehouse)
        view = location_insert(actor=actor, company=company, name=code, parent=None, kind=Location.Kind.VIEW,
                               warehouse=warehouse)
        warehouse.view_location = view
        warehouse.stock_location = location_insert(actor=actor, company=company, name="Stock", parent=view,
                                                   kind=Location.Kind.INTERNAL)
        warehouse.quality_location = location_insert(actor=actor, company=company, name="Quality", parent=view,
                                                     kind=Location.Kind.INTERNAL)
        warehouse.save(update_fields=["view_location", "stock_location", "quality_location"])
        audit.record(actor=actor, action="create", obj=warehouse, after=audit.snapshot(warehouse))
    return warehouse


def warehouse_update(*, actor, warehouse: Warehouse, name: str | None = None, address: str | None = None,
                     active: bool | None = None) -> Warehouse:
    """Rename, readdress or (de)activate; the code stays, it names the location tree."""
    permissions.require(actor, warehouse.company, "inventory.change_warehouse")
    with transaction.atomic():
        warehouse = Warehouse.objects.select_for_update().get(pk=warehouse.pk)
        before = audit.snapshot(warehouse)
        for field, value in (("name", name), ("address", address), ("active", active)):
            if value is not None:
                setattr(warehouse, field, value)
        if not warehouse.name:
            raise field_error(StockFieldInvalid, "name", _("this field is required."))
        after = audit.snapshot(warehouse)
        if after != before:
            warehouse.save(update_fields=["name", "address", "active"])
            audit.record(actor=actor, action="update", obj=warehouse, before=before, after=after)
    return warehouse


def location_create(*, actor, company: Company, name: str, parent: Location, kind: str = Location.Kind.INTERNAL,
                    barcode: str = "") -> Location:
    """A location under ``parent`` (e.g. a shelf under WH/Stock); it joins the parent's warehouse."""
    permissions.require(actor, company, "inventory.add_location")
    if parent is None:
        raise field_error(StockFieldInvalid, "parent", _("choose the parent location."))
    with transaction.atomic():
        return location_insert(actor=actor, company=company, name=name, parent=parent, kind=kind, barcode=barcode)


def location_update(*, actor, location: Location, name: str | None = None, parent: Location | None = None,
                    barcode: str | None = None, active: bool | None = None) -> Location:
    """Rename or move a location; its whole subtree follows (full names are rewritten).
    The kind never changes: stock already moved in or out of it depends on it."""
    company = location.company
    permissions.require(actor, company, "inventory.change_location")
    with transaction.atomic():
        location = Location.objects.select_for_update().get(pk=location.pk)
        before = audit.snapshot(location)
        if parent is not None:
            if parent.company_id != company.pk:
                raise field_error(StockFieldInvalid, "parent", _("the parent location belongs to another company."))
            if parent.pk == location.pk or parent.full_name.startswith(location.full_name + SEPARATOR):
                raise field_error(StockFieldInvalid, "parent", _("a location cannot sit inside itself."))
            location.parent, location.warehouse = parent, parent.warehouse
        if name is not None:
            location.name = _check_name(name)
        if barcode is not None:
            if barcode and Location.objects.filter(company=company, barcode=barcode).exclude(pk=location.pk).exists():
                raise field_error(StockFieldInvalid, "barcode", _("another location has this barcode."))
            location.barcode = barcode
        if active is not None:
            location.active = active
        old_name, new_name = location.full_name, _full_name(location.name, location.parent)
        if new_name != old_name:
            if Location.objects.filter(company=company, full_name=new_name).exists():
                raise field_error(StockFieldInvalid, "name", _("%s already exists.") % new_name)
            location.full_name = new_name
            for child in (Location.objects.select_for_update()
                          .filter(company=company, full_name__startswith=old_name + SEPARATOR).order_by("pk")):
                child.full_name = new_name + child.full_name[len(old_name):]
                child.warehouse = location.warehouse
                child.save(update_fields=["full_name", "warehouse"])
        after = audit.snapshot(location)
        if after != before:
            save_checked(location)
            audit.record(actor=actor, action="update", obj=location, before=before, after=after)
    return location
