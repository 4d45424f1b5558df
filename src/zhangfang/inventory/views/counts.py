"""Stocktakes and cycle counts (SCM-5), reorder rules and replenishment proposals (SCM-7)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from django_tables2 import SingleTableMixin
from django_tables2.export import ExportMixin

from zhangfang.core import permissions
from zhangfang.core.errors import BusinessError
from zhangfang.inventory.filters import CountFilter, ReorderRuleFilter
from zhangfang.inventory.forms import CountForm, CountLineAddForm, CountLinesForm, ReorderRuleForm
from zhangfang.inventory.models import ReorderRule, StockCount
from zhangfang.inventory.selectors.replenishment import replenishment_needs
from zhangfang.inventory.services.counts import (
    stock_count_cancel,
    stock_count_create,
    stock_count_line_add,
    stock_count_line_set,
    stock_count_start,
    stock_count_validate,
)
from zhangfang.inventory.services.replenishment import reorder_rule_create, reorder_rule_update
from zhangfang.inventory.tables import COUNT_BADGES, CountTable, ReorderRuleTable, ReplenishmentTable
from zhangfang.web.forms import apply_error
from zhangfang.web.views import CompanyView, EditPage, FormPage, ListPage, history, owned

COUNTS = gettext_lazy("Stock counts")
RULES = gettext_lazy("Reorder rules")
Status = StockCount.Status


def count_of(request, pk) -> StockCount:
    return owned(StockCount.objects.filter(company=request.company).select_related(
        "location", "category", "picking", "created_by", "done_by"), pk)


class CountList(ListPage):
    perm = "inventory.view_stockcount"
    create_perm = "inventory.add_stockcount"
    create_url = reverse_lazy("inventory_count_create")
    table_class = CountTable
    filterset_class = CountFilter
    title = COUNTS
    export_name = "stock-counts"

    def get_queryset(self):
        return StockCount.objects.filter(company=self.request.company).select_related("location", "category",
                                                                                       "picking")


class CountCreate(FormPage):
    perm = "inventory.add_stockcount"
    form_class = CountForm
    company_form = True
    title = gettext_lazy("New stock count")
    list_url_name, list_title = "inventory_count_list", COUNTS

    def save(self, form, formsets):
        return stock_count_create(actor=self.request.user, company=self.request.company, **form.cleaned_data)

    def success_message(self, count):
        return _("Count %(count)s was made; start it when counting begins.") % {"count": count}

    def success_url(self, count):
        return reverse("inventory_count_detail", args=[count.pk])


def count_actions(request, count: StockCount) -> list[dict]:
    def can(perm):
        return permissions.has_perm(request.user, request.company, perm)

    def action(name):
        return reverse("inventory_count_action", args=[count.pk, name])

    actions = []
    if count.status == Status.DRAFT and can("inventory.change_stockcount"):
        actions.append({"kind": "post", "label": _("Start counting"), "url": action("start"), "icon": "play",
                        "primary": True})
    if count.status in (Status.DRAFT, Status.IN_PROGRESS) and can("inventory.change_stockcount"):
        actions.append({"kind": "post", "label": _("Cancel"), "url": action("cancel"), "icon": "x-circle",
                        "danger": True, "confirm": _("Cancel count %(count)s?") % {"count": count}})
    return actions


class CountDetail(CompanyView):
    """The count sheet: enter what was found; expected quantities stay hidden on a blind count
    until it is validated. Saving keeps the counts; validating books the differences."""

    perm = "inventory.view_stockcount"

    def get(self, request, pk):
        count = count_of(request, pk)
        return self.render(count, self.lines_form(count), CountLineAddForm(count=count))

    def post(self, request, pk):
        count = count_of(request, pk)
        if not permissions.has_perm(request.user, request.company, "inventory.change_stockcount"):
            raise DjangoPermissionDenied
        if "add" in request.POST:
            return self.add_line(count)
        form = self.lines_form(count, request.POST)
        if form.is_valid():
            try:
                with transaction.atomic():  # the sheet is saved whole or not at all
                    for line, counted in form.changed_lines():
                        stock_count_line_set(actor=request.user, line=line, counted=counted)
            except BusinessError as error:
                apply_error(form, error)
            else:
                if "validate" not in request.POST:
                    messages.success(request, _("Counts saved."))
                    return redirect("inventory_count_detail", pk=pk)
                return self.validate(count)
        return self.render(count, form, CountLineAddForm(count=count), status=422)

    def add_line(self, count):
        form = CountLineAddForm(self.request.POST, count=count)
        if form.is_valid():
            try:
                stock_count_line_add(actor=self.request.user, count=count, **form.cleaned_data)
            except BusinessError as error:
                apply_error(form, error)
            else:
                messages.success(self.request, _("Line added."))
                return redirect("inventory_count_detail", pk=count.pk)
        return self.render(count, self.lines_form(count), form, status=422)

    def validate(self, count):
        if not permissions.has_perm(self.request.user, self.request.company, "inventory.validate_stockcount"):
            raise DjangoPermissionDenied
        try:
            count = stock_count_validate(actor=self.request.user, count=count,
                                         uncounted_zero=self.request.POST.get("uncounted_zero") == "on")
        except BusinessError as error:
            messages.error(self.request, str(error))
        else:
            messages.success(self.request, _("Count %(count)s is done; the differences were booked.") % {
                "count": count} if count.picking_id else _("Count %(count)s is done; no differences.") % {
                "count": count})
        return redirect("inventory_count_detail", pk=count.pk)

    @staticmethod
    def lines_form(count, data=None):
        lines = list(count.lines.select_related("product", "product__uom", "location", "lot"))
        return CountLinesForm(data, lines=lines)

    def render(self, count, form, add_form, status=200):
        counting = count.status == Status.IN_PROGRESS
        request = self.request
        return render(request, "inventory/count_detail.html", {
            "count": count, "form": form, "add_form": add_form, "title": str(count),
            "breadcrumbs": [(COUNTS, reverse("inventory_count_list"))], "badge": COUNT_BADGES[count.status],
            "counting": counting and permissions.has_perm(request.user, request.company,
                                                          "inventory.change_stockcount"),
            "can_validate": counting and permissions.has_perm(request.user, request.company,
                                                              "inventory.validate_stockcount"),
            "show_expected": not count.blind or count.status == Status.DONE,
            "uncounted": sum(1 for line in form.lines if line.counted is None),
            "actions": count_actions(request, count), "history": history(count), "status": count.status,
            "steps": [(step.value, step.label) for step in (Status.DRAFT, Status.IN_PROGRESS, Status.DONE)]
            + ([(Status.CANCELLED.value, Status.CANCELLED.label)] if count.status == Status.CANCELLED else []),
        }, status=status)


class CountAction(CompanyView):
    perm = "inventory.change_stockcount"
    ACTIONS = {"start": stock_count_start, "cancel": stock_count_cancel}
    DONE = {"start": gettext_lazy("Counting started: the expected quantities were taken from the books."),
            "cancel": gettext_lazy("Cancelled.")}

    def post(self, request, pk, action):
        if action not in self.ACTIONS:
            raise Http404
        count = count_of(request, pk)
        try:
            self.ACTIONS[action](actor=request.user, count=count)
        except BusinessError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, self.DONE[action])
        return redirect("inventory_count_detail", pk=pk)


# --- reorder rules and proposals ----------------------------------------------------------

class ReorderRuleList(ListPage):
    perm = "inventory.view_reorderrule"
    create_perm = "inventory.add_reorderrule"
    create_url = reverse_lazy("inventory_reorder_rule_create")
    table_class = ReorderRuleTable
    filterset_class = ReorderRuleFilter
    title = RULES
    export_name = "reorder-rules"

    def get_queryset(self):
        return ReorderRule.objects.filter(company=self.request.company).select_related("product", "warehouse",
                                                                                       "supplier")


class ReorderRuleCreate(FormPage):
    perm = "inventory.add_reorderrule"
    form_class = ReorderRuleForm
    company_form = True
    title = gettext_lazy("New reorder rule")
    list_url_name, list_title = "inventory_reorder_rule_list", RULES

    def save(self, form, formsets):
        return reorder_rule_create(actor=self.request.user, company=self.request.company, **form.cleaned_data)


class ReorderRuleEdit(EditPage):
    perm = "inventory.change_reorderrule"
    form_class = ReorderRuleForm
    company_form = True
    list_url_name, list_title = "inventory_reorder_rule_list", RULES

    def queryset(self):
        return super().queryset().select_related("product", "warehouse")

    def object_title(self, rule) -> str:
        return f"{rule.product} @ {rule.warehouse}"

    def save(self, form, formsets):
        return reorder_rule_update(actor=self.request.user, rule=self.get_object(), **form.cleaned_data)


class ReplenishmentPage(ExportMixin, SingleTableMixin, CompanyView, TemplateView):
    """What to order now: products whose forecast falls below their rule's minimum."""

    perm = "inventory.view_reorderrule"
    template_name = "inventory/replenishment.html"
    table_class = ReplenishmentTable
    table_pagination = False
    export_name = "replenishment"
    export_formats = ("csv", "xlsx")

    def get_export_filename(self, export_format):
        return f"{self.export_name}.{export_format}"

    def get_table_data(self):
        return replenishment_needs(self.request.company)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "title": _("Replenishment"),
                "export_formats": self.export_formats}
