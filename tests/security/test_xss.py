"""An XSS corpus stored in every user-entered text, then every page, fragment and export.

The raw payload may never appear in an HTML response (Django escapes it); in exports it
is inert text: xlsx cells are strings, DDI carries it as element text, not as markup.
"""

import io

import openpyxl
import pytest
from django.utils.html import escape
from lxml import etree

from questionsets import models as m

from .. import factories as f
from ..basket import add_local, add_set

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<svg/onload="alert(1)">',
    "javascript:alert(1)",
    '<a href="javascript:alert(1)">klik</a>',
    "{{7*7}}",
    "{% debug %}",
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    '" onmouseover="alert(1)',
    "' onfocus='alert(1)' autofocus='",
    "<iframe src=//example.org></iframe>",
    '<div hx-get="/admin/" hx-trigger="load">x</div>',
    '<div hx-on:click="alert(1)">x</div>',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    "<img src=x onerror=&#97;lert(1)>",
    "\u202e<script>alert(1)</script>",
    "＜script＞alert(1)＜/script＞ <script>alert(2)</script>",
    "<![CDATA[<script>alert(1)</script>]]>",
    "<!--<script>alert(1)//-->",
    '=HYPERLINK("http://example.org","<b>x</b>")',
    "<style>body{display:none}</style>",
]
SPECIAL = set("<>\"'")


@pytest.fixture
def stored(request, editor, municipality):
    payload = request.param
    concept = f.make_concept(name_nl=f"Begrip {payload}")
    question = f.make_question(
        code="xssvraag", concept=concept, version_kw={"wording_nl": f"Vraag {payload}"}
    )
    qset = f.make_question_set(code="xssset", name_nl=f"Set {payload}", questions=[question])
    questionnaire = f.make_questionnaire(municipality=municipality, title=f"Lijst {payload}")
    add_set(questionnaire, qset)
    add_local(questionnaire, wording=f"Lokaal {payload}")
    section = questionnaire.sections.first()
    section.title = f"Onderdeel {payload}"
    section.save(update_fields=["title"])
    local = questionnaire.items.get(kind=m.QuestionnaireItem.Kind.LOCAL)
    return payload, concept, qset, questionnaire, local


def html_pages(concept, qset, questionnaire, local):
    q = questionnaire.pk
    return [
        ("/", {}),
        (f"/begrippen/{concept.slug}/", {}),
        (f"/sets/{qset.code}/", {}),
        ("/vragen/xssvraag/", {}),
        ("/zoeken/?q=Vraag", {}),
        ("/zoeken/?q=Vraag", {"HX-Request": "true"}),
        ("/vragenlijsten/", {}),
        (f"/vragenlijsten/{q}/", {}),
        (f"/vragenlijsten/{q}/", {"HX-Request": "true"}),
        (f"/vragenlijsten/{q}/instellingen/", {}),
        (f"/vragenlijsten/{q}/kopieren/", {}),
        (f"/vragenlijsten/{q}/vragen/{local.pk}/bewerken/", {}),
        (f"/vragenlijsten/{q}/vragen/{local.pk}/bewerken/", {"HX-Request": "true"}),
        (f"/vragenlijsten/{q}/afdrukken/", {}),
        (f"/vragenlijsten/{q}/controle/", {}),
        (f"/vragenlijsten/{q}/resultaten/", {}),
        ("/vragenlijsten/set-toevoegen/?set=xssset", {}),
    ]


@pytest.mark.parametrize("stored", PAYLOADS, indirect=True)
def test_payload_is_escaped_in_pages_fragments_and_admin(client, stored, editor, curator):
    payload, concept, qset, questionnaire, local = stored
    client.force_login(editor)
    pages = html_pages(concept, qset, questionnaire, local)
    seen = 0
    for url, headers in pages:
        response = client.get(url, headers=headers)
        assert response.status_code < 500, url
        body = response.content.decode()
        assert "Content-Security-Policy" in response.headers, url
        seen += escape(payload) in body
        if SPECIAL & set(payload):
            assert payload not in body, url
    assert seen >= 8  # the payload really reached most pages (escaped)
    client.force_login(curator)
    question = m.Question.objects.get(code="xssvraag")
    for url in [
        "/admin/questionsets/question/",
        f"/admin/questionsets/question/{question.pk}/change/",
        f"/admin/questionsets/questionset/{qset.pk}/change/",
        f"/admin/questionsets/concept/{concept.pk}/change/",
        f"/admin/questionsets/questionnaire/{questionnaire.pk}/change/",
    ]:
        body = client.get(url).content.decode()
        if SPECIAL & set(payload):
            assert payload not in body, url


@pytest.mark.parametrize("stored", PAYLOADS, indirect=True)
def test_payload_is_inert_text_in_every_export(client, stored, editor):
    payload, _concept, _qset, questionnaire, _local = stored
    client.force_login(editor)
    base = f"/vragenlijsten/{questionnaire.pk}/export"
    for fmt in ("xlsx", "xlsform"):
        response = client.get(f"{base}/{fmt}/")
        assert response.status_code == 200, fmt
        workbook = openpyxl.load_workbook(io.BytesIO(response.content))
        cells = [c for ws in workbook.worksheets for row in ws.iter_rows() for c in row]
        hits = [c for c in cells if isinstance(c.value, str) and payload in c.value]
        assert hits, fmt
        assert {c.data_type for c in hits} == {"s"}, fmt
    response = client.get(f"{base}/ddi/")
    assert response.status_code == 200
    tree = etree.fromstring(response.content, etree.XMLParser(resolve_entities=False))
    texts = " ".join(t for t in tree.itertext())
    assert payload.replace("\r", "") in texts
    tags = {el.tag.split("}")[-1] for el in tree.iter() if isinstance(el.tag, str)}
    assert not tags & {"script", "img", "svg", "iframe", "style", "a", "div", "math"}
    for fmt in ("csv", "spss", "limesurvey"):
        response = client.get(f"{base}/{fmt}/")
        assert response.status_code in (200, 400), fmt
        assert not response["Content-Type"].startswith("text/html") or payload not in (
            response.content.decode()
        ), fmt
