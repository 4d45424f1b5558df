from zhangfang.core.models import Partner
from zhangfang.core.services.partners import partner_create


def test_partner_gets_the_next_number(admin, company):
    first = partner_create(actor=admin, company=company, name="甲", is_customer=True)
    second = partner_create(actor=admin, company=company, name="乙", is_supplier=True)
    assert (first.code, second.code) == ("P-00001", "P-00002")
    assert Partner.objects.filter(company=company).count() == 2
