"""Export writers for a municipal questionnaire; each returns an :class:`ExportFile`.

``FORMATS`` maps a format key (as used in URLs) to its ``render(questionnaire)`` function.
"""

from . import xlsform, xlsx
from .base import (
    ExportFile,
    ExportItem,
    ExportOption,
    ExportQuestionnaire,
)

FORMATS = {
    "xlsx": xlsx.render,
    "xlsform": xlsform.render,
}

__all__ = ["FORMATS", "ExportFile", "ExportItem", "ExportOption", "ExportQuestionnaire"]
