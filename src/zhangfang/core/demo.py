"""The demo company: a Wuhan manufacturer and trader, built through the services."""

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import translation

from zhangfang.core.models import Company, Currency, Membership, Partner, Role, User
from zhangfang.core.services.companies import company_create
from zhangfang.core.services.currencies import exchange_rate_create
from zhangfang.core.services.notifications import notify
from zhangfang.core.services.partners import partner_create
from zhangfang.core.services.users import role_update, user_create

DEMO_CODE = "wuhan-jc"
DEMO_PASSWORD = "Zhangfang-Demo-2026"

# Each business app adds its part of the demo company from its AppConfig.ready():
# builder(company=..., admin=...), called in app order inside the demo's transaction.
DEMO_BUILDERS: list = []

# username, full name, role code
DEMO_USERS = [
    ("caiwu", "王芳", "finance_manager"),
    ("kuaiji", "李娜", "accountant"),
    ("chuna", "张伟", "cashier"),
    ("caigou", "刘洋", "buyer"),
    ("cangku", "陈杰", "warehouse"),
    ("xiaoshou", "杨敏", "sales"),
    ("jihua", "赵磊", "planner"),
    ("renshi", "黄静", "hr"),
    ("yunwei", "周强", "ops"),
    ("shenji", "吴婷", "auditor"),
]

# name, customer, supplier, currency, city, street, tax id, contact, phone, bank
PARTNERS = [
    ("湖北长江汽车零部件有限公司", True, False, "CNY", "武汉市", "经开区东风大道 168 号", "91420100MA4KX1A21B",
     "胡建国", "027-84561234", ("中国工商银行武汉经开支行", "3202006709200123456")),
    ("武汉光谷智能装备有限公司", True, False, "CNY", "武汉市", "东湖高新区光谷大道 77 号", "91420100MA4KX2B33C",
     "孙丽", "027-87651122", ("招商银行武汉光谷支行", "127905678910001")),
    ("上海浦江贸易有限公司", True, False, "CNY", "上海市", "浦东新区张杨路 500 号", "91310115MA1H8C4D5E",
     "钱峰", "021-58889900", ("交通银行上海浦东分行", "310066726018800012345")),
    ("Hamburg Maschinenbau GmbH", True, False, "EUR", "Hamburg", "Am Sandtorkai 12", "DE812345678",
     "Klaus Becker", "+49 40 123456", ("Deutsche Bank Hamburg", "DE89370400440532013000")),
    ("Pacific Rim Trading LLC", True, False, "USD", "Seattle", "1200 Harbor Ave SW", "US-91-1234567",
     "Emily Carter", "+1 206 555 0142", ("Bank of America Seattle", "026009593001234")),
    ("宝武钢铁集团武汉分公司", False, True, "CNY", "武汉市", "青山区和平大道 999 号", "91420107MA4KX3C44D",
     "马志强", "027-86801234", ("中国建设银行武汉青山支行", "42001865308050012345")),
    ("苏州精密轴承有限公司", False, True, "CNY", "苏州市", "工业园区星湖街 328 号", "91320594MA1MX4D55E",
     "周敏", "0512-62881234", ("中国银行苏州工业园区支行", "549758212345")),
    ("深圳华强电子元件有限公司", False, True, "CNY", "深圳市", "福田区华强北路 1019 号", "91440300MA5EX5E66F",
     "郑浩", "0755-83661234", ("平安银行深圳华强北支行", "11014567890123")),
    ("东莞塑胶制品厂", False, True, "CNY", "东莞市", "长安镇振安中路 88 号", "91441900MA4WX6F77G",
     "林小红", "0769-85331234", ("东莞农村商业银行长安支行", "120010190010012345")),
    ("Osaka Bearing Co., Ltd.", False, True, "JPY", "Osaka", "2-3-1 Umeda, Kita-ku", "JP-1200001012345",
     "Takeshi Sato", "+81 6 1234 5678", ("MUFG Bank Osaka", "0011234567")),
    ("长沙恒通机电贸易有限公司", True, True, "CNY", "长沙市", "岳麓区麓谷大道 627 号", "91430104MA4LX7G88H",
     "谢文", "0731-88991234", ("长沙银行麓谷支行", "800012345678901")),
]

