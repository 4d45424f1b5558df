"""The document types that go through approval, registered by the apps that own them.

A business app connects its document in ``AppConfig.ready``::

    from zhangfang.core.approvals.documents import DocumentType, register
    register(DocumentType("purchasing.purchaseorder", _("Purchase order"),
                          on_decided=purchase_order_approval_decided,
                          url=lambda object_id: reverse("purchase_order_detail", args=[object_id])))

``on_decided(request=..., actor=...)`` is called exactly once per request, when it
reaches a final status (``request.status``: approved, rejected or cancelled), inside
the transaction that decided it: the document changes together with the approval or
not at all. ``actor`` is None when the engine decided (an automatic approval).
"""

from collections.abc import Callable
from dataclasses import dataclass

from zhangfang.core.approvals.errors import UnknownDocumentType


@dataclass(frozen=True)
class DocumentType:
    code: str  # "app_label.model_name" of the document, e.g. "purchasing.purchaseorder"
    label: object
    on_decided: Callable[..., None] | None = None
    url: Callable[[str], str] | None = None  # the document's page, given its object_id


_TYPES: dict[str, DocumentType] = {}


def register(document_type: DocumentType) -> None:
    _TYPES[document_type.code] = document_type


def unregister(code: str) -> None:
    _TYPES.pop(code, None)


def get(code: str) -> DocumentType:
    try:
        return _TYPES[code]
    except KeyError:
        raise UnknownDocumentType(fields={"document_type": [str(UnknownDocumentType.default_message
                                                               % {"document_type": code})]},
                                  document_type=code) from None


def choices() -> list[tuple[str, object]]:
    return sorted(((code, kind.label) for code, kind in _TYPES.items()), key=lambda pair: str(pair[1]))


def label(code: str) -> object:
    kind = _TYPES.get(code)
    return kind.label if kind else code


def document_url(code: str, object_id: str) -> str:
    kind = _TYPES.get(code)
    return kind.url(object_id) if kind and kind.url else ""
