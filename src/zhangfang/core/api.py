"""REST endpoints for core master data. Thin: parse, call a selector or a service."""

from typing import Annotated

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Status
from ninja.pagination import paginate

from zhangfang.api.fields import CURRENCY_CODE, MAX_ID, NO_NUL
from zhangfang.api.pagination import Pagination
from zhangfang.api.schemas import ERRORS
from zhangfang.core import selectors
from zhangfang.core.errors import NotFound, ValidationFailed
from zhangfang.core.models import Company, Currency, UomCategory
from zhangfang.core.permissions import company_ids
from zhangfang.core.schemas import (
    CompanyOut,
    CurrencyOut,
    CurrencyPatch,
    PartnerDetailOut,
    PartnerIn,
    PartnerOut,
    PartnerPatch,
    RateIn,
    RateOut,
    RatePatch,
    UomCategoryOut,
    UomIn,
    UomOut,
    UomPatch,
)
from zhangfang.core.services import currencies, partners, units

router = Router(tags=["core"])

Id = Annotated[int, Path(ge=1, le=MAX_ID)]
CurrencyCode = Annotated[str, Path(pattern=CURRENCY_CODE, description="ISO 4217 code", examples=["CNY"])]
CompanyFilter = Annotated[int | None, Query(ge=1, le=MAX_ID, description="Only this company's rows")]


def _company(request, company_id: int | None) -> Company:
    """The company a write goes to: the one asked for, else the user's default."""
    wanted = company_id or request.user.default_company_id
    if wanted not in company_ids(request.user):
        raise NotFound()
    return Company.objects.get(pk=wanted)


def _filter_company(request, company: int | None) -> Company | None:
    return _company(request, company) if company else None


def _currency(code: str | None, field: str = "currency") -> Currency | None:
    if code is None:
        return None
    currency = Currency.objects.filter(code=code.upper()).first()
    if currency is None:
        raise ValidationFailed(fields={field: [_("Unknown currency.")]})
    return currency


# --- companies -----------------------------------------------------------------

@router.get("/companies", response={200: list[CompanyOut], **ERRORS}, summary="Companies I work in")
@paginate(Pagination)
def list_companies(request):
    return selectors.user_companies(user=request.user).select_related("base_currency")


# --- partners ------------------------------------------------------------------

@router.get("/partners", response={200: list[PartnerOut], **ERRORS})
@paginate(Pagination)
def list_partners(request, search: Annotated[str, Query(max_length=200, pattern=NO_NUL)] = "",
                  company: CompanyFilter = None):
    return selectors.partner_list(user=request.user, company=_filter_company(request, company), search=search)


@router.post("/partners", response={201: PartnerDetailOut, **ERRORS})
def create_partner(request, payload: PartnerIn):
    data = payload.dict()
    company = _company(request, data.pop("company_id"))
    data["currency"] = _currency(data.pop("currency"))
    partner = partners.partner_create(actor=request.user, company=company, **data)
    return Status(201, selectors.partner_detail(user=request.user, pk=partner.pk))


@router.get("/partners/{partner_id}", response={200: PartnerDetailOut, **ERRORS})
def get_partner(request, partner_id: Id):
    return selectors.partner_detail(user=request.user, pk=partner_id)


@router.patch("/partners/{partner_id}", response={200: PartnerDetailOut, **ERRORS})
def update_partner(request, partner_id: Id, payload: PartnerPatch):
    partner = selectors.partner_detail(user=request.user, pk=partner_id)
    # null leaves a field as it is, except the currency, where it clears the partner's own
    data = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None or k == "currency"}
    if "currency" in data:
        data["currency"] = _currency(data["currency"])
    partners.partner_update(actor=request.user, partner=partner, **data)
    return selectors.partner_detail(user=request.user, pk=partner_id)


# --- currencies and rates --------------------------------------------------------

@router.get("/currencies", response={200: list[CurrencyOut], **ERRORS})
@paginate(Pagination)
def list_currencies(request):
    return selectors.currency_list(user=request.user)


