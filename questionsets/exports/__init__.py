"""Export writers for a municipal questionnaire; each returns an :class:`ExportFile`.

``FORMATS`` maps a format key (as used in URLs) to its ``render(questionnaire)`` function.
"""

from . import csv, ddi, limesurvey, spss, xlsform, xlsx
from .base import (
    ExportError,
    ExportFile,
    ExportItem,
    ExportOption,
    ExportQuestionnaire,
)

FORMATS = {
    "xlsx": xlsx.render,
    "xlsform": xlsform.render,
    "limesurvey": limesurvey.render,
    "spss": spss.render,
    "ddi": ddi.render,
    "csv": csv.render,
}

__all__ = [
    "FORMATS",
    "ExportError",
    "ExportFile",
    "ExportItem",
    "ExportOption",
    "ExportQuestionnaire",
]
