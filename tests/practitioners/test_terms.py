"""The kept vocabularies that name a practitioner's terms: current after any edit."""

import pytest

from education.models import ArticleSection
from practitioners.models import Condition, Language, Practitioner, Technique
from practitioners.search import refresh_search_fields
from practitioners.terms import term_index, terms
from tests.factories import PractitionerFactory

pytestmark = pytest.mark.django_db


def ids(practitioner, relation: str) -> list[int]:
    return getattr(Practitioner.objects.get(pk=practitioner.pk), f"{relation[:-1]}_ids")


def test_term_ids_come_with_the_row_and_are_named_in_the_vocabulary_s_order(
    django_assert_num_queries,
):
    p = PractitionerFactory(conditions=["sciatica", "migraine"], techniques=["tcm"])
    p.languages.set(Language.objects.filter(code__in=["zh", "en"]))
    refresh_search_fields([p.pk])
    term_index()
    with django_assert_num_queries(1):
        row = Practitioner.objects.get(pk=p.pk)  # the ids are kept on the row
        named = {r: terms(r, getattr(row, f"{r[:-1]}_ids")) for r in ("conditions", "techniques")}
        named["languages"] = terms("languages", row.language_ids)
    assert named["conditions"] == list(p.conditions.all())
    assert named["techniques"] == list(p.techniques.all())
    assert named["languages"] == list(p.languages.all())
    assert ids(PractitionerFactory(), "conditions") == []
    assert terms("conditions", None) == []


def test_a_renamed_term_or_its_article_section_is_named_anew():
    p = PractitionerFactory(conditions=["migraine"])
    [before] = terms("conditions", ids(p, "conditions"))
    migraine = Condition.objects.get(slug="migraine")
    migraine.name = "Migraine headache"
    migraine.save()
    [renamed] = terms("conditions", ids(p, "conditions"))
    assert renamed.name == "Migraine headache" != before.name
    section = ArticleSection.objects.exclude(pk=migraine.explained_by_id).first()
    Condition.objects.filter(pk=migraine.pk).update(explained_by=section)  # no signal
    section.save()  # an article edit empties the kept terms too
    [linked] = terms("conditions", ids(p, "conditions"))
    assert linked.explained_by == section


def test_a_term_the_kept_copy_does_not_know_is_read_again():
    term_index()
    # bulk_create sends no signal: as if another process added it.
    [new] = Technique.objects.bulk_create([Technique(slug="cupping", name="Cupping", order=99)])
    p = PractitionerFactory(techniques=[new])
    assert terms("techniques", ids(p, "techniques")) == [new]


def test_the_search_form_chooses_terms_from_the_kept_copy_without_a_query(
    django_assert_num_queries,
):
    from practitioners.terms import TermField, term_index

    term_index()  # kept
    field = TermField(relation="conditions", key="slug")
    with django_assert_num_queries(0):
        [migraine] = field.clean(["migraine"])
    assert migraine.slug == "migraine"
    one = TermField(
        relation="languages", key="code", multiple=False, empty_label="Any", required=False
    )
    with django_assert_num_queries(0):
        assert one.clean("es").code == "es" and one.clean("") is None
        assert one.choices[0] == ("", "Any")


def test_a_term_added_since_the_copy_was_kept_is_read_again_not_refused():
    from django import forms

    from practitioners.models import Condition
    from practitioners.terms import TermField, term_index

    term_index()  # kept before the new condition exists
    Condition.objects.bulk_create([Condition(slug="new-one", name="New one", order=99)])
    field = TermField(relation="conditions", key="slug")
    assert [c.slug for c in field.clean(["new-one"])] == ["new-one"]
    with pytest.raises(forms.ValidationError) as refused:
        field.clean(["no-such-condition"])
    assert refused.value.code == "invalid_choice"
