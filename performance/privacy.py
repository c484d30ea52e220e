"""What performance holds about a person (people.privacy). Review results,
their adjustments and disputes are pay records: kept as they are (a locked
review never changes, and wage records must be kept)."""

from django.utils.translation import gettext_lazy as _

from people import privacy

from .models import (
    Adjustment,
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