@router.get("/currencies/{code}", response={200: CurrencyOut, **ERRORS})
def get_currency(request, code: CurrencyCode):
    return get_object_or_404(selectors.currency_list(user=request.user), code=code.upper())


@router.patch("/currencies/{code}", response={200: CurrencyOut, **ERRORS})
def update_currency(request, code: CurrencyCode, payload: CurrencyPatch):
    currency = get_object_or_404(selectors.currency_list(user=request.user), code=code.upper())
    company = _company(request, None)
    data = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}
    return currencies.currency_update(actor=request.user, company=company, currency=currency, **data)


@router.get("/exchange-rates", response={200: list[RateOut], **ERRORS})
@paginate(Pagination)
def list_rates(request, currency: Annotated[str | None, Query(pattern=CURRENCY_CODE)] = None,
               company: CompanyFilter = None):
    rates = selectors.exchange_rate_list(user=request.user, company=_filter_company(request, company))
    return rates.filter(currency__code=currency.upper()) if currency else rates


@router.post("/exchange-rates", response={201: RateOut, **ERRORS})
def create_rate(request, payload: RateIn):
    company = _company(request, payload.company_id)
    rate = currencies.exchange_rate_create(actor=request.user, company=company,
                                           currency=_currency(payload.currency), date=payload.date,
                                           rate=payload.rate)
    return Status(201, rate)


@router.get("/exchange-rates/{rate_id}", response={200: RateOut, **ERRORS})
def get_rate(request, rate_id: Id):
    return selectors.get_visible(selectors.exchange_rate_list(user=request.user), request.user, rate_id)


@router.patch("/exchange-rates/{rate_id}", response={200: RateOut, **ERRORS})
def update_rate(request, rate_id: Id, payload: RatePatch):
    rate = selectors.get_visible(selectors.exchange_rate_list(user=request.user), request.user, rate_id)
    data = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}
    return currencies.exchange_rate_update(actor=request.user, exchange_rate=rate, **data)


@router.delete("/exchange-rates/{rate_id}", response={204: None, **ERRORS})
def delete_rate(request, rate_id: Id):
    rate = selectors.get_visible(selectors.exchange_rate_list(user=request.user), request.user, rate_id)
    currencies.exchange_rate_delete(actor=request.user, exchange_rate=rate)
    return Status(204, None)


# --- units of measure --------------------------------------------------------------

@router.get("/unit-categories", response={200: list[UomCategoryOut], **ERRORS})
@paginate(Pagination)
def list_unit_categories(request, company: CompanyFilter = None):
    return selectors.visible(UomCategory.objects.all(), request.user, _filter_company(request, company))


@router.get("/units", response={200: list[UomOut], **ERRORS})
@paginate(Pagination)
def list_units(request, company: CompanyFilter = None):
    return selectors.uom_list(user=request.user, company=_filter_company(request, company))


@router.post("/units", response={201: UomOut, **ERRORS})
def create_unit(request, payload: UomIn):
    data = payload.dict()
    company = _company(request, data.pop("company_id"))
    category = UomCategory.objects.filter(company=company, pk=data.pop("category_id")).first()
    if category is None:
        raise ValidationFailed(fields={"category_id": [_("Unknown unit category.")]})
    return Status(201, units.uom_create(actor=request.user, company=company, category=category, **data))


@router.get("/units/{unit_id}", response={200: UomOut, **ERRORS})
def get_unit(request, unit_id: Id):
    return selectors.get_visible(selectors.uom_list(user=request.user), request.user, unit_id)


@router.patch("/units/{unit_id}", response={200: UomOut, **ERRORS})
def update_unit(request, unit_id: Id, payload: UomPatch):
    unit = selectors.get_visible(selectors.uom_list(user=request.user), request.user, unit_id)
    data = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}
    return units.uom_update(actor=request.user, uom=unit, **data)
