"""Search, for everyone: each reader finds only what they may see."""

from collections import Counter

from django.shortcuts import render

from scrutiny.kernel.breadcrumbs import crumbs
from scrutiny.kernel.page_cache import cached_page

from ..search import RESULTS_PER_KIND
from ..search import search as search_records

MAX_QUERY = 200


@cached_page(params=("q",))
def search(request):
    query = request.GET.get("q", "").strip()[:MAX_QUERY]
    hits = search_records(request.user, query) if query else []
    kinds = Counter(hit.kind for hit in hits)
    context = {
        "query": query,
        "hits": hits,
        # Each kind shows only its best few: then the count is of those shown, not of
        # every match, and the page says so.
        "cut_short": any(count >= RESULTS_PER_KIND for count in kinds.values()),
        "per_kind": RESULTS_PER_KIND,
        "crumbs": crumbs(("Search", None)),
    }
    return render(request, "meetings/search.html", context)
