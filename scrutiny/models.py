"""The project app's models, defined where their concern lives and gathered here for Django."""

from scrutiny.documents.models import DocumentRender, RenderSlot
from scrutiny.kernel.council import Council
from scrutiny.kernel.models import ContentVersion, LiveManager, LiveQuerySet, SoftDeletable

__all__ = [
    "ContentVersion",
    "Council",
    "DocumentRender",
    "LiveManager",
    "LiveQuerySet",
    "RenderSlot",
    "SoftDeletable",
]
