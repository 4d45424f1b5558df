"""The navigation registry: apps add sections; the shell shows what the user may use."""

from dataclasses import dataclass, field

from django.urls import reverse


@dataclass(frozen=True)
class Item:
    label: object
    url_name: str
    perm: str
    icon: str = "dot"


@dataclass
class Section:
    code: str
    label: object
    icon: str
    module: str | None = None  # None: always on; else shown only where the company enabled it
    items: list[Item] = field(default_factory=list)
    order: int = 50  # business modules in the middle; master data first, settings last


SECTIONS: list[Section] = []


def register(section: Section) -> None:
    SECTIONS.append(section)
    SECTIONS.sort(key=lambda s: s.order)


def menu(user, company, current_path: str) -> list[dict]:
    if company is None:
        return []
    shown = []
    for section in SECTIONS:
        if section.module and not company.module_enabled(section.module):
            continue
        items = []
        for item in section.items:
            if user.has_perm(item.perm, company):
                url = reverse(item.url_name)
                items.append({"label": item.label, "url": url, "icon": item.icon,
                              "active": current_path.startswith(url)})
        if items:
            shown.append({"code": section.code, "label": section.label, "icon": section.icon,
                          "items": items, "active": any(i["active"] for i in items)})
    return shown
