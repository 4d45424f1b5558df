from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from zhangfang.core.models import (
    MODULES,
    ApiToken,
    Company,
    Currency,
    ExchangeRate,
    Partner,
    PartnerAddress,
    PartnerBankAccount,
    PartnerContact,
    Role,
    Uom,
    UomCategory,
    User,
)
from zhangfang.web.forms import BootstrapMixin, DatePicker, Form, ModelForm


class LoginForm(BootstrapMixin, AuthenticationForm):
    pass


class PartnerForm(ModelForm):
    sections = [
        (_("General"), ["name", "code", "tax_id", "is_customer", "is_supplier", "active"]),
        (_("Contact"), ["phone", "email", "website"]),
        (_("Address"), ["country", "province", "city", "street", "postcode"]),
        (_("Terms"), ["currency", "payment_terms_days", "credit_limit"]),
        (_("Notes"), ["notes"]),
    ]

    class Meta:
        model = Partner
        fields = ["name", "code", "is_customer", "is_supplier", "tax_id", "phone", "email", "website",
                  "country", "province", "city", "street", "postcode", "currency", "payment_terms_days",
                  "credit_limit", "active", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"code": _("Leave empty to use the next partner number.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].required = False
        self.fields["currency"].queryset = Currency.objects.filter(active=True)


class ChildForm(ModelForm):
    """A row of an inline list; the service, not the form, writes it."""


class ChildFormSet(forms.BaseInlineFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].widget.attrs["class"] = "form-check-input"


def _formset(model, fields, title):
    formset = inlineformset_factory(Partner, model, form=ChildForm, fields=fields, extra=1, can_delete=True,
                                    can_delete_extra=False, formset=ChildFormSet)
    formset.title = title
    return formset


ContactFormSet = _formset(PartnerContact, ["name", "title", "phone", "email"], _("Contacts"))
AddressFormSet = _formset(PartnerAddress, ["kind", "province", "city", "street", "postcode"], _("Addresses"))
BankAccountFormSet = _formset(PartnerBankAccount, ["bank_name", "account_name", "account_number"],
                              _("Bank accounts"))


class CurrencyForm(ModelForm):
    class Meta:
        model = Currency
        fields = ["name", "symbol", "active"]


class ExchangeRateForm(ModelForm):
    class Meta:
        model = ExchangeRate
        fields = ["currency", "date", "rate"]
        widgets = {"date": DatePicker()}

    def __init__(self, *args, company=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["currency"].queryset = Currency.objects.filter(active=True).exclude(pk=company.base_currency_id)


class UomForm(ModelForm):
    class Meta:
        model = Uom
        fields = ["category", "name", "symbol", "ratio", "rounding", "active"]

    def __init__(self, *args, company=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = UomCategory.objects.filter(company=company)


class RolesField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return str(obj)


class UserCreateForm(ModelForm):
    password = forms.CharField(label=_("Initial password"), widget=forms.PasswordInput(render_value=True),
                               help_text=_("At least 10 characters; the user should change it."))
    roles = RolesField(queryset=Role.objects.all(), required=False, label=_("Roles in this company"))

    class Meta:
        model = User
        fields = ["username", "full_name", "email", "phone", "language"]


class UserEditForm(ModelForm):
    roles = RolesField(queryset=Role.objects.all(), required=False, label=_("Roles in this company"))
    active = forms.BooleanField(label=_("May sign in to this company"), required=False)

    class Meta:
        model = User
        fields = ["full_name", "email", "phone", "language"]


class CompanyForm(ModelForm):
    enabled_modules = forms.MultipleChoiceField(choices=MODULES, widget=forms.CheckboxSelectMultiple,
                                                required=False, label=_("Enabled modules"))

    class Meta:
        model = Company
        fields = ["name", "legal_name", "tax_id", "fiscal_year_start_month", "allow_negative_stock",
                  "enabled_modules"]


class TokenForm(Form):
    name = forms.CharField(label=_("Name"), max_length=100, help_text=_("What the token is for, e.g. 'BI export'."))
    scope = forms.ChoiceField(label=_("Scope"), choices=ApiToken.Scope.choices)
    days = forms.IntegerField(label=_("Valid for (days)"), min_value=1, max_value=366, initial=90)


class AttachmentForm(Form):
    file = forms.FileField(label=_("File"))
