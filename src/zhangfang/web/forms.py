"""Form helpers: Bootstrap classes on widgets, and business errors shown at their fields."""

from django import forms

from zhangfang.core.errors import BusinessError


class DatePicker(forms.DateInput):
    """The browser's date picker; it needs ISO dates whatever the interface language."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class BootstrapMixin:
    """Give every widget the Bootstrap class its type needs."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
                css = ""
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            if css:
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
            if isinstance(field, forms.DecimalField):
                widget.attrs.setdefault("inputmode", "decimal")
                widget.attrs["class"] += " text-end"


    # Optional [(title, [field names])]: the form page shows one card per section.
    sections: list = []

    def grouped(self):
        if not self.sections:
            return [("", list(self))]
        return [(title, [self[name] for name in names]) for title, names in self.sections]


class Form(BootstrapMixin, forms.Form):
    pass


def grid_row(form: forms.BaseForm) -> None:
    """Style a line form of a document grid: small inputs, a ``zf-<name>`` class the grid's
    script and tests find, and the label as aria-label since the grid shows it only in the header."""
    for name, field in form.fields.items():
        small = "form-select-sm" if isinstance(field.widget, forms.Select) else "form-control-sm"
        field.widget.attrs.update({"class": f"{field.widget.attrs['class']} {small} zf-{name}",
                                   "aria-label": field.label})


class ModelForm(BootstrapMixin, forms.ModelForm):
    pass


def apply_error(form: forms.BaseForm, error: BusinessError, formsets: dict | None = None) -> None:
    """Put a service's error next to the field it concerns; the rest on top of the form."""
    placed = False
    for name, messages in error.fields.items():
        target, field = form, name
        prefix, _dot, rest = name.partition(".")
        if formsets and prefix in formsets and rest:
            index, _dot, field = rest.partition(".")
            forms_list = formsets[prefix].forms
            if index.isdigit() and int(index) < len(forms_list):
                target = forms_list[int(index)]
        for message in messages:
            if field in target.fields:
                target.add_error(field, message)
                placed = True
            else:
                form.add_error(None, f"{name}: {message}")
                placed = True
    if not placed:
        form.add_error(None, str(error))
