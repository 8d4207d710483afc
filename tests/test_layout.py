"""The layout promises of the README's "Where things are": checked, so they stay true."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PRODUCT = [p for d in ("questionsets", "monitor") for p in sorted((ROOT / d).rglob("*.py"))]
MAX_LINES = 550  # "no module over about 500 lines"


def _imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def test_the_product_never_imports_the_bench():
    importers = [
        str(p.relative_to(ROOT))
        for p in PRODUCT
        if any(m == "bench" or m.startswith("bench.") for m in _imported_modules(p))
    ]
    assert importers == []


def test_no_product_module_grows_past_about_500_lines():
    too_long = {
        str(p.relative_to(ROOT)): n
        for p in PRODUCT
        if "migrations" not in p.parts
        and (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert too_long == {}


def test_each_capability_has_its_views_urls_and_templates_in_its_own_folder():
    for capability in ("catalogue", "questionnaires", "exports", "results"):
        folder = ROOT / "questionsets" / capability
        assert (folder / "views.py").is_file(), capability
        assert (folder / "urls.py").is_file(), capability
        assert any((folder / "templates" / "questionsets").glob("*.html")), capability
