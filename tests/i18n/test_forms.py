"""The multilingual text field and digit-tolerant numbers, through real form processing."""

from __future__ import annotations

import re
from decimal import Decimal

from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict

from app.db import LocalizedText
from app.i18n.forms import AtLeastOneLanguage, LocalizedDecimalField, LocalizedIntegerField, MultilingualTextField


class TitleForm(FlaskForm):
    class Meta:
        csrf = False

    title = MultilingualTextField("Title", validators=[AtLeastOneLanguage()], max_length=20)
    optional = MultilingualTextField("Optional", multiline=True)
    capacity = LocalizedIntegerField("Capacity")
    share = LocalizedDecimalField("Share")


def _form(app, data: dict[str, str], **kwargs) -> TitleForm:
    with app.test_request_context(method="POST", data=data):
        form = TitleForm(formdata=MultiDict(data), **kwargs)
        form.validate()
        return form


def test_three_languages_posted_side_by_side(app) -> None:
    form = _form(app, {"title-en": "Workshop", "title-ar": "ورشة عمل", "title-ckb": " وۆرکشۆپ "})
    assert not form.errors
    assert form.title.data == LocalizedText(en="Workshop", ar="ورشة عمل", ckb="وۆرکشۆپ")
    assert form.optional.data == LocalizedText()


def test_one_language_is_enough(app) -> None:
    form = _form(app, {"title-en": "", "title-ar": "", "title-ckb": "وۆرکشۆپ"})
    assert not form.errors
    assert form.title.data.as_dict() == {"ckb": "وۆرکشۆپ"}


def test_no_language_at_all_is_an_error(app) -> None:
    form = _form(app, {"title-en": " ", "title-ar": "", "title-ckb": ""})
    assert form.errors["title"] == ["Enter this in at least one language."]


def test_each_language_is_limited_in_length(app) -> None:
    form = _form(app, {"title-en": "ok", "title-ar": "ا" * 21})
    assert form.errors["title"] == ["العربية: at most 20 characters."]


def test_widget_renders_each_input_with_its_direction(app) -> None:
    with app.test_request_context():
        form = TitleForm(formdata=None, title=LocalizedText(en="<b>x</b>", ar="ورشة"))
        html = str(form.title())
        textarea = str(form.optional())
    inputs = re.findall(r"<input [^>]*>", html)
    assert len(inputs) == 3
    assert 'name="title-en" lang="en" dir="ltr"' in inputs[0]
    assert 'name="title-ar" lang="ar" dir="rtl"' in inputs[1] and 'value="ورشة"' in inputs[1]
    assert 'name="title-ckb" lang="ckb" dir="rtl"' in inputs[2]
    assert "&lt;b&gt;x&lt;/b&gt;" in html and "<b>" not in html  # user text is escaped
    assert textarea.count("<textarea") == 3


def test_existing_value_kept_when_form_not_posted(app) -> None:
    with app.test_request_context():
        form = TitleForm(formdata=None, title=LocalizedText(ar="قديم"))
    assert form.title.data.ar == "قديم"


def test_numbers_in_any_digit_set_are_stored_latin(app) -> None:
    for typed in ("٤٥", "۴۵", "45"):
        form = _form(app, {"title-en": "x", "capacity": typed, "share": "١٢٫٥"})
        assert not form.errors, form.errors
        assert form.capacity.data == 45
        assert form.share.data == Decimal("12.5")


def test_numbers_render_as_text_with_a_numeric_keyboard(app) -> None:
    # type="number" would refuse ٤٥ in the browser.
    with app.test_request_context():
        html = str(TitleForm(formdata=None, capacity=45).capacity())
    assert 'type="text"' in html and 'inputmode="numeric"' in html and 'value="45"' in html


def test_a_word_is_not_a_number(app) -> None:
    form = _form(app, {"title-en": "x", "capacity": "خمسة"})
    assert form.errors["capacity"] == ["Enter a whole number."]
    assert form.capacity.data is None
