"""Forms of the ledger pages. They parse what was typed; the services decide what is allowed."""

from dataclasses import dataclass, field
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from zhangfang.accounting.models import Account, AccountingSettings, CostCentre, Journal
from zhangfang.accounting.selectors import chart as selectors
from zhangfang.accounting.services.closing import SETTINGS_FIELDS
from zhangfang.core.models import Company, Currency
from zhangfang.web.forms import DatePicker, Form, ModelForm, grid_row


class AmountField(forms.DecimalField):
    """A money amount as clerks type or paste it: ``12,500.00`` is 12500.00. ``places``: other
    figures typed the same way (quantities, unit prices)."""

    widget = forms.TextInput

    def __init__(self, *, places: int = 2, required: bool = False, **kwargs):
        super().__init__(max_digits=14 + places, decimal_places=places, min_value=Decimal("0"), required=required,
                         **kwargs)

    def to_python(self, value):
        return super().to_python(value.replace(",", "").replace(" ", "") if isinstance(value, str) else value)

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "inputmode": "decimal", "autocomplete": "off"}


@dataclass
class VoucherChoices:
    """What a voucher line may name, loaded once per page rather than once per line."""

    accounts: dict[str, Account] = field(default_factory=dict)
    partners: dict[str, object] = field(default_factory=dict)
    cost_centres: dict[str, CostCentre] = field(default_factory=dict)

    @classmethod
    def load(cls, company: Company) -> "VoucherChoices":
        return cls(
            accounts={account.code: account for account in selectors.postable_accounts(company=company)},
            partners={partner.code: partner for partner in selectors.voucher_partners(company=company)},
            cost_centres={str(centre.pk): centre
                          for centre in selectors.cost_centres(company=company).filter(active=True)},
        )


def account_label(account: Account) -> str:
    return f"{account.code} {account.name}"


def partner_label(partner) -> str:
    return f"{partner.code} {partner.name}"


def _code(text: str) -> str:
    """``1002 银行存款`` → ``1002``: the picker fills code and name, the code decides."""
    return text.split()[0] if text.strip() else ""


class VoucherForm(Form):
    journal = forms.ModelChoiceField(label=_("Journal"), queryset=Journal.objects.none(), empty_label=None)
    date = forms.DateField(label=_("Date"), widget=DatePicker())
    reference = forms.CharField(label=_("Reference"), max_length=60, required=False)
    narration = forms.CharField(label=_("Narration"), max_length=200, required=False)

    def __init__(self, *args, company: Company, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["journal"].queryset = Journal.objects.filter(company=company, active=True).order_by("pk")
        # A draft keeps its journal: its number will come from that journal's sequence.
        self.fields["journal"].disabled = editing


class VoucherLineForm(Form):
    account = forms.CharField(label=_("Account"), max_length=140, required=False)
    description = forms.CharField(label=_("Description"), max_length=200, required=False)
    debit = AmountField(label=_("Debit"))
    credit = AmountField(label=_("Credit"))
    partner = forms.CharField(label=_("Partner"), max_length=240, required=False)
    cost_centre = forms.ChoiceField(label=_("Cost centre"), required=False)

    def __init__(self, *args, choices: VoucherChoices, **kwargs):
        super().__init__(*args, **kwargs)
        self.choices = choices
        self.fields["account"].widget.attrs.update(list="zf-accounts", autocomplete="off",
                                                   placeholder=_("Code or name"))
        self.fields["partner"].widget.attrs.update(list="zf-partners", autocomplete="off")
        self.fields["cost_centre"].choices = [("", "—"), *((key, str(centre))
                                                          for key, centre in choices.cost_centres.items())]
        grid_row(self)

    def clean(self):
        data = super().clean()
        data["blank"] = not any(data.get(name) for name in ("account", "description", "debit", "credit", "partner"))
        if data["blank"]:
            return data
        code = _code(data.get("account") or "")
        if not code:
            self.add_error("account", _("Choose an account."))
        elif code not in self.choices.accounts:
            self.add_error("account", _("%(code)s is not an active account without sub-accounts.") % {"code": code})
        else:
            data["account_obj"] = self.choices.accounts[code]
        partner_code = _code(data.get("partner") or "")
        if partner_code and partner_code not in self.choices.partners:
            self.add_error("partner", _("No active partner has the code %(code)s.") % {"code": partner_code})
        data["partner_obj"] = self.choices.partners.get(partner_code)
        return data

    def line(self) -> dict:
        data = self.cleaned_data
        return {"account": data["account_obj"], "description": data["description"], "debit": data["debit"],
                "credit": data["credit"], "partner": data["partner_obj"],
                "cost_centre": self.choices.cost_centres.get(data["cost_centre"] or "")}


class VoucherLineFormSet(forms.BaseFormSet):
    def kept(self) -> list[tuple[int, dict]]:
        """(form index, line) of the lines typed, blank rows left out; the service numbers them from 1."""
        return [(index, form.line()) for index, form in enumerate(self.forms)
                if form.cleaned_data and not form.cleaned_data["blank"]]


def voucher_line_formset(extra: int):
    return forms.formset_factory(VoucherLineForm, formset=VoucherLineFormSet, extra=extra)


def voucher_initial_lines(lines) -> list[dict]:
    return [{"account": account_label(line.account), "description": line.description,
             "debit": line.debit or None, "credit": line.credit or None,
             "partner": partner_label(line.partner) if line.partner else "",
             "cost_centre": str(line.cost_centre_id or "")} for line in lines]


class ReverseForm(Form):
    date = forms.DateField(label=_("Reversal date"), widget=DatePicker())


class AccountCreateForm(ModelForm):
    class Meta:
        model = Account
        fields = ["code", "name", "name_en", "type", "subtype", "parent", "reconcilable", "currency"]

    def __init__(self, *args, company: Company, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Account.objects.filter(company=company).order_by("code")
        self.fields["currency"].queryset = Currency.objects.filter(active=True)


class AccountEditForm(ModelForm):
    """Code, type and parent stay as created: reports and posted entries depend on them."""

    class Meta:
        model = Account
        fields = ["name", "name_en", "subtype", "reconcilable", "active"]


class CostCentreForm(ModelForm):
    class Meta:
        model = CostCentre
        fields = ["code", "name", "active"]


class AccountingSettingsForm(ModelForm):
    reason = forms.CharField(label=_("Reason for moving the lock date back"), max_length=200, required=False,
                             help_text=_("Needed only when the lock date moves back or is removed; kept in the "
                                         "audit trail."))
    sections = [
        (_("Closing"), ["lock_date", "reason", "bill_approval_threshold"]),
        (_("Default accounts"), ["receivable_account", "payable_account", "income_account", "expense_account",
                                 "fx_gain_account", "fx_loss_account", "current_profit_account",
                                 "retained_earnings_account"]),
    ]

    class Meta:
        model = AccountingSettings
        fields = list(SETTINGS_FIELDS)
        widgets = {"lock_date": DatePicker()}

    def __init__(self, *args, company: Company, **kwargs):
        super().__init__(*args, **kwargs)
        accounts = Account.objects.filter(company=company, active=True).order_by("code")
        for name in SETTINGS_FIELDS:
            if isinstance(self.fields[name], forms.ModelChoiceField):
                self.fields[name].queryset = accounts
