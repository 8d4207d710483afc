"""The planner reads Dutch numbers: a dot groups thousands, a comma starts the decimals."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from questionsets.results import planner
from questionsets.results.numbers import parse_dutch_number

URL = reverse("questionsets:planner")
PARAMS = {"margin": "5", "confidence": "0.95", "response_rate": "30"}


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("55000", Decimal(55000)),
        ("55.000", Decimal(55000)),
        ("1.234.567", Decimal(1234567)),
        ("1.234,5", Decimal("1234.5")),
        ("2,5", Decimal("2.5")),
        ("0,125", Decimal("0.125")),
        (" 12 000 ", Decimal(12000)),
        ("12\u00a0000", Decimal(12000)),
        ("7", Decimal(7)),
    ],
)
def test_dutch_numbers_are_read(text, number):
    assert parse_dutch_number(text) == number


def test_ambiguous_comma_is_refused_with_what_to_type():
    with pytest.raises(ValueError) as exc:
        parse_dutch_number("55,000")
    assert str(exc.value) == (
        "'55,000' is niet eenduidig: in het Nederlands staat een komma voor decimalen. "
        "Bedoelt u 55000, typ dan 55000 of 55.000; bedoelt u 55, typ dan 55."
    )
    with pytest.raises(ValueError) as exc:
        parse_dutch_number("1,500")
    assert "bedoelt u 1,5, typ dan 1,5." in str(exc.value)


@pytest.mark.parametrize(
    "text",
    [
        "12.5",
        "1.2345",
        "55.00",
        "1,234,567",
        "abc",
        "1e5",
        "NaN",
        "Infinity",
        "1,2,3",
        "",
        "--5",
        "5-",
        "٥٥",
        "1.234.56",
        "9" * 40,
    ],
)
def test_other_input_is_refused_with_a_dutch_message(text):
    with pytest.raises(ValueError) as exc:
        parse_dutch_number(text)
    message = str(exc.value)
    assert "komma" in message or "getal" in message, message


def test_a_dot_with_decimals_gets_a_hint_to_use_the_comma():
    with pytest.raises(ValueError) as exc:
        parse_dutch_number("12.5")
    assert "typ dan 12,5" in str(exc.value)


def test_pasted_districts_read_dutch_numbers():
    text = 'wijk;inwoners\nNoord; 55.000\nZuid, 1.234\nOost\t800\n"West, oud";12000'
    assert planner.populations_from_text(text) == [
        ("Noord", 55000),
        ("Zuid", 1234),
        ("Oost", 800),
        ("West, oud", 12000),
    ]


def test_pasted_districts_report_each_line_in_dutch():
    with pytest.raises(ValidationError) as exc:
        planner.populations_from_text("Noord; 55,000\nZuid; 1.234,5\nOost,12,5\nWest; 55.000")
    messages = exc.value.messages
    assert messages[0].startswith("regel 1: '55,000' is niet eenduidig")
    assert messages[1] == (
        "regel 2: '1.234,5' is geen aantal inwoners (een geheel getal groter dan 0)"
    )
    assert messages[2] == (
        "regel 3: meer dan twee velden; scheid de naam van de wijk en het aantal inwoners "
        "met een puntkomma, bijvoorbeeld: Noord; 12.000"
    )
    assert len(messages) == 3


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [
        b'wijk,inwoners\nNoord,55.000\nZuid,"1.234"\n',
        b"wijk;inwoners\r\nNoord;55.000\r\nZuid;1.234\r\n",
        "\ufeffWijk;Inwoners\nNoord;55.000\nZuid;1234\n".encode(),
    ],
    ids=["comma", "semicolon", "bom-and-case"],
)
def test_district_csv_with_dutch_numbers(client, colleague, data):
    client.force_login(colleague)
    response = client.post(URL, {**PARAMS, "file": SimpleUploadedFile("wijken.csv", data)})
    body = response.content.decode()
    assert response.status_code == 200
    assert '<th scope="row">Noord</th>' in body and '<td class="num">55000</td>' in body
    assert '<td class="num">1234</td>' in body


@pytest.mark.django_db
def test_district_csv_errors_name_row_and_column(client, colleague):
    client.force_login(colleague)
    data = b"wijk;inwoners\nNoord;55,000\nZuid;12.5\n"
    response = client.post(URL, {**PARAMS, "file": SimpleUploadedFile("wijken.csv", data)})
    body = response.content.decode()
    assert "rij 2, kolom &#x27;inwoners&#x27;: &#x27;55,000&#x27; is niet eenduidig" in body
    assert "rij 3, kolom &#x27;inwoners&#x27;: &#x27;12.5&#x27;" in body
    assert "planner-table" not in body


@pytest.mark.django_db
def test_margin_and_response_rate_take_a_decimal_comma(client, colleague):
    client.force_login(colleague)
    params = {"margin": "2,5", "confidence": "0.95", "response_rate": "12,5"}
    response = client.post(URL, {**params, "populations": "Noord; 55.000"})
    body = response.content.decode()
    assert "± 2,5 procentpunt" in body and "12,5% verwachte respons" in body
    response = client.post(URL, {**params, "margin": "2.5", "populations": "Noord; 55.000"})
    assert "typ dan 2,5" in response.content.decode()
    assert "planner-table" not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "fields",
    [
        {"populations": "Noord; " + "9" * 500},
        {"populations": "Noord; 1.000.000.000.000"},
        {"populations": "\x00\x01\x02;;;\n;\n,,,,\n\t\t"},
        {"populations": "Noord; 1000", "margin": "1e999"},
        {"populations": "Noord; 1000", "margin": "0"},
        {"populations": "Noord; 1000", "margin": "NaN"},
        {"populations": "Noord; 1000", "response_rate": "-5"},
        {"populations": "Noord; 1000", "confidence": "2"},
        {"populations": ("Noord; 1000\n" * 20000)},
        {"file": b"\x89PNG\r\n\x1a\n\x00\x00"},
        {"file": b"%PDF-1.4\n"},
        {"file": b"$FL2" + b"\x00" * 100},
        {"file": b"wijk;inwoners\n" + "Ñoord;1\n".encode("cp1252")},
        {"file": b""},
    ],
)
def test_garbage_never_gives_a_server_error(client, colleague, fields):
    client.force_login(colleague)
    data = {**PARAMS, **fields}
    if "file" in data:
        data["file"] = SimpleUploadedFile("wijken.csv", data["file"])
    response = client.post(URL, data)
    assert response.status_code == 200
