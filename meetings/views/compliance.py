"""The statutory compliance page, for officers."""

from django.shortcuts import render

from scrutiny.breadcrumbs import crumbs
from scrutiny.editing import officer_only

from ..compliance import compliance_checks
from ..queries import today


@officer_only
def compliance(request):
    checks = compliance_checks(request.user, today())
    context = {
        "checks": checks,
        "unmet": sum(not check.met for check in checks),
        "day": today(),
        "crumbs": crumbs(("Statutory compliance", None)),
    }
    return render(request, "meetings/compliance.html", context)
