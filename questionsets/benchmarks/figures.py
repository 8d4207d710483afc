"""The figures of `make bench`. Each returns Figure rows; the command prints them."""

from __future__ import annotations

import io

import openpyxl

from ..models import Concept, Questionnaire, QuestionSet
from .harness import Figure, capture, median_pair, replay


class PageBench:
    def __init__(self, client, repeat: int):
        self.client = client
        self.repeat = repeat
        self.query_counts: dict[str, int] = {}

    def page(self, name: str, url: str, *, htmx: bool = False, target: float = 2.0) -> Figure:
        headers = {"HX-Request": "true"} if htmx else {}

        def get():
            return self.client.get(url, headers=headers)

        get()  # warm-up before capturing, so one-off caches are not part of the floor
        captured = capture(get)
        if captured.status != 200:
            raise RuntimeError(f"{name}: {url} answered {captured.status}")
        self.query_counts[name] = captured.query_count
        value, floor = median_pair(get, lambda: replay(captured), self.repeat)
        return Figure(name, value, floor, target, note=f"{captured.query_count} queries")


def catalogue_pages(bench: PageBench) -> list[Figure]:
    concept = Concept.objects.order_by("code").first()
    big_set = QuestionSet.objects.filter(code="bs1").first() or QuestionSet.objects.first()
    question = big_set.items.select_related("question_version__question").first()
    return [
        bench.page(
            "search selective, 2 facets",
            "/zoeken/?q=spanningen+eenzaamheid&answer_type=single&domain=sociaal",
        ),
        bench.page(
            "search broad, 2 facets", "/zoeken/?q=vertrouwen&answer_type=single&domain=sociaal"
        ),
        bench.page("search htmx fragment", "/zoeken/?q=vertrouwen&answer_type=single", htmx=True),
        bench.page("concept map", "/"),
        bench.page("concept page", f"/begrippen/{concept.slug}/"),
        bench.page("set page (60 items)", f"/sets/{big_set.code}/"),
        bench.page("question page", f"/vragen/{question.question_version.question.code}/"),
    ]


def builder_pages(bench: PageBench) -> list[Figure]:
    big = Questionnaire.objects.get(title="Bench 1")
    return [
        bench.page("builder page (500 items)", f"/vragenlijsten/{big.pk}/"),
        bench.page("builder htmx fragment (500 items)", f"/vragenlijsten/{big.pk}/", htmx=True),
    ]


def query_count_scaling(bench: PageBench) -> list[tuple[str, int, int]]:
    """Same page with 10x less data: query counts must be identical."""
    big = Questionnaire.objects.get(title="Bench 1")
    small = Questionnaire.objects.get(title="Bench 2")
    big_set = QuestionSet.objects.get(code="bs1")
    small_set = QuestionSet.objects.get(code="bs10")
    pairs = [
        ("builder 500 vs 50 items", f"/vragenlijsten/{big.pk}/", f"/vragenlijsten/{small.pk}/"),
        ("set page 60 vs 5 items", f"/sets/{big_set.code}/", f"/sets/{small_set.code}/"),
        ("search broad vs selective", "/zoeken/?q=vertrouwen", "/zoeken/?q=spanningen+eenzaamheid"),
    ]
    rows = []
    for name, big_url, small_url in pairs:
        counts = [
            capture(lambda u=u: bench.client.get(u)).query_count for u in (big_url, small_url)
        ]
        rows.append((name, *counts))
    return rows


def bare_openpyxl(rows: list[list]) -> bytes:
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Vragenlijst")
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
