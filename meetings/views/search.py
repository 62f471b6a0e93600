"""Search, for everyone: each reader finds only what they may see."""

from django.shortcuts import render

from scrutiny.breadcrumbs import crumbs
from scrutiny.page_cache import cached_page

from ..search import search as search_records

MAX_QUERY = 200


@cached_page
def search(request):
    query = request.GET.get("q", "").strip()[:MAX_QUERY]
    context = {
        "query": query,
        "hits": search_records(request.user, query) if query else [],
        "crumbs": crumbs(("Search", None)),
    }
    return render(request, "meetings/search.html", context)
