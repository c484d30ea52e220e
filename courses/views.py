from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from .selectors import search_pages


@login_required
def search(request):
    """Search live courses and lessons in the learner's language."""
    query = request.GET.get("q", "").strip()[:200]
    results = search_pages(query) if query else []
    page = Paginator(results, 20).get_page(request.GET.get("page"))
    return render(request, "courses/search.html", {"query": query, "page_obj": page})
