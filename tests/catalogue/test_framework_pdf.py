"""The framework PDF ("Begrippenkader maatschappelijke onrust"), read back with pypdf.

The full catalogue (fixtures/catalogue.json) is loaded and both PDFs are rendered once for
this module; the tests read the bytes. Text that pypdf extracts from a PDF has line breaks
where the layout wrapped a line, so definitions are compared with runs of whitespace
folded into one space (on both sides) and nothing else changed.
"""

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.utils.text import capfirst
from pypdf import PdfReader
from pypdf.generic import Destination

from questionsets.catalogue import framework
from questionsets.models import Concept, ConceptRelation, Definition

ARTEFACTS = Path(__file__).resolve().parents[2] / "var" / "artefacts"


def fold(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def rendered(django_db_setup, django_db_blocker):
    """Both PDFs of the real catalogue, and what they should show; nothing is kept."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", "--catalogue-only", verbosity=0)
        out = {language: framework.framework_pdf(language)[0] for language in ("nl", "en")}
        read = framework.read_framework()
        out["concepts"] = [c for _label, group in read.groups for c in group]
        out["version"], out["changed"] = read.version, read.changed
        out["sources"] = [s.instrument for s in read.sources]
        # The summaries of the concepts with the most to say: the hardest to fit on a page.
        fullest = sorted(read.concepts, key=summary_length, reverse=True)[:3]
        out["summaries"] = {
            c.slug: framework.concept_summary_pdf(language, c.slug)[0]
            for c in fullest
            for language in ("nl", "en")
        }
        transaction.set_rollback(True)
    return out


def summary_length(concept: Concept) -> int:
    parts = [concept.description, *(d.text for d in concept.definition_list)]
    parts += [r.note + r.kind for r in [*concept.outgoing, *concept.incoming]]
    for indicator in concept.indicator_list:
        parts += [
            indicator.name_nl,
            indicator.computation,
            *(s.name_nl for s in indicator.set_list),
        ]
    return len(" ".join(parts))


def page_of(reader: PdfReader, destination: Destination) -> int:
    return reader.get_destination_page_number(destination)


def named_pages(reader: PdfReader) -> dict[str, int]:
    return {name: page_of(reader, d) for name, d in reader.named_destinations.items()}


def link_targets(reader: PdfReader, page_index: int) -> list[str]:
    """Names of the in-document destinations the links on a page point to."""
    targets = []
    for annotation in reader.pages[page_index].get("/Annots", []):
        annotation = annotation.get_object()
        if annotation.get("/Subtype") != "/Link":
            continue
        action = annotation.get("/A")
        destination = annotation.get("/Dest") or (action.get("/D") if action else None)
        if destination is not None:
            targets.append(str(destination))
    return targets


def test_page_one_links_to_every_concepts_page_inside_the_document(rendered):
    reader = PdfReader(io.BytesIO(rendered["nl"]))
    pages = named_pages(reader)
    on_page_one = set(link_targets(reader, 0))
    for concept in rendered["concepts"]:
        anchor = f"begrip-{concept.slug}"
        assert anchor in on_page_one, concept.name_nl
        text = reader.pages[pages[anchor]].extract_text()
        assert fold(text).startswith(fold(concept.name_nl)), (concept.name_nl, text[:80])
    page_one = fold(reader.pages[0].extract_text())
    assert page_one.startswith("Begrippenkader maatschappelijke onrust")
    for label in ("Sociaal domein", "Beide", "Openbare orde en veiligheid"):
        assert label in page_one


def test_the_bookmarks_are_the_concepts_each_pointing_at_its_page(rendered):
    reader = PdfReader(io.BytesIO(rendered["nl"]))
    outline = reader.outline
    titles = [item.title for item in outline]
    names = [c.name_nl for c in rendered["concepts"]]
    assert titles == ["Begrippen op één pagina", "Inhoud", *names, "Bronnen"]
    pages = named_pages(reader)
    for item, concept in zip(outline[2:-1], rendered["concepts"], strict=True):
        assert page_of(reader, item) == pages[f"begrip-{concept.slug}"]


def test_the_text_of_each_definition_is_in_the_document_on_its_concepts_page(rendered):
    reader = PdfReader(io.BytesIO(rendered["nl"]))
    pages = named_pages(reader)
    definitions = [(c, d) for c in rendered["concepts"] for d in c.definition_list]
    assert len(definitions) >= 5
    for concept, definition in definitions:
        page = fold(reader.pages[pages[f"begrip-{concept.slug}"]].extract_text())
        assert fold(definition.text) in page, definition.text


def test_every_page_carries_the_catalogue_date_and_version(rendered):
    reader = PdfReader(io.BytesIO(rendered["nl"]))
    sources = named_pages(reader)["bronnen"]
    assert sources == len(rendered["concepts"]) + 2  # after the overview, contents, concepts
    stamp = f"catalogus van {rendered['changed']:%Y-%m-%d} · versie {rendered['version']}"
    for number, page in enumerate(reader.pages, start=1):
        text = fold(page.extract_text())
        assert stamp in text and f"{number} / {len(reader.pages)}" in text


def test_the_contents_and_the_sources_are_listed(rendered):
    reader = PdfReader(io.BytesIO(rendered["nl"]))
    contents = fold(reader.pages[1].extract_text())
    assert contents.startswith("Inhoud")
    for concept in rendered["concepts"]:
        assert concept.name_nl in contents
    sources = fold(
        " ".join(p.extract_text() for p in reader.pages[named_pages(reader)["bronnen"] :])
    )
    assert sources.startswith("Bronnen")
    assert len(rendered["sources"]) > 10
    for instrument in rendered["sources"]:
        assert fold(instrument) in sources


def test_the_english_document_names_the_concepts_in_english(rendered):
    reader = PdfReader(io.BytesIO(rendered["en"]))
    page_one = fold(reader.pages[0].extract_text())
    assert page_one.startswith("Conceptual framework of societal unrest")
    titles = [item.title for item in reader.outline]
    assert titles[:2] == ["Concepts on one page", "Contents"] and titles[-1] == "Sources"
    assert titles[2:-1] == [capfirst(c.name_en or c.name_nl) for c in rendered["concepts"]]
    assert "catalogue of" in fold(reader.pages[3].extract_text())


def test_each_concept_summary_fits_on_one_page(rendered):
    for slug, pdf in rendered["summaries"].items():
        assert len(PdfReader(io.BytesIO(pdf)).pages) == 1, slug


def test_the_first_two_pages_render_to_png_as_a_test_artefact(rendered):
    if not shutil.which("pdftoppm"):
        pytest.fail(
            "pdftoppm (Debian poppler-utils) is missing: run `make test`, which installs it."
        )
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    for language in ("nl", "en"):
        pdf = ARTEFACTS / f"begrippenkader-{language}.pdf"
        pdf.write_bytes(rendered[language])
        prefix = ARTEFACTS / f"begrippenkader-{language}"
        subprocess.run(
            ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "2", str(pdf), str(prefix)],
            check=True,
        )
        pngs = sorted(ARTEFACTS.glob(f"begrippenkader-{language}-*.png"))
        assert len(pngs) == 2 and all(p.read_bytes()[:4] == b"\x89PNG" for p in pngs)


# --------------------------------------------------------------------------- cache


@pytest.fixture
def small_catalogue(db):
    cache.clear()
    from ..catalogue_builders import make_catalogue

    return make_catalogue()


@pytest.fixture
def renders(monkeypatch):
    calls = []
    real = framework.render_pdf

    def counting(template, context, language):
        calls.append(language)
        return real(template, context, language)

    monkeypatch.setattr(framework, "render_pdf", counting)
    return calls


def test_an_unchanged_catalogue_reuses_the_cached_pdf(small_catalogue, renders):
    first, _ = framework.framework_pdf("nl")
    Definition.objects.first().save()  # saved again, same content: only the timestamp moves
    second, _ = framework.framework_pdf("nl")
    assert second == first and renders == ["nl"]
    framework.framework_pdf("en")
    assert renders == ["nl", "en"]


def test_the_cache_lives_in_the_database_shared_by_every_app_server(small_catalogue, renders):
    framework.framework_pdf("nl")
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM monitor_cache")
        keys = [row[0] for row in cursor.fetchall()]
    assert any("framework-pdf:nl:" in key for key in keys)


@pytest.mark.parametrize(
    "change",
    [
        lambda: Definition.objects.filter(text__startswith="een gevoel").update(
            text="een gevoel dat het de verkeerde kant op gaat"
        ),
        lambda: Concept.objects.filter(slug="onrust").update(name_en="Unrest"),
        lambda: ConceptRelation.objects.first().delete(),
    ],
    ids=["definition edited", "english name", "relation deleted"],
)
def test_a_change_in_the_catalogue_renders_a_new_pdf(small_catalogue, renders, change):
    before, read_before = framework.framework_pdf("nl")
    change()
    after, read_after = framework.framework_pdf("nl")
    assert renders == ["nl", "nl"] and after != before
    assert read_after.fingerprint != read_before.fingerprint


def test_the_new_pdf_shows_the_changed_definition(small_catalogue):
    Definition.objects.filter(text__startswith="een gevoel").update(
        text="een gevoel dat het de verkeerde kant op gaat"
    )
    reader = PdfReader(io.BytesIO(framework.framework_pdf("nl")[0]))
    text = fold(" ".join(page.extract_text() for page in reader.pages))
    assert "een gevoel dat het de verkeerde kant op gaat" in text


def test_the_download_views_answer_pdfs_and_refuse_unknown_languages(client, small_catalogue):
    response = client.get("/begrippenkader-nl.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert 'filename="begrippenkader-nl-' in response["Content-Disposition"]
    assert client.get("/begrippenkader-de.pdf").status_code == 404
    summary = client.get("/begrippen/onbehagen/samenvatting-en.pdf")
    assert summary.status_code == 200 and len(PdfReader(io.BytesIO(summary.content)).pages) == 1
    assert client.get("/begrippen/bestaat-niet/samenvatting-nl.pdf").status_code == 404


def test_the_printable_summary_page_uses_the_documents_template(client, small_catalogue):
    content = fold(client.get("/begrippen/onbehagen/samenvatting/").content.decode())
    assert 'class="fw-concept" id="begrip-onbehagen"' in content
    assert (
        "een houding van bezorgdheid en pessimisme over maatschappelijke ontwikkelingen" in content
    )
    assert "versie " in content
