"""DDI Codebook 2.5 (namespace ``ddi:codebook:2_5``), FORMATS.md §3.

Structure: ``codeBook`` with a ``docDscr`` and ``stdyDscr`` citation (title, municipality as
``IDNo`` agency, catalogue version and export date), then ``dataDscr`` with one ``varGrp``
(type ``section``) per section and one ``var`` per item:

* ``@name`` = the item code, ``@ID`` = ``V_<code>``;
* ``labl`` = the wording, ``qstn`` with ``preQTxt`` (the intro of the item's set, on every
  item of the set), ``qstnLit`` (the exact
  wording, Dutch and, where present, English with ``xml:lang``) and ``ivuInstr``
  (the instruction); ``responseDomainType`` category / multiple / numeric / text;
* ``catgry`` per option with ``catValu`` and ``labl``, ``missing="Y"`` for missing codes;
* ``concept`` per indicator, ``varFormat``, and ``notes`` of type ``soort``, ``versie``,
  ``vingerafdruk``, ``bron``, ``vergelijkbaarheid`` (the item's state in the builder's words),
  ``afgeleid-van`` and ``niet-vergelijkbaar``.

Written with lxml, so escaping is automatic. Control characters that XML 1.0 cannot hold are
dropped. Validate with the official schema (see tests/exports/test_ddi.py).
"""

from __future__ import annotations

from lxml import etree

from .base import ExportFile, ExportItem, ExportQuestionnaire, strip_illegal_chars

CONTENT_TYPE = "application/xml"
NS = "ddi:codebook:2_5"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
RESPONSE_DOMAIN = {
    "single": "category",
    "multiple": "multiple",
    "numeric": "numeric",
    "text": "text",
}


def _el(parent, tag: str, text: str | None = None, **attrs) -> etree._Element:
    element = etree.SubElement(parent, f"{{{NS}}}{tag}")
    for key, value in attrs.items():
        element.set(XML_LANG if key == "lang" else key, value)
    if text is not None:
        element.text = strip_illegal_chars(text)
    return element


def var_id(item: ExportItem) -> str:
    return f"V_{item.code}"


def _citation(parent, q: ExportQuestionnaire) -> None:
    citation = _el(parent, "citation")
    titl_stmt = _el(citation, "titlStmt")
    _el(titl_stmt, "titl", q.title)
    _el(titl_stmt, "IDNo", f"{q.municipality_code}-{q.year}", agency=q.municipality_name)
    ver_stmt = _el(citation, "verStmt")
    _el(
        ver_stmt,
        "version",
        f"catalogusversie {q.catalogue_version}",
        date=q.exported_at.date().isoformat(),
    )


def _var(parent, item: ExportItem) -> None:
    var = _el(
        parent,
        "var",
        ID=var_id(item),
        name=item.code,
        intrvl="contin" if item.answer_type == "numeric" else "discrete",
    )
    _el(var, "labl", item.wording_nl)
    qstn = _el(parent=var, tag="qstn", responseDomainType=RESPONSE_DOMAIN[item.answer_type])
    if item.intro_nl:
        _el(qstn, "preQTxt", item.intro_nl, lang="nl")
        if item.intro_en:
            _el(qstn, "preQTxt", item.intro_en, lang="en")
    _el(qstn, "qstnLit", item.wording_nl, lang="nl")
    if item.wording_en:
        _el(qstn, "qstnLit", item.wording_en, lang="en")
    if item.instruction_nl:
        _el(qstn, "ivuInstr", item.instruction_nl, lang="nl")
    if item.instruction_en:
        _el(qstn, "ivuInstr", item.instruction_en, lang="en")
    for option in item.options:
        catgry = _el(var, "catgry", missing="Y") if option.is_missing else _el(var, "catgry")
        _el(catgry, "catValu", str(option.code))
        _el(catgry, "labl", option.label_nl, lang="nl")
        if option.label_en:
            _el(catgry, "labl", option.label_en, lang="en")
    for code in item.indicator_codes:
        _el(var, "concept", code, vocab="indicator")
    _el(var, "varFormat", type="character" if item.answer_type == "text" else "numeric")
    notes = [
        ("soort", item.kind),
        ("versie", "" if item.version is None else str(item.version)),
        ("vingerafdruk", item.fingerprint),
        ("bron", item.source_label),
        ("schaal", item.scale_code),
        ("vergelijkbaarheid", item.comparability),
        ("afgeleid-van", item.derived_from),
        ("niet-vergelijkbaar", item.not_comparable_reason),
    ]
    for kind, value in notes:
        if value:
            _el(var, "notes", value, type=kind)


def build_tree(q: ExportQuestionnaire) -> etree._Element:
    root = etree.Element(
        f"{{{NS}}}codeBook", nsmap={None: NS}, version="2.5", ID=f"vragenlijst-{q.slug()}"
    )
    root.set(XML_LANG, "nl")
    doc = _el(root, "docDscr")
    _citation(doc, q)
    study = _el(root, "stdyDscr")
    _citation(study, q)
    data = _el(root, "dataDscr")
    for n, section in enumerate(q.sections(), start=1):
        group = _el(
            data,
            "varGrp",
            ID=f"G{n}",
            type="section",
            var=" ".join(var_id(i) for i in section.items),
        )
        _el(group, "labl", section.title)
    for item in q.items:
        _var(data, item)
    return root


def render(q: ExportQuestionnaire) -> ExportFile:
    data = etree.tostring(build_tree(q), xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return ExportFile(q.filename("ddi.xml"), CONTENT_TYPE, data)
