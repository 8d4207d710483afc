"""Texts that survey tools would not show literally.

XLSForm reads `${name}` in a label as the answer to question `name` (pyxform refuses an
unknown name, and shows the respondent an earlier answer for a known one); LimeSurvey's
Expression Manager evaluates `{...}`. Neither has an escape that keeps the text as it is, so
curly braces are refused wherever a text that goes into a questionnaire is typed: the
builder's forms, the curators' new-version form and the catalogue's Excel import.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

SURVEY_SYNTAX = ("{", "}")
SURVEY_SYNTAX_MESSAGE = _(
    "Accolades { } kunnen niet in deze tekst: enquêtetools lezen ze als verwijzing naar "
    "een antwoord (${...} in XLSForm, {...} in LimeSurvey). Laat ze weg of gebruik ( )."
)


def has_survey_syntax(text: str) -> bool:
    return any(mark in text for mark in SURVEY_SYNTAX)


def validate_no_survey_syntax(value) -> None:
    if isinstance(value, str) and has_survey_syntax(value):
        raise ValidationError(str(SURVEY_SYNTAX_MESSAGE), code="survey_syntax")
