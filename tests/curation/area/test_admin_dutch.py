"""What stays of the admin is for technical staff, and fully Dutch: a crawl of the index,
every changelist, add form, change form, history, import and export page as a superuser."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from .conftest import grow

# English that Django, django-import-export or django-axes show when a text is not translated,
# and raw codes that must never be a label.
ENGLISH = [
    r"\bAXES\b",
    r"\bAxes\b",
    r"Access attempts?",
    r"Access logs?",
    r"Access failures?",
    r"This exporter will export",
    r"This importer will import",
    r"\bSelect all\b",
    r"\bSubmit\b",
    r"\bExport\b",
    r"\bImport\b",
    r"\bNone\b",
    r"\bSave\b",
    r"\bHistory\b",
    r"\bSearch\b",
    r"\bDelete\b",
    r"\bAdd\b",
    r"Site administration",
    r"Recent actions",
    r"\bverbatim_en\b",
    r"\bverbatim_label\b",
    r"\bparaphrase\b",
    r"\bunverified\b",
    r"questionsets\.\w+",
    r"Format\b",
    r"Resource\b",
    r"File to import",
    r"Encoding",
]


class VisibleText(HTMLParser):
    """The text a person reads: no scripts, styles, or attribute values except labels."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            if name in ("aria-label", "title", "placeholder") and value:
                self.parts.append(value)
            if tag == "input" and name == "value" and ("type", "submit") in attrs and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def english_in(html: str) -> list[str]:
    parser = VisibleText()
    parser.feed(html)
    text = " ".join(parser.parts)
    return sorted({m.group(0) for pattern in ENGLISH for m in re.finditer(pattern, text)})


def admin_links(html: str, pattern: str) -> list[str]:
    return sorted(set(re.findall(pattern, html)))


@pytest.mark.django_db
def test_the_admin_index_changelists_and_forms_are_dutch(client, curator):
    grow(2)
    client.force_login(curator)
    index = client.get(reverse("admin:index"))
    assert index.status_code == 200
    pages = {"/admin/": index.content.decode()}
    changelists = admin_links(pages["/admin/"], r'href="(/admin/[a-z_]+/[a-z_]+/)"')
    assert len(changelists) > 10
    for url in changelists:
        html = client.get(url).content.decode()
        pages[url] = html
        for extra in ("add/", "import/", "export/"):
            if re.search(f"href=[\"']{re.escape(url + extra)}", html):
                pages[url + extra] = client.get(url + extra).content.decode()
        change = re.search(rf'href="({re.escape(url)}\d+/change/)', html)
        if change:
            pages[change.group(1)] = client.get(change.group(1)).content.decode()
            history = change.group(1).replace("/change/", "/history/")
            pages[history] = client.get(history).content.decode()
    assert any(url.endswith("/import/") for url in pages)
    assert any(url.endswith("/export/") for url in pages)
    assert any(url.endswith("/history/") for url in pages)
    found = {url: english_in(html) for url, html in pages.items()}
    assert {url: words for url, words in found.items() if words} == {}


def test_the_detector_finds_english():
    assert english_in("<h2>AXES</h2><p>This exporter will export the following fields</p>") == [
        r"AXES",
        "This exporter will export",
    ]
    assert english_in("<script>var Export;</script><p>Exporteren</p>") == []


def _sources_upload(rows):
    import tablib
    from django.core.files.uploadedfile import SimpleUploadedFile

    from questionsets.curation.resources import SourceResource
    from questionsets.curation.workbook import write_workbook

    headers = SourceResource().get_export_headers()
    dataset = tablib.Dataset(*[[r.get(h, "") for h in headers] for r in rows], headers=headers)
    return SimpleUploadedFile(
        "bronnen.xlsx",
        write_workbook([("bronnen", dataset)]),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@pytest.mark.django_db
def test_the_import_preview_shows_empty_cells_empty_and_confirms_in_dutch(client, curator):
    from questionsets.models import Source

    Source.objects.create(code="cbs-oud", instrument="Oud", year=2020, edition="2020")
    client.force_login(curator)
    rows = [
        {"code": "cbs-oud", "instrument": "Nieuw", "jaar": "", "editie": ""},
        {"code": "scp-nieuw", "instrument": "COB"},
    ]
    response = client.post(
        reverse("admin:questionsets_source_import"),
        {"format": "0", "import_file": _sources_upload(rows)},
    )
    assert response.status_code == 200
    preview = response.content.decode()
    assert english_in(preview) == []
    assert "style=" not in preview.split('class="import-preview"')[1]
    form = response.context["confirm_form"]
    response = client.post(
        reverse("admin:questionsets_source_process_import"),
        {k: form.initial[k] for k in ("import_file_name", "original_file_name", "format")}
        | {"resource": form.initial.get("resource", "0")},
        follow=True,
    )
    page = response.content.decode()
    assert english_in(page) == []
    assert Source.objects.get(code="cbs-oud").year is None
    messages = [str(m) for m in response.context["messages"]]
    assert messages == [
        "Werkmap geïmporteerd (bronnen): 1 nieuw, 1 bijgewerkt, 0 verwijderd en 0 ongewijzigd."
    ]
