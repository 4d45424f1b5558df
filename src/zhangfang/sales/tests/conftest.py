import pytest
from django.utils import translation

from zhangfang.sales.tests.shop import Shop


@pytest.fixture
def shop(admin, company):
    return Shop(admin, company)


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English; the zh-hans catalogue is the translators' work."""
    with translation.override("en"):
        yield
