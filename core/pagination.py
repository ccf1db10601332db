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
# "1,000+" and the pages stop at the cap. An exact count of tens of thousands
# of matches visits every one of them; a capped one stops at the cap.
COUNT_CAP = 1000


class CappedPaginator(Paginator):
    """A paginator whose count stops at `cap` (`capped` says whether there were more)."""

    def __init__(self, object_list, per_page, *, cap: int | None = None, **kwargs):
        self.cap = COUNT_CAP if cap is None else cap
        super().__init__(object_list, per_page, **kwargs)

    @cached_property
    def _keys(self) -> list | None:
        """The ordered keys of the first cap + 1 rows (None for a list): the count and every page's keys."""
        rows = self.object_list
        if not hasattr(rows, "values_list"):
            return None
        # Only the keys and what the order needs: served from a narrow index
        # where there is one, and never the wide rows of thousands of matches.
        return list(rows.values_list("pk", flat=True)[: self.cap + 1])

    @cached_property
    def _counted(self) -> int:
        # One more than the cap tells "exactly the cap" from "more than the cap".
        if self._keys is not None:
            return len(self._keys)
        return len(self.object_list[: self.cap + 1])

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.cap)

    @property
    def capped(self) -> bool:
        return self._counted > self.cap

    def page(self, number):
        """The page's rows: its keys from `_keys`, then only those rows, loaded in one query."""
        if self._keys is None:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        keys = self._keys[bottom:top]
        by_key = (
            {row.pk: row for row in self.object_list.filter(pk__in=keys).order_by()} if keys else {}
        )
        return self._get_page([by_key[key] for key in keys if key in by_key], number, self)


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
