"""One way to read ?page= for every paginated list.

A bad or out-of-range page number is a link someone kept or typed, not an
error: the list answers 200 with the nearest real page and says what it did,
rather than a 404 or a silent jump. Templates show the links with
templates/includes/pagination.html.
"""

import re

from django.core.paginator import EmptyPage, Page, Paginator
from django.utils.functional import cached_property

# Public result lists count at most this many rows: past it the count says
# "500+" and the pages stop at the cap (25 pages of 20). An exact count of tens
# of thousands of matches visits every one of them; a capped one stops at the
# cap, and what it costs grows with the cap when a filter must read each row
# (a common word with a condition reads about ten rows for each it counts).
COUNT_CAP = 500


class CappedPaginator(Paginator):
    """Pages over a search's ordered keys: at most `cap` are counted, and a page loads only its rows.

    `object_list` is a search's results: `counted`, how many matched up to
    cap + 1 (one more than the cap tells "exactly the cap" from "more");
    `keys(n)`, the first n keys in order; and `load(keys)`, which reads those
    rows in that order.
    """

    def __init__(self, object_list, per_page, *, cap: int | None = None, **kwargs):
        self.cap = COUNT_CAP if cap is None else cap
        super().__init__(object_list, per_page, **kwargs)

    @cached_property
    def _counted(self) -> int:
        return self.object_list.counted

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.cap)

    @property
    def capped(self) -> bool:
        return self._counted > self.cap

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        keys = self.object_list.keys(top)[bottom:top]
        return self._get_page(self.object_list.load(keys), number, self)


def paginate(
    object_list, per_page: int, raw_page: str | None, *, cap: int | None = None
) -> tuple[Page, str | None]:
    """Return (page, message); the message is None unless the page number was changed.

    With `cap`, the count stops there (CappedPaginator) and so do the pages.
    """
    paginator = (
        Paginator(object_list, per_page)
        if cap is None
        else CappedPaginator(object_list, per_page, cap=cap)
    )
    # ASCII digits only: int() also reads "٣" as 3, and str.isdigit() accepts "²".
    if raw_page and not re.fullmatch(r"-?[0-9]+", raw_page):
        return paginator.page(1), "That page number isn't valid; showing the first page."
    try:
        return paginator.page(raw_page or 1), None
    except EmptyPage:
        if raw_page and int(raw_page) < 1:
            return paginator.page(1), "Pages start at 1; showing the first page."
        last = paginator.num_pages
        if getattr(paginator, "capped", False):
            return paginator.page(last), f"Pages stop at {last}; showing the last one."
        pages = "is only 1 page" if last == 1 else f"are only {last} pages"
        return paginator.page(last), f"There {pages} of results; showing the last one."


def page_context(request, object_list, per_page: int) -> dict:
    """Return the `page` and `page_message` a list template shows, for ?page= of `request`."""
    page, message = paginate(object_list, per_page, request.GET.get("page"))
    return {"page": page, "page_message": message}
