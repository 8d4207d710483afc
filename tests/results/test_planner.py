"""The oversampling planner: form, upload, htmx fragment, and the computation."""

import io

import pytest
from django.urls import reverse
from openpyxl import Workbook

from questionsets.results import planner

URL = reverse("questionsets:planner")
PARAMS = {"margin": "5", "confidence": "0.95", "response_rate": "30"}


def xlsx_bytes(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(name: str, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


def test_plan_oversample_per_wijk_and_total():
    plan = planner.plan_oversample(
        [("Noord", 1000), ("Zuid", 100)], margin=0.05, confidence=0.95, response_rate=0.3
    )
    assert [(r.wijk, r.net, r.gross) for r in plan.rows] == [
        ("Noord", 278, 927),
        ("Zuid", 80, 100),  # 80 / 0.3 = 267, but Zuid has only 100 inhabitants
    ]
    assert (plan.total.population, plan.total.net, plan.total.gross) == (1100, 358, 1027)
    assert plan.infinite_n == 385
    assert plan.rows[0].margin == 5.0
    assert plan.margin_points == "5" and plan.confidence_percent == "95"


def test_populations_from_text_reports_lines_in_dutch():
    assert planner.populations_from_text("wijk;populatie\nNoord; 12000\nZuid\t800") == [
        ("Noord", 12000),
        ("Zuid", 800),
    ]
    with pytest.raises(Exception) as exc:
        planner.populations_from_text("Noord; veel\nZuid; 0\nNoord; 5")
    messages = exc.value.messages
    assert messages[0] == "regel 1: 'veel' is geen aantal inwoners (een geheel getal groter dan 0)"
    assert messages[1].startswith("regel 2: '0' is geen aantal inwoners")


@pytest.mark.django_db
def test_planner_needs_login(client):
    response = client.get(URL)
    assert response.status_code == 302


@pytest.mark.django_db
def test_planner_get_form_and_get_result(client, colleague, django_assert_num_queries):
    client.force_login(colleague)
    response = client.get(URL)
    assert response.status_code == 200
    assert "Steekproefplanner" in response.content.decode()
    # Queries: session, user, the user's questionnaires (links to their planners). The
    # computation itself reads nothing from the database; an htmx result skips the list.
    with django_assert_num_queries(3, info="planner result"):
        response = client.get(URL, {**PARAMS, "populations": "Noord; 1000\nZuid; 100"})
    body = response.content.decode()
    assert '<td class="num">278</td>' in body and '<td class="num">927</td>' in body
    assert "n₀ = 385" in body
    with django_assert_num_queries(2, info="planner result fragment"):
        client.get(URL, {**PARAMS, "populations": "Noord; 1000"}, HTTP_HX_REQUEST="true")


@pytest.mark.django_db
def test_planner_post_with_xlsx_upload_and_htmx_fragment(client, colleague):
    client.force_login(colleague)
    data = xlsx_bytes([["wijk", "populatie"], ["Noord", 1000], ["Oost", 10000]])
    response = client.post(
        URL, {**PARAMS, "file": upload("wijken.xlsx", data)}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="planner-result"')
    assert '<td class="num">370</td>' in body


@pytest.mark.django_db
def test_planner_csv_upload_with_errors_shows_row_and_column(client, colleague):
    client.force_login(colleague)
    data = b"wijk;populatie\nNoord;1000\nZuid;abc\n"
    response = client.post(URL, {**PARAMS, "file": upload("wijken.csv", data)})
    body = response.content.decode()
    assert response.status_code == 200
    assert "rij 3, kolom &#x27;populatie&#x27;: &#x27;abc&#x27; is geen aantal inwoners" in body


@pytest.mark.django_db
def test_planner_refuses_missing_input_and_oversized_upload(client, colleague, settings):
    client.force_login(colleague)
    response = client.post(URL, PARAMS)
    assert "Vul de wijken en hun aantal inwoners in" in response.content.decode()
    settings.UPLOAD_MAX_BYTES = 1000
    response = client.post(URL, {**PARAMS, "file": upload("big.csv", b"wijk;populatie\n" * 200)})
    assert "Het bestand is te groot" in response.content.decode()
