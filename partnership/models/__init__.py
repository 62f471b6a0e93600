"""The Community Safety Partnership: its agencies, plans, priorities and action plans."""

from .agencies import Agency, AgencyFormerName, Membership, Partnership
from .plans import CommunitySafetyPlan, CorporatePriority, PlanRefresh, Priority
from .subgroups import Action, ActionPlan, ProgressUpdate, RagStatus, Subgroup

__all__ = [
    "Action",
    "ActionPlan",
    "Agency",
    "AgencyFormerName",
    "CommunitySafetyPlan",
    "CorporatePriority",
    "Membership",
    "Partnership",
    "PlanRefresh",
    "Priority",
    "ProgressUpdate",
    "RagStatus",
    "Subgroup",
]
