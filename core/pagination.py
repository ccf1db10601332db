"""One way to read ?page= for every paginated list.

A bad or out-of-range page number is a link someone kept or typed, not an
error: the list answers 200 with the nearest real page and says what it did,
rather than a 404 or a silent jump. Templates show the links with
templates/includes/pagination.html.
"""

import re

from django.core.paginator import EmptyPage, Page, Paginator


def paginate(object_list, per_page: int, raw_page: str | None) -> tuple[Page, str | None]:
    """Return (page, message); the message is None unless the page number was changed."""
    paginator = Paginator(object_list, per_page)
    # ASCII digits only: int() also reads "٣" as 3, and str.isdigit() accepts "²".
    if raw_page and not re.fullmatch(r"-?[0-9]+", raw_page):
        return paginator.page(1), "That page number isn't valid; showing the first page."
    try:
        return paginator.page(raw_page or 1), None
    except EmptyPage:
        if raw_page and int(raw_page) < 1:
            return paginator.page(1), "Pages start at 1; showing the first page."
        last = paginator.num_pages
        pages = "is only 1 page" if last == 1 else f"are only {last} pages"
        return paginator.page(last), f"There {pages} of results; showing the last one."


def page_context(request, object_list, per_page: int) -> dict:
    """Return the `page` and `page_message` a list template shows, for ?page= of `request`."""
    page, message = paginate(object_list, per_page, request.GET.get("page"))
    return {"page": page, "page_message": message}
