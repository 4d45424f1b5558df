"""Generic page pieces every module uses: a filtered, sortable, exportable list, and a
form page that calls a service and shows its errors at the fields."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin
from django_tables2.export import ExportMixin

from zhangfang.core import permissions
from zhangfang.core.errors import BusinessError, NotFound, PermissionDenied
from zhangfang.web.forms import apply_error


def history(obj) -> list:
    """The audit trail of one record, newest first (DATA-2)."""
    if obj is None or obj.pk is None:
        return []
    from zhangfang.core.models import AuditRecord

    return list(AuditRecord.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
                .select_related("actor").order_by("-seq")[:100])


class CompanyView(LoginRequiredMixin, View):
    """A page inside the current company, guarded by one permission."""

    perm: str = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if request.company is None:
            return render(request, "web/no_company.html", status=403)
        if self.perm and not permissions.has_perm(request.user, request.company, self.perm):
            raise DjangoPermissionDenied
        try:
            return super().dispatch(request, *args, **kwargs)
        except NotFound as exc:
            raise Http404 from exc
        except PermissionDenied as exc:
            raise DjangoPermissionDenied from exc


class ListPage(ExportMixin, SingleTableMixin, CompanyView, FilterView):
    """Search, filters, sort, pagination and CSV/XLSX export over a selector's rows."""

    template_name = "web/list.html"
    paginate_by = 25
    export_formats = ("csv", "xlsx")
    title = ""
    create_url = None
    create_perm = ""

    def get_export_filename(self, export_format):
        return f"{self.export_name}.{export_format}"

    def get_template_names(self):
        if self.request.headers.get("HX-Request") and self.request.headers.get("HX-Target") == "list-body":
            return ["web/list_body.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        can_create = self.create_url and permissions.has_perm(
            self.request.user, self.request.company, self.create_perm
        )
        context.update(title=self.title, create_url=self.create_url if can_create else None,
                       export_formats=self.export_formats)
        return context


def owned(queryset, pk):
    """One row of the current company's queryset, else 404 — never a hint that it exists elsewhere."""
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        raise NotFound()
    return obj


class FormPage(CompanyView):
    """GET shows the form; POST validates it and calls ``save``, which calls a service.

    A BusinessError from the service is shown at its field and nothing typed is lost.
    """

    template_name = "web/form.html"
    form_class = None
    title = ""
    list_url_name = ""  # the list this form belongs to: breadcrumb, cancel and success lead there
    list_title = ""
    company_form = False  # the form takes company= to scope its choices

    def get_object(self):
        return None

    def get_form(self, data=None, files=None):
        return self.form_class(data=data, files=files, **self.form_kwargs())

    def form_kwargs(self) -> dict:
        obj = self.get_object()
        kwargs = {"instance": obj} if obj is not None and hasattr(self.form_class, "_meta") else {}
        if self.company_form:
            kwargs["company"] = self.request.company
        return kwargs

    def get_formsets(self, data=None) -> dict:
        return {}

    def get(self, request, *args, **kwargs):
        return self.render(self.get_form(), self.get_formsets())

    def post(self, request, *args, **kwargs):
        form = self.get_form(request.POST, request.FILES)
        formsets = self.get_formsets(request.POST)
        if form.is_valid() and all(fs.is_valid() for fs in formsets.values()):
            try:
                result = self.save(form, formsets)
            except BusinessError as error:
                apply_error(form, error, formsets)
            else:
                messages.success(request, self.success_message(result))
                return redirect(self.success_url(result))
        return self.render(form, formsets, status=422)

    def render(self, form, formsets, status=200):
        obj = self.get_object()
        context = {"form": form, "formsets": formsets, "title": self.title, "object": obj,
                   "cancel_url": self.cancel_url(), "history": history(obj), "actions": self.actions(),
                   **self.extra_context()}
        return render(self.request, self.template_name, context, status=status)

    def actions(self) -> list[dict]:
        """Other things to do with the object, each a POST: [{"label", "url", "confirm"}]."""
        return []

    def extra_context(self) -> dict:
        if not self.list_url_name:
            return {}
        return {"breadcrumbs": [(self.list_title, reverse(self.list_url_name))]}

    def cancel_url(self) -> str:
        return reverse(self.list_url_name) if self.list_url_name else ".."

    def save(self, form, formsets):
        raise NotImplementedError

    def success_message(self, result) -> str:
        return _("Saved.")

    def success_url(self, result) -> str:
        return reverse(self.list_url_name) if self.list_url_name else result.get_absolute_url()


class EditPage(FormPage):
    """Edit one of the current company's rows through a service. The form is bound to a fresh
    copy, so a refused save does not change what the title shows."""

    def queryset(self):
        return self.form_class._meta.model.objects.filter(company=self.request.company)

    def object_title(self, obj) -> str:
        return str(obj)

    def get_object(self):
        if not hasattr(self, "_object"):
            self._object = owned(self.queryset(), self.kwargs["pk"])
            self.title = self.object_title(self._object)
        return self._object

    def get_form(self, data=None, files=None):
        kwargs = {"company": self.request.company} if self.company_form else {}
        return self.form_class(data=data, instance=self.queryset().get(pk=self.get_object().pk), **kwargs)
