"""Numbers as Dutch people type them: a dot groups thousands, a comma starts the decimals.

"55.000" is 55000, "1.234,5" is 1234.5 and "55000" is 55000. What could be read two ways
("55,000": English thousands or a Dutch decimal) or only the English way ("12.5") is
refused with a message that says what to type instead.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.utils import formats
from django.utils.translation import gettext as _

MAX_LENGTH = 30
_SPACES = "[ \u00a0\u202f]"
DUTCH = re.compile(r"-?[0-9]+(,[0-9]+)?")
DUTCH_GROUPED = re.compile(
    rf"-?[0-9]{{1,3}}(?:(?:\.[0-9]{{3}})+|(?:{_SPACES}[0-9]{{3}})+)(,[0-9]+)?"
)
ENGLISH_GROUPED = re.compile(r"-?[1-9][0-9]{0,2}(,[0-9]{3})+")
ENGLISH_DECIMAL = re.compile(r"-?[0-9]+\.[0-9]+")


class NumberError(ValueError):
    """A Dutch message saying why the text is no number and what to type instead."""


def parse_dutch_number(value) -> Decimal:
    """The number in `value` (text as typed, or a number from a spreadsheet cell)."""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        number = Decimal(value) if not isinstance(value, float) else Decimal(repr(value))
        if not number.is_finite():
            raise NumberError(_not_a_number(value))
        return number
    text = str(value).strip()
    if len(text) > MAX_LENGTH:
        raise NumberError(_not_a_number(text))
    if DUTCH_GROUPED.fullmatch(text):
        return _decimal(re.sub(rf"[.]|{_SPACES}", "", text).replace(",", "."))
    if ENGLISH_GROUPED.fullmatch(text):
        raise NumberError(_ambiguous(text))
    if DUTCH.fullmatch(text):
        return _decimal(text.replace(",", "."))
    if ENGLISH_DECIMAL.fullmatch(text):
        message = _(
            "'%(value)s' is geen Nederlands getal: een punt staat voor duizendtallen, een komma "
            "voor decimalen. Bedoelt u een kommagetal, typ dan %(dutch)s."
        )
        raise NumberError(message % {"value": text, "dutch": text.replace(".", ",")})
    raise NumberError(_not_a_number(text))


def _decimal(text: str) -> Decimal:
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the patterns admit digits only
        raise NumberError(_not_a_number(text)) from None


def _ambiguous(text: str) -> str:
    whole = text.replace(",", "")
    values = {"value": text, "plain": whole, "dotted": format_dutch_integer(int(whole))}
    if text.count(",") > 1:
        message = _(
            "'%(value)s' is geen Nederlands getal: een punt staat voor duizendtallen, een "
            "komma voor decimalen. Bedoelt u %(plain)s, typ dan %(plain)s of %(dotted)s."
        )
        return message % values
    decimal = format_dutch_decimal(Decimal(text.replace(",", ".")))
    message = _(
        "'%(value)s' is niet eenduidig: in het Nederlands staat een komma voor decimalen. "
        "Bedoelt u %(plain)s, typ dan %(plain)s of %(dotted)s; bedoelt u %(decimal)s, "
        "typ dan %(decimal)s."
    )
    return message % {**values, "decimal": decimal}


def _not_a_number(value) -> str:
    text = str(value)
    shown = text if len(text) <= 20 else text[:19] + "…"
    return _(
        "'%(value)s' is geen getal. Typ bijvoorbeeld 55000, 55.000 of 2,5 (een punt voor "
        "duizendtallen, een komma voor decimalen)."
    ) % {"value": shown}


def format_shown(number, decimals: int | None = None) -> str:
    """A number for reading, in the active language: 82.0 -> '82,0' in Dutch and '82.0' in
    English. No thousands separator (USE_THOUSAND_SEPARATOR stays off, so years and counts
    read alike). For the screen only: exports and form fields keep their own formats."""
    return formats.number_format(number, decimals)


def format_count(number: int) -> str:
    """A count or limit in a message, grouped in the active language: '12.000' / '12,000'."""
    return formats.number_format(number, force_grouping=True)


def format_dutch_integer(number: int) -> str:
    """12000 -> '12.000'."""
    return f"{number:,}".replace(",", ".")


def format_dutch_decimal(number: Decimal) -> str:
    """Decimal('2.5') -> '2,5', Decimal('5.0') -> '5'."""
    text = format(number.normalize(), "f")
    return text.replace(".", ",")
