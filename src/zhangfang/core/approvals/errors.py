"""Why an approval action was refused."""

from django.utils.translation import gettext_lazy as _

from zhangfang.core.errors import Conflict, PermissionDenied, ValidationFailed


class AlreadyUnderApproval(Conflict):
    code = "approval_already_open"
    default_message = _("This document is already waiting for approval.")


class UnknownDocumentType(ValidationFailed):
    code = "approval_unknown_document_type"
    default_message = _("No module handles approvals for the document type “%(document_type)s”.")


class SelfApprovalRefused(PermissionDenied):
    code = "approval_self_approval"
    default_message = _("Nobody may decide on their own request.")


class ApprovedTwiceRefused(PermissionDenied):
    code = "approval_approved_twice"
    default_message = _("You already approved an earlier step of this request; another person must approve this one.")


class NotAnApprover(PermissionDenied):
    code = "approval_not_approver"
    default_message = _("This step waits for someone else's approval.")


class IncompatibleRoles(PermissionDenied):
    code = "approval_incompatible_roles"
    default_message = _("You hold the roles “%(role)s” and “%(other)s”, which must not be combined; "
                        "you may not decide this step.")


class CommentRequired(ValidationFailed):
    code = "approval_comment_required"
    default_message = _("Say why you reject the request.")


class NotTheRequester(PermissionDenied):
    code = "approval_not_requester"
    default_message = _("Only the person who asked for the approval may withdraw it.")
