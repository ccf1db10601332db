"""Every field renders through one template (FORM_RENDERER): labels, help, errors, ARIA."""

import datetime
import re

import pytest
from django import forms

from core.forms import (
    DATE_WIDGET,
    IdChoiceField,
    IdMultipleChoiceField,
    SiteFormRenderer,
    bounded_date_field,
    error_summary,
    reason_field,
    required_messages,
    upload_field,
)


class SampleForm(forms.Form):
    name = forms.CharField(help_text="As it appears on your license.", max_length=5)
    notes = forms.CharField(required=False, widget=forms.Textarea)
    rating = forms.ChoiceField(
        choices=[("1", "One"), ("2", "Two")], widget=forms.RadioSelect, help_text="Pick one."
    )
    topics = forms.MultipleChoiceField(
        choices=[("a", "Alpha"), ("b", "Beta")],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    agree = forms.BooleanField(label="I agree")


def invalid() -> SampleForm:
    form = SampleForm({"name": "far too long", "topics": ["zzz"]})
    assert not form.is_valid()
    return form


def tag(html: str, name: str) -> str:
    """The opening tag of the first <name ...> element."""
    return re.search(rf"<{name}\b[^>]*>", html).group(0)


def test_the_site_renderer_is_configured_with_the_one_field_template():
    form = SampleForm()
    assert isinstance(form.renderer, SiteFormRenderer)
    assert form["name"].template_name == "includes/field.html"


def test_a_field_without_errors_is_described_by_its_help_text_only():
    html = SampleForm()["name"].as_field_group()
    assert html.startswith('<div class="field">')
    assert '<label for="id_name">Name</label>' in html
    assert '<p class="help" id="id_name_helptext">As it appears on your license.</p>' in html
    field_input = tag(html, "input")
    assert 'aria-describedby="id_name_helptext"' in field_input
    assert "aria-invalid" not in field_input
    assert "errorlist" not in html


def test_errors_have_an_id_come_before_the_input_and_describe_it():
    html = invalid()["name"].as_field_group()
    assert 'class="field field-has-error"' in html
    assert '<ul class="errorlist" id="id_name_error"><li>' in html
    field_input = tag(html, "input")
    assert 'aria-invalid="true"' in field_input
    assert 'aria-describedby="id_name_helptext id_name_error"' in field_input
    assert html.index('id="id_name_helptext"') < html.index('id="id_name_error"')
    assert html.index('id="id_name_error"') < html.index("<input")


def test_every_error_id_in_the_summary_is_a_field_on_the_page():
    form = invalid()
    page = "".join(field.as_field_group() for field in form)
    for _label, _message, anchor in error_summary(form):
        assert f'id="{anchor}"' in page, anchor


def test_a_radio_group_is_a_fieldset_described_by_its_help_and_errors():
    html = invalid()["rating"].as_field_group()
    fieldset = tag(html, "fieldset")
    assert 'class="field radio-group field-has-error"' in fieldset
    assert 'aria-describedby="id_rating_helptext id_rating_error"' in fieldset
    assert '<legend>Rating <span class="required-note">(required)</span></legend>' in html
    assert '<ul class="errorlist" id="id_rating_error">' in html
    assert '<label class="radio-option" for="id_rating_0"><input type="radio"' in html
    # The fieldset carries the description; the radios are not described twice.
    assert "aria-describedby" not in tag(html, "input")


def test_several_checkboxes_are_a_fieldset_with_a_list():
    html = invalid()["topics"].as_field_group()
    assert 'class="field check-group field-has-error"' in tag(html, "fieldset")
    assert 'aria-describedby="id_topics_error"' in tag(html, "fieldset")
    assert "<legend>Topics</legend>" in html
    assert '<ul class="checkbox-list">' in html
    assert '<label class="check" for="id_topics_0"><input type="checkbox"' in html


def test_a_single_checkbox_sits_inside_its_label():
    html = invalid()["agree"].as_field_group()
    assert html.startswith('<div class="field field-check field-has-error">')
    assert '<ul class="errorlist" id="id_agree_error">' in html
    assert re.search(
        r'<label class="check" for="id_agree"><input type="checkbox" [^>]*'
        r'aria-describedby="id_agree_error"[^>]*> <span>I agree</span></label>',
        html,
    )


def test_ids_follow_the_forms_prefix():
    form = SampleForm({"decide-name": ""}, prefix="decide")
    form.is_valid()
    html = form["name"].as_field_group()
    assert '<label for="id_decide-name">' in html
    assert 'id="id_decide-name_error"' in html
    assert 'aria-describedby="id_decide-name_helptext id_decide-name_error"' in tag(html, "input")


def test_required_messages_word_only_the_missing_value_error():
    assert required_messages(city="Enter the city.", state="Choose the state.") == {
        "city": {"required": "Enter the city."},
        "state": {"required": "Choose the state."},
    }


def test_an_upload_field_is_optional_and_offers_only_the_accepted_types():
    field = upload_field("Proof", accept="application/pdf,.pdf", help_text="A PDF.")
    assert not field.required
    assert (field.label, field.help_text) == ("Proof", "A PDF.")
    assert isinstance(field.widget, forms.FileInput)
    assert field.widget.attrs == {"accept": "application/pdf,.pdf"}


def test_a_reason_field_is_a_textarea_of_up_to_2000_characters_by_default():
    field = reason_field("Reason", missing="Give a reason.", help_text="They read it.")
    assert field.required and field.max_length == 2000
    assert (field.label, field.help_text) == ("Reason", "They read it.")
    assert field.error_messages["required"] == "Give a reason."
    assert isinstance(field.widget, forms.Textarea)
    assert field.widget.attrs == {"cols": "40", "rows": 3, "maxlength": "2000"}


def test_a_reason_field_can_be_optional_shorter_and_larger():
    field = reason_field(required=False, max_length=1000, rows=4)
    assert not field.required and field.label is None
    assert field.error_messages["required"] == "This field is required."
    assert field.widget.attrs["rows"] == 4 and field.widget.attrs["maxlength"] == "1000"


def test_the_date_widget_is_a_native_date_picker_with_iso_values():
    html = forms.DateField(widget=DATE_WIDGET).widget.render("d", datetime.date(2027, 3, 5))
    assert html == '<input type="date" name="d" value="2027-03-05">'


# Choice fields over integer ids


@pytest.fixture
def conditions(db):
    from practitioners.models import Condition

    return Condition.objects.order_by("pk")


@pytest.mark.parametrize(
    "value", ["9999999999999999999999999", str(2**63), "²", "٣", "-1", "1.5", "", "x"]
)
def test_a_multiple_choice_of_a_bad_or_out_of_range_id_is_a_form_error(conditions, value):
    field = IdMultipleChoiceField(queryset=conditions)
    with pytest.raises(forms.ValidationError) as raised:
        field.clean([str(conditions[0].pk), value])
    assert raised.value.code == "invalid_choice"
    assert "Select a valid choice" in raised.value.messages[0]


def test_a_multiple_choice_of_real_ids_still_chooses_them(conditions):
    wanted = list(conditions[:2])
    chosen = IdMultipleChoiceField(queryset=conditions).clean([str(c.pk) for c in wanted])
    assert sorted(chosen, key=lambda c: c.pk) == wanted


@pytest.mark.parametrize("value", ["9999999999999999999999999", "٣", "١", "²"])
def test_a_single_choice_of_a_bad_or_out_of_range_id_is_a_form_error(conditions, value):
    with pytest.raises(forms.ValidationError, match="Select a valid choice"):
        IdChoiceField(queryset=conditions).clean(value)


def test_a_single_choice_of_a_real_id_still_chooses_it(conditions):
    assert IdChoiceField(queryset=conditions).clean(str(conditions[2].pk)) == conditions[2]


def test_a_choice_by_slug_is_left_to_the_database(conditions):
    field = IdMultipleChoiceField(queryset=conditions, to_field_name="slug")
    assert list(field.clean([conditions[0].slug])) == [conditions[0]]


@pytest.mark.parametrize("day", [datetime.date(1999, 12, 31), datetime.date(9999, 12, 31)])
def test_a_bounded_date_refuses_a_day_outside_the_range_with_a_message(day):
    field = bounded_date_field("From")
    with pytest.raises(forms.ValidationError) as raised:
        field.clean(day.isoformat())
    assert raised.value.messages == ["Choose a date between 2000-01-01 and 2100-12-31."]