# currency, starting rate (CNY per unit), daily wobble
RATES = [("USD", "7.1800", "0.012"), ("EUR", "7.8200", "0.020"), ("JPY", "0.048200", "0.00015"),
         ("HKD", "0.921500", "0.0015")]


def _rates(company: Company, admin: User, days: int = 180) -> None:
    wobble = random.Random(2026)  # the same history on every machine
    today = datetime.date.today()
    for code, start, step in RATES:
        currency = Currency.objects.get(code=code)
        rate, step = Decimal(start), Decimal(step)
        places = Decimal(start).as_tuple().exponent
        for offset in range(days, -1, -1):
            day = today - datetime.timedelta(days=offset)
            if day.weekday() >= 5:  # the People's Bank publishes on business days
                continue
            rate = (rate + step * Decimal(wobble.randint(-10, 10)) / 10).quantize(Decimal(1).scaleb(places))
            exchange_rate_create(actor=admin, company=company, currency=currency, date=day, rate=rate)


def _partners(company: Company, admin: User) -> None:
    for name, customer, supplier, currency, city, street, tax_id, contact, phone, bank in PARTNERS:
        partner_create(
            actor=admin, company=company, name=name, is_customer=customer, is_supplier=supplier,
            currency=Currency.objects.get(code=currency), city=city, street=street, tax_id=tax_id,
            phone=phone, country="CN" if currency == "CNY" else {"EUR": "DE", "USD": "US", "JPY": "JP"}[currency],
            credit_limit=Decimal("500000.00") if customer else Decimal("0.00"),
            payment_terms_days=60 if customer else 30,
            contacts=[{"name": contact, "title": "采购经理" if customer else "销售经理", "phone": phone}],
            bank_accounts=[{"bank_name": bank[0], "account_name": name, "account_number": bank[1]}],
        )


def build_demo() -> str:
    admin = User.objects.get(username="admin")
    if not Company.objects.filter(code=DEMO_CODE).exists():
        with transaction.atomic():
            company = company_create(actor=admin, code=DEMO_CODE, name="武汉江城机电有限公司",
                                     legal_name="武汉江城机电有限公司", tax_id="91420100MA4K9JC01X")
            admin.default_company = company
            admin.save(update_fields=["default_company"])
            for username, full_name, role in DEMO_USERS:
                user_create(actor=admin, company=company, username=username, password=DEMO_PASSWORD,
                            full_name=full_name, roles=list(Role.objects.filter(code=role)))
            _partners(company, admin)
            _rates(company, admin)
            for builder in DEMO_BUILDERS:
                builder(company=company, admin=admin)
            # A trial should open without an authenticator app. Roles are shared, so an
            # installation that already holds data elsewhere keeps its requirement.
            if not Partner.objects.exclude(company=company).exists():
                for role in Role.objects.filter(requires_2fa=True):
                    role_update(actor=admin, company=company, role=role, requires_2fa=False)
            notify(user=admin, company=company, title="欢迎使用账房 Zhangfang",
                   body="演示公司已就绪：合作伙伴、汇率和各岗位的演示账号。", url="/partners/")
    return credentials()


def _bilingual(role: Role) -> str:
    with translation.override("zh-hans"):
        chinese = str(role)
    with translation.override("en"):
        return f"{chinese} {role}" if chinese != str(role) else chinese


def credentials() -> str:
    company = Company.objects.get(code=DEMO_CODE)
    admin = User.objects.get(username="admin")
    admin_password = (DEMO_PASSWORD if admin.check_password(DEMO_PASSWORD)
                      else "(the password printed by `zhangfang init`, or ZHANGFANG_ADMIN_PASSWORD)")
    lines = [f"Demo company 演示公司: {company.name}", "Log-ins 登录 (user / password / role):"]
    note = ("  Two-factor sign-in is optional in the demo (Roles → require it); "
            "set it up under your name → Sign-in security.")
    memberships = Membership.objects.filter(company=company).select_related("user").prefetch_related("roles")
    for membership in memberships.order_by("user_id"):
        password = admin_password if membership.user_id == admin.pk else DEMO_PASSWORD
        roles = ", ".join(_bilingual(role) for role in membership.roles.all())
        lines.append(f"  {membership.user.username:<10} {password:<22} {roles}")
    return "\n".join([*lines, note])
