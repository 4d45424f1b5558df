"""Files attached to any business record."""

import hashlib

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from zhangfang.core import audit, permissions
from zhangfang.core.errors import ValidationFailed
from zhangfang.core.models import Attachment

MAX_BYTES = 20 * 1024 * 1024


def attachment_add(*, actor, obj, upload) -> Attachment:
    """Attach ``upload`` (a Django UploadedFile) to ``obj``, which must belong to a company."""
    company = obj.company
    permissions.require(actor, company, "core.add_attachment")
    permissions.require(actor, company, f"{obj._meta.app_label}.view_{obj._meta.model_name}")
    if upload.size > MAX_BYTES:
        raise ValidationFailed(fields={"file": [str(_("The file is larger than 20 MB."))]})
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    with transaction.atomic():
        attachment = Attachment(
            company=company, content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk),
            name=upload.name[:200], size=upload.size, sha256=digest.hexdigest(), uploaded_by=actor,
        )
        attachment.file.save(upload.name, upload, save=False)
        attachment.save()
        audit.record(actor=actor, action="attach", obj=obj, after={"attachment": attachment.name,
                                                                    "sha256": attachment.sha256})
    return attachment

