"""The statutory compliance page, for officers, with the documents that could not be made."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from scrutiny.documents.models import DocumentRender
from scrutiny.documents.rendering import KINDS, failed_renders, render_retry
from scrutiny.kernel.breadcrumbs import crumbs
from scrutiny.kernel.dates import today
from scrutiny.kernel.officers import officer_only

from ..compliance import compliance_checks

# The failures listed: each document's latest, of the most recent ones.
FAILURES_SHOWN = 20


def _document_failures() -> list[dict]:
    shown, seen = [], set()
    for failed in failed_renders()[: FAILURES_SHOWN * 5]:
        same = failed.key or failed.pk
        if same in seen or failed.kind not in KINDS:
            continue
        seen.add(same)
        shown.append(
            {
                "render": failed,
                "name": failed.filename or f"{failed.kind.replace('_', ' ')} document",
                "page": KINDS[failed.kind].page(failed.params),
            }
        )
        if len(shown) == FAILURES_SHOWN:
            break
    return shown


@officer_only
def compliance(request):
    checks = compliance_checks(request.user, today())
    context = {
        "checks": checks,
        "unmet": sum(not check.met for check in checks),
        "day": today(),
        "failures": _document_failures(),
        "crumbs": crumbs(("Statutory compliance", None)),
    }
    return render(request, "meetings/compliance.html", context)


@officer_only
@require_POST
def document_retry(request, pk):
    """An officer asks for a document that failed to be made again."""
    failed = get_object_or_404(DocumentRender, pk=pk, status=DocumentRender.Status.FAILED)
    render_retry(render=failed)
    messages.success(request, f"{failed.filename or 'The document'} will be made again.")
    return redirect("meetings:compliance")
