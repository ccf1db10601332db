"""One pagination for every list: core.pagination.paginate and includes/pagination.html."""

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from core.pagination import paginate
from reviews.models import ModerationEvent
from tests.factories import PractitionerFactory, ReviewFactory, StaffFactory

ITEMS = list(range(45))  # three pages of 20


def render(query: str, raw_page: str | None = None, **arguments) -> str:
    request = RequestFactory().get(f"/list/?{query}")
    page, _ = paginate(ITEMS, 20, raw_page)
    return render_to_string(
        "includes/pagination.html", {"page": page, **arguments}, request=request
    )


def test_a_missing_page_number_is_the_first_page_without_a_message():
    page, message = paginate(ITEMS, 20, None)
    assert (page.number, list(page.object_list)[:2], message) == (1, [0, 1], None)


@pytest.mark.parametrize(
    ("raw_page", "number", "says"),
    [
        ("abc", 1, "isn't valid; showing the first page"),
        ("0", 1, "Pages start at 1"),
        ("-2", 1, "Pages start at 1"),
        ("999", 3, "only 3 pages of results; showing the last one"),
        ("²", 1, "isn't valid; showing the first page"),
        ("-²", 1, "isn't valid; showing the first page"),
        ("٣", 1, "isn't valid; showing the first page"),
    ],
)
def test_a_bad_page_number_falls_back_with_a_message(raw_page, number, says):
    page, message = paginate(ITEMS, 20, raw_page)
    assert page.number == number
    assert says in message


def test_an_empty_list_past_the_end_says_one_page():
    page, message = paginate([], 20, "2")
    assert page.number == 1 and "There is only 1 page of results" in message


def test_the_first_page_links_only_forward_and_keeps_the_other_parameters():
    html = render("q=chen&condition=migraine&condition=sciatica&page=1", nav_label="Result pages")
    assert '<nav class="pagination" aria-label="Result pages">' in html
    assert 'rel="prev"' not in html
    assert (
        '<a href="?q=chen&amp;condition=migraine&amp;condition=sciatica&amp;page=2" rel="next">'
        'Next<span class="visually-hidden"> page</span></a>'
    ) in html
    assert '<span aria-current="page">Page 1 of 3</span>' in html


def test_the_last_page_links_only_back():
    html = render("kind=license&page=3", "3", previous_label="Newer", next_label="Older")
    assert '<a href="?kind=license&amp;page=2" rel="prev">Newer' in html
    assert 'rel="next"' not in html and "Older" not in html
    assert "Page 3 of 3" in html


def test_a_middle_page_links_both_ways():
    html = render("page=2", "2")
    assert '<a href="?page=1" rel="prev">' in html and '<a href="?page=3" rel="next">' in html


def test_one_page_shows_no_navigation():
    request = RequestFactory().get("/list/")
    page, _ = paginate(ITEMS[:5], 20, None)
    html = render_to_string("includes/pagination.html", {"page": page}, request=request)
    assert html.strip() == ""


def test_links_are_escaped():
    html = render('q=<b>"&page=1')
    assert 'href="?q=%3Cb%3E%22&amp;page=2"' in html
    assert "<b>" not in html


def test_an_htmx_target_loads_the_page_there_and_keeps_the_plain_link():
    html = render("near=97214&page=1", hx_target="#results")
    assert (
        '<a href="?near=97214&amp;page=2" hx-get="?near=97214&amp;page=2" hx-target="#results"'
        ' hx-push-url="true" rel="next">'
    ) in html
    assert "hx-get" not in render("near=97214&page=1")


@pytest.mark.django_db
def test_a_staff_list_past_the_end_shows_its_last_page_with_a_message(client, settings):
    settings.STAFF_MFA_REQUIRED = False
    client.force_login(StaffFactory())
    review = ReviewFactory(practitioner=PractitionerFactory())
    ModerationEvent.objects.create(review=review, action="submitted")
    response = client.get(reverse("reviews_staff:log") + "?page=7")
    assert response.status_code == 200
    assert response.context["page"].number == 1
    assert "There is only 1 page of results; showing the last one." in response.text


@pytest.mark.django_db
class Keyed:
    """A search's results as the capped paginator reads them: ordered keys, rows loaded by key."""

    def __init__(self, keys):
        self.all_keys = keys
        self.counted = len(keys)
        self.read_upto = []
        self.loaded = []

    def keys(self, upto):
        self.read_upto.append(upto)
        return self.all_keys[:upto]

    def load(self, keys):
        self.loaded.append(keys)
        return [f"row {key}" for key in keys]


def test_a_capped_page_counts_its_keys_then_loads_only_its_own_rows_in_order():
    from core.pagination import CappedPaginator

    results = Keyed([7, 3, 9, 1, 4, 8, 2])  # the first cap + 1 keys of a search
    paginator = CappedPaginator(results, 3, cap=6)
    page = paginator.page(2)
    assert list(page.object_list) == ["row 1", "row 4", "row 8"]
    # Only as far as the page: its keys are the 4th to the 6th.
    assert results.read_upto == [6] and results.loaded == [[1, 4, 8]]
    assert (paginator.count, paginator.capped, paginator.num_pages) == (6, True, 2)
    assert list(paginator.page(1).object_list) == ["row 7", "row 3", "row 9"]


def test_exactly_the_cap_is_not_capped():
    from core.pagination import CappedPaginator

    paginator = CappedPaginator(Keyed(list(range(6))), 3, cap=6)
    assert (paginator.count, paginator.capped) == (6, False)
    assert list(CappedPaginator(Keyed([]), 3, cap=6).page(1).object_list) == []
