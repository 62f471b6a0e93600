"""The smallest answer the app gives: for a load balancer's health check, and as the
yardstick the load test measures the real pages against."""

from django.http import HttpResponse
from django.views.decorators.http import require_GET


@require_GET
def health(request):
    # No database and no template: what is left is the server and the middleware.
    return HttpResponse("ok", content_type="text/plain")
