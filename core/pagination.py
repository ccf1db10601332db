"""One way to read ?page= for every paginated list.

A bad or out-of-range page number is a link someone kept or typed, not an
error: the list answers 200 with the nearest real page and says what it did,
rather than a 404 or a silent jump. Templates show the links with
templates/includes/pagination.html.
"""

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator


def paginate(object_list, per_page: int, raw_page: str | None) -> tuple[Page, str | None]:
    """Return (page, message); the message is None unless the page number was changed."""
    paginator = Paginator(object_list, per_page)
    try:
        return paginator.page(raw_page or 1), None
    except PageNotAnInteger:
        return paginator.page(1), "That page number isn't valid; showing the first page."
    except EmptyPage:
        if raw_page and raw_page.lstrip("-").isdigit() and int(raw_page) < 1:
            return paginator.page(1), "Pages start at 1; showing the first page."
        last = paginator.num_pages
        pages = "is only 1 page" if last == 1 else f"are only {last} pages"
        return paginator.page(last), f"There {pages} of results; showing the last one."
