"""A small file with millions of cells is refused in about a second, wherever it is uploaded.

The workbook is real (tests/files/wide_workbook.py): 16,384 columns x 238 rows, 8 MB, which
took a worker some 30-40 s of CPU before the sheet size limits. Times are CPU time of this
process (the test client runs the view in it), so other work on the machine does not count.
"""

import io
import time

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from questionsets.curation.workbook import import_catalogue_workbook
from questionsets.exports.conformance import check_workbook
from questionsets.exports.conformance_readers import ConformanceError
from questionsets.results.tables import read_table
from tests import factories

from .wide_workbook import wide_workbook

TOO_LARGE = "Een werkblad in het bestand is te groot"
LIMIT = 2.0  # seconds of CPU


class Clock:
    def __enter__(self):
        self.start = time.process_time()
        return self

    def __exit__(self, *exc):
        self.seconds = time.process_time() - self.start


def _file(data: bytes, name: str = "wijken.xlsx"):
    file = io.BytesIO(data)
    file.name = name
    return file


@pytest.fixture(params=[True, False], ids=["with-dimension", "without-dimension"])
def wide(request):
    return wide_workbook(dimension=request.param)


def test_the_readers_refuse_the_wide_workbook_quickly(wide):
    with Clock() as clock, pytest.raises(ValidationError) as exc:
        read_table(wide)
    assert TOO_LARGE in exc.value.messages[0] and clock.seconds < LIMIT
    with Clock() as clock, pytest.raises(ConformanceError) as conformance:
        check_workbook(wide, {})
    assert TOO_LARGE in str(conformance.value) and clock.seconds < LIMIT


@pytest.mark.django_db
def test_the_catalogue_import_refuses_the_wide_workbook_quickly(wide):
    with Clock() as clock:
        report = import_catalogue_workbook(wide, dry_run=True)
    assert TOO_LARGE in " ".join(report.errors) and clock.seconds < LIMIT


@pytest.mark.django_db
def test_the_upload_pages_refuse_the_wide_workbook_quickly(client, wide, editor, colleague):
    questionnaire = factories.make_questionnaire(municipality=editor.memberships.get().municipality)
    pages = [
        (
            colleague,
            reverse("questionsets:planner"),
            {"margin": "5", "confidence": "0.95", "response_rate": "30"},
        ),
        (
            editor,
            reverse("questionsets:results-upload", args=[questionnaire.pk]),
            {"kind": "respondents"},
        ),
        (colleague, reverse("questionsets:questionnaire-conformance", args=[questionnaire.pk]), {}),
    ]
    for user, url, fields in pages:
        client.force_login(user)
        with Clock() as clock:
            response = client.post(url, {**fields, "file": _file(wide)})
        assert TOO_LARGE in response.content.decode(), url
        assert clock.seconds < LIMIT, (url, clock.seconds)


def test_a_row_wider_than_the_limit_is_refused_when_the_dimension_is_missing():
    data = wide_workbook(columns=1_500, rows=3, dimension=False)
    with pytest.raises(ValidationError) as exc:
        read_table(data)
    assert TOO_LARGE in exc.value.messages[0]
    with pytest.raises(ConformanceError, match=TOO_LARGE):
        check_workbook(data, {})
