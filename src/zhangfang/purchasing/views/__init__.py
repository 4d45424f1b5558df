"""The purchasing pages, one module per document. Thin: a selector or a service per request."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from zhangfang.core import permissions
from zhangfang.core.errors import BusinessError
from zhangfang.web.forms import apply_error
from zhangfang.web.views import CompanyView

REQUISITIONS = _("Requisitions")
RFQS = _("Requests for quotation")
ORDERS = _("Purchase orders")
PRICES = _("Supplier prices")


def can(request, perm: str) -> bool:
    return permissions.has_perm(request.user, request.company, perm)


def step(label, url: str, icon: str, *, kind: str = "post", primary: bool = False, danger: bool = False,
         confirm=None) -> dict:
    """A button of the status bar: a link, or a POST to ``url``."""
    return {"kind": kind, "label": label, "url": url, "icon": icon, "primary": primary, "danger": danger,
            "confirm": confirm}


def steps_of(statuses) -> list[tuple]:
    return [(status.value, status.label) for status in statuses]


class ActionView(CompanyView):
    """POST-only steps of a document from its status bar: ``ACTIONS`` maps the action to
    (permission, method name); the outcome comes back as a message on the document's page."""

    perm = ""
    ACTIONS: dict[str, tuple[str, str]] = {}

    def get_object(self, pk):
        raise NotImplementedError

    def done_url(self, document) -> str:
        return document.get_absolute_url()

    def post(self, request, pk, action):
        if action not in self.ACTIONS:
            raise Http404
        perm, method = self.ACTIONS[action]
        if not can(request, perm):
            raise DjangoPermissionDenied
        document = self.get_object(pk)
        try:
            target = getattr(self, method)(document)
        except BusinessError as error:
            messages.error(request, str(error))
            target = None
        return redirect(target or self.done_url(document))


class DocumentFormPage(CompanyView):
    """A header form and a grid of lines; ``save`` calls the service, whose errors are shown at
    their line and field and nothing typed is lost."""

    template_name = "purchasing/document_form.html"
    form_class = None
    line_form_class = None
    title = ""
    cancel_url_name = ""

    def get_object(self):
        return None

    def header_form(self, data=None, initial=None):
        raise NotImplementedError

    def initial_lines(self, obj) -> list[dict]:
        return []

    def formset(self, data=None, initial=None, extra=3):
        from zhangfang.purchasing.forms import line_formset

        return line_formset(self.line_form_class, extra=extra)(data, initial=initial, prefix="lines",
                                                                form_kwargs={"company": self.request.company})

    def get(self, request, **kwargs):
        obj = self.get_object()
        initial = self.initial_lines(obj) if obj else None
        return self.render(self.header_form(initial=self.initial_header(obj)),
                           self.formset(initial=initial, extra=1 if obj else 3))

    def initial_header(self, obj) -> dict:
        return {}

    def post(self, request, **kwargs):
        form, formset = self.header_form(request.POST), self.formset(request.POST, extra=0)
        if form.is_valid() and formset.is_valid():
            kept = formset.kept()
            try:
                obj = self.save(form.cleaned_data, [line for _index, line in kept])
            except BusinessError as error:
                _place(form, formset, kept, error)
            else:
                messages.success(request, _("Saved as a draft."))
                return redirect(obj.get_absolute_url())
        return self.render(form, formset, status=422)

    def save(self, header: dict, lines: list[dict]):
        raise NotImplementedError

    def render(self, form, formset, status=200):
        obj = self.get_object()
        return render(self.request, self.template_name, {
            "form": form, "formset": formset, "title": self.page_title(obj), "object": obj,
            "breadcrumbs": self.breadcrumbs(obj), "cancel_url": obj.get_absolute_url() if obj else self.list_url(),
        }, status=status)

    def page_title(self, obj) -> str:
        return str(self.title) if obj is None else str(obj)

    def breadcrumbs(self, obj) -> list[tuple]:
        return []

    def list_url(self) -> str:
        raise NotImplementedError


def _place(form, formset, kept: list[tuple[int, dict]], error: BusinessError) -> None:
    """Show a service error at the grid row it is about: the service counts kept lines from 0."""
    for key in error.fields:
        parts = key.split(".")
        if parts[0] == "lines" and len(parts) == 3 and parts[1].isdigit() and int(parts[1]) < len(kept):
            target = formset.forms[kept[int(parts[1])][0]]
            for message in error.fields[key]:
                target.add_error(parts[2] if parts[2] in target.fields else None, message)
            return
    apply_error(form, error)
