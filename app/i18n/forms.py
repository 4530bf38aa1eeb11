"""Form building blocks for three languages: the multilingual text field, digit-tolerant numbers,
and the language switcher."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from wtforms import DecimalField, Field, HiddenField, IntegerField, SelectChoice, SelectField
from wtforms.utils import unset_value
from wtforms.widgets import TextInput
from wtforms.validators import ValidationError

from app.db import LANGUAGES, LocalizedText
from app.i18n.services import language_name, normalise_number, text_direction


class MultilingualTextWidget:
    """Three inputs side by side (English, Arabic, Kurdish), each with its own `dir` and `lang`."""

    def __call__(self, field: MultilingualTextField, **kwargs: Any) -> Markup:
        invalid = " is-invalid" if field.errors else ""
        columns = []
        for lang in LANGUAGES:
            input_id = f"{field.id}-{lang}"
            value = escape(getattr(field.data, lang) if field.data else "")
            common = Markup(
                'id="{id}" name="{id}" lang="{lang}" dir="{dir}" class="form-control{invalid}" '
                'maxlength="{max}"'
            ).format(
                id=input_id, lang=lang, dir=text_direction(lang), invalid=invalid,
                max=field.max_length,
            )
            if field.multiline:
                control = Markup("<textarea {} rows=\"3\">{}</textarea>").format(common, value)
            else:
                control = Markup('<input type="text" {} value="{}">').format(common, value)
            columns.append(
                Markup(
                    '<div class="col-md-4 mb-2"><label class="form-label small text-body-secondary" '
                    'for="{id}" lang="{lang}" dir="{dir}">{name}</label>{control}</div>'
                ).format(
                    id=input_id, lang=lang, dir=text_direction(lang), name=language_name(lang),
                    control=control,
                )
            )
        return Markup('<div class="row g-2 multilingual" id="{}">{}</div>').format(
            field.id, Markup("").join(columns)
        )


class MultilingualTextField(Field):
    """Edits a `LocalizedText`: posted as `<name>-en`, `<name>-ar`, `<name>-ckb`."""

    widget = MultilingualTextWidget()

    def __init__(
        self,
        label: str | None = None,
        validators: list[Any] | None = None,
        *,
        max_length: int = 255,
        multiline: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(label, validators, **kwargs)
        self.max_length = max_length
        self.multiline = multiline

    def process(self, formdata: Any, data: Any = unset_value, extra_filters: Any = None) -> None:
        self.process_errors = []
        if data is unset_value:
            data = self.default() if callable(self.default) else self.default
        self.object_data = data
        self.data = data if isinstance(data, LocalizedText) else LocalizedText.from_mapping(data)
        if formdata is not None:
            keys = [f"{self.name}-{lang}" for lang in LANGUAGES]
            if any(key in formdata for key in keys):
                self.raw_data = [formdata.get(key, "") for key in keys]
                self.data = LocalizedText(*self.raw_data)

    def pre_validate(self, form: Any) -> None:
        too_long = [lang for lang in self.data.languages if len(getattr(self.data, lang)) > self.max_length]
        if too_long:
            raise ValidationError(
                _l(
                    "%(languages)s: at most %(max)d characters.",
                    languages=", ".join(language_name(lang) for lang in too_long),
                    max=self.max_length,
                )
            )


class AtLeastOneLanguage:
    """Required for multilingual text: filled in at least one of the three languages."""

    field_flags = {"required": True}

    def __call__(self, form: Any, field: MultilingualTextField) -> None:
        if not field.data:
            raise ValidationError(_l("Enter this in at least one language."))


class _DigitTolerantNumber:
    """Reads numbers typed with Latin, Arabic-Indic (٠–٩) or Persian (۰–۹) digits; stores Latin.

    Rendered as a text input with a numeric keyboard: browsers refuse ٠–٩ in type="number"."""

    widget = TextInput()
    invalid_message: Any
    input_mode = "numeric"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["render_kw"] = {"inputmode": self.input_mode, **(kwargs.get("render_kw") or {})}
        super().__init__(*args, **kwargs)

    @staticmethod
    def parse(text: str) -> Any:
        raise NotImplementedError

    def process_formdata(self, valuelist: list[Any]) -> None:
        self.data = None
        text = normalise_number(valuelist[0]).replace(",", "") if valuelist and valuelist[0] else ""
        if not text:
            return
        try:
            self.data = self.parse(text)
        except (ValueError, InvalidOperation) as exc:
            raise ValueError(self.invalid_message) from exc


class LocalizedIntegerField(_DigitTolerantNumber, IntegerField):
    invalid_message = _l("Enter a whole number.")
    parse = staticmethod(int)


class LocalizedDecimalField(_DigitTolerantNumber, DecimalField):
    """٫ is read as the decimal point and ٬ as a thousands separator."""

    invalid_message = _l("Enter a number.")
    input_mode = "decimal"
    parse = staticmethod(Decimal)


class LanguageForm(FlaskForm):
    """The language switcher in the navigation bar (a POST, so it carries a CSRF token)."""

    language = SelectField(choices=[SelectChoice(lang, language_name(lang)) for lang in LANGUAGES])
    next = HiddenField()
