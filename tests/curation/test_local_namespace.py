"""National and local question codes live in separate namespaces ('lok...' is local)."""

import pytest

from questionsets.curation.workbook import import_catalogue_workbook
from questionsets.models import Question

from .test_resources import catalogue, question_row, workbook  # noqa: F401

pytestmark = pytest.mark.django_db


def test_a_national_code_in_the_local_namespace_is_a_row_error(catalogue):  # noqa: F811
    report = import_catalogue_workbook(workbook(vragen=[question_row("lok1")]))
    assert not report.ok
    assert len(report.all_errors()) == 1
    error = report.all_errors()[0]
    assert error.startswith("blad 'vragen', rij 2, kolom 'code':")
    assert "lokale vragen gereserveerd" in error
    assert not Question.objects.filter(code="lok1").exists()
