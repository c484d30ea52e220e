"""What performance holds about a person (people.privacy). Review results,
their adjustments and disputes are pay records: kept as they are (a locked
review never changes, and wage records must be kept)."""

from django.utils.translation import gettext_lazy as _

from people import privacy

from .models import (
    Adjustment,
    Audit,
    AuditAttachment,
    AuditDispute,
    AuditScore,
    Complaint,
    ComplaintEvent,
    Dispute,
    ImportBatch,
    Observation,
    PayrollExport,
    RecoveryAction,
    RefresherRule,
    ReviewCycle,
    ReviewResult,
    ReviewScheme,
    Survey,
    SurveyResponse,
)

PAY_RECORDS = _("Pay records: kept as decided (wage records must be kept).")


def register() -> None:
    reg = privacy.register
    reg(Observation, about=["employee"])
    # The customer's name and contact are the customer's, not the employee's:
    # HR answers the customer's own request (complaints.customer_data).
    reg(
        Complaint,
        about=["employees"],
        acted=["recorded_by", "owner"],
        exclude=["customer_name", "customer_contact"],
    )
    reg(ComplaintEvent, acted=["by", "to_owner"])
    reg(RecoveryAction, acted=["by"])
    reg(RefresherRule, acted=["created_by"])
    reg(ImportBatch, acted=["created_by"])
    reg(Survey, about=["employee"], acted=["created_by"])
    reg(SurveyResponse, about=["employee"])
    reg(ReviewScheme, acted=["created_by"])
    reg(ReviewCycle, acted=["created_by"])
    reg(PayrollExport, acted=["by"])
    pay = {"erase": privacy.RETAIN, "reason": PAY_RECORDS}
    reg(ReviewResult, about=["employee"], acted=["manager"], **pay)
    reg(Adjustment, about=["result__employee"], acted=["by"], **pay)
    reg(Dispute, about=["raised_by"], acted=["decided_by"], **pay)
    # Audits stay for the store's figures (KEEP: the employee row is
    # anonymised); the photos and recordings of the person go.
    reg(Audit, about=["employee"], acted=["auditor"])
    reg(AuditScore, about=["audit__employee"])
    reg(
        AuditAttachment,
        about=["audit__employee"],
        acted=["uploaded_by"],
        files=["file"],
        erase=_remove_audit_files,
    )
    reg(AuditDispute, about=["raised_by", "audit__employee"], acted=["decided_by"])


def _remove_audit_files(employee, attachments) -> int:
    """Photos and recordings of the person go; the audit and its scores stay."""
    removed = 0
    for attachment in attachments.filter(audit__employee=employee):
        attachment.file.delete(save=False)
        attachment.delete()
        removed += 1
    return removed
