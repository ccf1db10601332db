import pytest
from django.http import QueryDict

from practitioners.filters import PractitionerFilterSet


def test_each_search_has_its_own_filters_pointing_at_it():
    one = PractitionerFilterSet(QueryDict("condition=sciatica"))
    two = PractitionerFilterSet(QueryDict("language=es"))
    for name, filter_ in one.filters.items():
        assert filter_ is not two.filters[name]
        assert filter_ is not PractitionerFilterSet.base_filters[name]
        assert filter_.parent is one
        assert two.filters[name].parent is two
    # The class's own filters are never pointed at a search.
    assert all(
        getattr(f, "parent", None) is None for f in PractitionerFilterSet.base_filters.values()
    )


@pytest.mark.django_db
def test_one_search_s_bad_value_does_not_reach_another():
    bad = PractitionerFilterSet(QueryDict("max_fee=cheap&radius=7"))
    good = PractitionerFilterSet(QueryDict("max_fee=80&radius=10"))
    assert not bad.is_valid()
    assert set(bad.form.errors) == {"max_fee", "radius"}
    assert good.is_valid(), good.form.errors
    assert good.form.cleaned_data["max_fee"] == 80
    assert bad.form.fields["max_fee"] is not good.form.fields["max_fee"]


@pytest.mark.django_db
def test_each_search_filters_through_its_own_methods():
    from tests.factories import PractitionerFactory

    PractitionerFactory(first_name="Mei", last_name="Chen", conditions=["migraine"])
    PractitionerFactory(first_name="Ana", last_name="Silva", conditions=["sciatica"])
    migraine = PractitionerFilterSet(QueryDict("condition=migraine&verified=0"))
    sciatica = PractitionerFilterSet(QueryDict("condition=sciatica&verified=0"))
    for filterset, name in ((migraine, "Mei Chen"), (sciatica, "Ana Silva")):
        results = filterset.results()
        assert [p.full_name for p in results.load(results.keys())] == [name]
