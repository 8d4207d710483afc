"""Widgets and fields of the catalogue workbook: text kept byte for byte, natural-key references."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from import_export import widgets
from import_export.fields import Field

SEPARATOR = "|"


def _plain(value) -> str:
    """A cell value as text; whole floats (Excel's numbers) lose their `.0`."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return value if isinstance(value, str) else str(value)


class TextWidget(widgets.Widget):
    """Text kept byte for byte (or stripped, for codes and choice values)."""

    def __init__(self, *, strip: bool = False, formula: bool = True):
        super().__init__()
        self.strip = strip
        self.formula = formula  # False: a value that starts like a formula is refused

    def clean(self, value, row=None, **kwargs):
        text = _plain(value)
        text = text.strip() if self.strip else text
        return text if self.formula else refuse_formula(text)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


def _decimal(text: str) -> Decimal | None:
    """A finite number, or None (``Decimal`` also reads "NaN" and "Infinity")."""
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def refuse_formula(text: str) -> str:
    """A value that starts like a formula is not a value: say so instead of guessing."""
    if text.startswith("="):
        raise ValueError(
            _("'%(value)s' lijkt op een formule; vul de waarde zelf in") % {"value": text}
        )
    return text


def _number(value):
    """A whole float as an int (how the workbook shows numbers), others unchanged."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


class IntWidget(widgets.Widget):
    def __init__(self, *, required: bool = True):
        super().__init__()
        self.required = required

    def clean(self, value, row=None, **kwargs):
        text = _plain(value).strip()
        if not text:
            if self.required:
                raise ValueError(_("vul een geheel getal in"))
            return None
        number = _decimal(text)
        if number is None or number != number.to_integral_value():
            raise ValueError(_("'%(value)s' is geen geheel getal") % {"value": text})
        return int(number)

    def render(self, value, obj=None, **kwargs):
        return value


class BoolWidget(widgets.Widget):
    TRUE = {"ja", "j", "1", "true", "waar", "yes", "x"}
    FALSE = {"nee", "n", "0", "false", "onwaar", "no", ""}

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        text = _plain(value).strip().lower()
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise ValueError(_("'%(value)s' is geen ja of nee") % {"value": _plain(value)})

    def render(self, value, obj=None, **kwargs):
        return _("ja") if value else _("nee")


class RefWidget(widgets.Widget):
    """A natural-key reference, resolved from a dictionary loaded once per import."""

    def __init__(
        self,
        model,
        *,
        unknown: str,
        required: bool = False,
        key: str = "code",
        compact: bool = False,
    ):
        super().__init__()
        self.model = model
        self.unknown = unknown
        self.required = required
        self.key = key
        # compact: keep only {code: pk} (for big tables) and hand out bare instances
        # that carry just the pk and the code.
        self.compact = compact
        self.cache: dict | None = None

    def load(self) -> None:
        if self.compact:
            self.cache = dict(self.model.objects.values_list(self.key, "pk"))
        else:
            self.cache = {getattr(obj, self.key): obj for obj in self.model.objects.all()}

    def lookup(self, code: str):
        if self.cache is None:
            self.load()
        try:
            found = self.cache[code]
        except KeyError:
            raise ValueError(self.unknown % {"code": code}) from None
        return self.model(pk=found, **{self.key: code}) if self.compact else found

    def clean(self, value, row=None, **kwargs):
        code = _plain(value).strip()
        if not code:
            if self.required:
                raise ValueError(_("vul een code in"))
            return None
        return self.lookup(code)

    def render(self, value, obj=None, **kwargs):
        return getattr(value, self.key) if value is not None else ""


class RefListWidget(RefWidget):
    """`a|b|c`: an ordered list of references; unknown or repeated codes are errors."""

    def __init__(self, model, *, unknown: str, sort: bool = False, compact: bool = False):
        super().__init__(model, unknown=unknown, compact=compact)
        self.sort = sort

    def clean(self, value, row=None, **kwargs):
        codes = [c.strip() for c in _plain(value).split(SEPARATOR) if c.strip()]
        repeated = sorted(c for c, n in Counter(codes).items() if n > 1)
        if repeated:
            raise ValueError(_("dubbele code %(codes)s") % {"codes": ", ".join(repeated)})
        problems, found = [], []
        for code in codes:
            try:
                found.append(self.lookup(code))
            except ValueError as exc:
                problems.append(str(exc))
        if problems:
            raise ValueError("; ".join(problems))
        return sorted(found, key=lambda o: getattr(o, self.key)) if self.sort else found

    def render(self, value, obj=None, **kwargs):
        return SEPARATOR.join(getattr(o, self.key) for o in value or [])


def text_field(attribute, column, **kw) -> Field:
    return Field(attribute=attribute, column_name=column, widget=TextWidget(**kw))


def code_field(attribute="code", column="code") -> Field:
    return text_field(attribute, column, strip=True)


class NumberWidget(widgets.Widget):
    """A number (float), or None for an empty cell."""

    def clean(self, value, row=None, **kwargs):
        text = refuse_formula(_plain(value).strip())
        if not text:
            return None
        number = _decimal(text)
        if number is None:
            raise ValueError(_("'%(value)s' is geen getal") % {"value": text})
        return float(number)

    def render(self, value, obj=None, **kwargs):
        return _number(value)


class ChoiceWidget(widgets.Widget):
    """One of a few words in the sheet, each standing for a stored value."""

    def __init__(self, choices: dict[str, str], *, default: str | None = None):
        super().__init__()
        self.choices = choices
        self.default = default

    def clean(self, value, row=None, **kwargs):
        text = refuse_formula(_plain(value).strip())
        if not text and self.default is not None:
            return self.default
        if text in self.choices:
            return self.choices[text]
        listed = ", ".join(self.choices)
        if not text:
            raise ValueError(_("kies uit %(choices)s") % {"choices": listed})
        raise ValueError(
            _("'%(value)s' is geen geldige waarde; kies uit %(choices)s")
            % {"value": text, "choices": listed}
        )

    def render(self, value, obj=None, **kwargs):
        words = {stored: word for word, stored in self.choices.items()}
        return words.get(value, value or "")


def _codes(texts) -> list[int]:
    codes = []
    for text in texts:
        number = _decimal(text)
        if number is None or number != number.to_integral_value():
            raise ValueError(_("'%(value)s' is geen geheel getal") % {"value": text})
        codes.append(int(number))
    repeated = sorted(c for c, n in Counter(codes).items() if n > 1)
    if repeated:
        raise ValueError(_("dubbele code %(codes)s") % {"codes": ", ".join(map(str, repeated))})
    return codes


class CodeListWidget(widgets.Widget):
    """`1|2`: answer codes, stored as a sorted list of integers."""

    def clean(self, value, row=None, **kwargs):
        text = refuse_formula(_plain(value).strip())
        return sorted(_codes(c.strip() for c in text.split(SEPARATOR) if c.strip()))

    def render(self, value, obj=None, **kwargs):
        return SEPARATOR.join(str(c) for c in value or [])


class RecodeWidget(widgets.Widget):
    """`1=0|2=0|3=1`: answer code -> value, stored as {"1": 0, ...} (JSON keys are text)."""

    def clean(self, value, row=None, **kwargs):
        text = refuse_formula(_plain(value).strip())
        pairs = [p.strip() for p in text.split(SEPARATOR) if p.strip()]
        values = [self._value(p) for p in pairs]
        codes = _codes(p.split("=", 1)[0].strip() for p in pairs)
        return {str(code): v for code, v in zip(codes, values, strict=True)}

    @staticmethod
    def _value(pair: str):
        code, _sep, text = pair.partition("=")
        number = _decimal(text.strip())
        if not code.strip() or number is None:
            raise ValueError(
                _("'%(value)s' is geen hercodering; schrijf code=waarde, bijv. 1=0|2=1")
                % {"value": pair}
            )
        return _number(float(number))

    def render(self, value, obj=None, **kwargs):
        items = sorted((value or {}).items(), key=lambda kv: _sort_key(kv[0]))
        return SEPARATOR.join(f"{code}={_number(v)}" for code, v in items)


def _sort_key(code) -> tuple:
    text = str(code)
    return (0, int(text), "") if text.lstrip("-").isdigit() else (1, 0, text)
