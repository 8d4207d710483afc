"""The builder's rows are written in Python (row_html, issue 20): every value escaped, the
same markup the template wrote, and the editor's buttons only for editors."""

from types import SimpleNamespace

from questionsets.questionnaires.builder import VersionNotice
from questionsets.questionnaires.row_html import RowWriter

EVIL = "<script>x</script>\"'&"
SAFE = "&lt;script&gt;x&lt;/script&gt;&quot;&#x27;&amp;"


def _item(**kw):
    version = SimpleNamespace(
        number=1,
        wording_nl=EVIL,
        instruction_nl=EVIL,
        question=SimpleNamespace(code="c01", retired_at=None),
    )
    base = {
        "pk": 7,
        "kind": "national",
        "state": "verified",
        "state_label": "geverifieerd",
        "code": EVIL,
        "wording": "",
        "instruction": "",
        "question_version": version,
        "from_set_id": 3,
        "from_set": SimpleNamespace(
            name_nl=EVIL, intro_nl=EVIL, indivisible=False, order_locked=False
        ),
        "options": [(1, EVIL, False), (9, "Weet niet", True)],
        "derived_from_id": 5,
        "derived_from": SimpleNamespace(number=2, question=SimpleNamespace(code=EVIL)),
        "notice": VersionNotice(
            latest=SimpleNamespace(number=2),
            diff=[("equal", EVIL), ("delete", EVIL), ("insert", EVIL)],
            scale_changed=True,
        ),
    }
    return SimpleNamespace(**{**base, **kw})


def test_every_value_is_escaped():
    html = RowWriter(4, can_edit=True).row(_item(), intro=EVIL)
    assert "<script>" not in html and "\"'&<" not in html
    # code (head and 4 aria-labels), set, intro, wording, instruction, answer, the code
    # it was derived from, 3 diff parts
    assert html.count(SAFE) == 14


def test_a_row_has_the_templates_markup():
    html = RowWriter(4, can_edit=True).row(_item(), intro=EVIL)
    assert html.startswith(
        '<li class="item item-national" id="item-7"><p class="item-head state-verified">'
        f'<b class="item-code">{SAFE}</b> landelijk · geverifieerd · versie 1 · uit {SAFE}</p>'
        f'<p class="item-intro"><span class="visually-hidden">Inleiding van de set: </span>'
        f'{SAFE}</p><p class="item-wording">{SAFE}</p>'
    )
    assert f'<p class="item-options">Antwoorden: 1. {SAFE} · 9. Weet niet (ontbrekend)</p>' in html
    assert '<div class="version-notice" role="note" aria-labelledby="notice-7">' in html
    assert f'<del><span class="visually-hidden">[weg: </span>{SAFE}' in html
    assert f'<ins><span class="visually-hidden">[nieuw: </span>{SAFE}' in html
    assert (
        '<button formaction="/vragenlijsten/4/vragen/7/bijwerken/" id="upgrade-7">'
        "Bijwerken naar versie 2</button>"
    ) in html
    assert (
        '<button formaction="/vragenlijsten/4/vragen/7/behouden/" class="secondary" '
        'id="keep-7">Versie 1 houden'
    ) in html
    assert html.endswith(
        '</div><p class="item-actions"><button formaction="/vragenlijsten/4/vragen/7/'
        f'verplaatsen/" name="direction" value="up" id="up-7" aria-label="Vraag {SAFE} omhoog">'
        '↑ Omhoog</button> <button formaction="/vragenlijsten/4/vragen/7/verplaatsen/" '
        f'name="direction" value="down" id="down-7" aria-label="Vraag {SAFE} omlaag">↓ Omlaag'
        '</button> <a href="/vragenlijsten/4/vragen/7/aanpassen/" '
        f'aria-label="Vraag {SAFE} aanpassen">Aanpassen</a> <button formaction='
        '"/vragenlijsten/4/vragen/7/verwijderen/" class="secondary" id="remove-7" '
        f'aria-label="Vraag {SAFE} verwijderen">Verwijderen</button></p></li>'
    )


def test_readers_get_no_buttons():
    html = RowWriter(4, can_edit=False).row(_item())
    assert "<button" not in html and "item-actions" not in html
    assert "Er is een nieuwere landelijke versie: versie 2." in html


def test_a_plain_local_row_has_only_what_it_holds():
    item = _item(
        kind="local",
        question_version=None,
        from_set_id=None,
        from_set=None,
        options=[],
        derived_from_id=None,
        derived_from=None,
        notice=None,
        code="lok1",
        wording="Hoe gaat het?",
    )
    html = RowWriter(4, can_edit=True).row(item)
    assert html == (
        '<li class="item item-local" id="item-7"><p class="item-head"><b class="item-code">'
        'lok1</b> lokaal</p><p class="item-wording">Hoe gaat het?</p>'
        '<p class="item-actions"><button formaction="/vragenlijsten/4/vragen/7/verplaatsen/" '
        'name="direction" value="up" id="up-7" aria-label="Vraag lok1 omhoog">↑ Omhoog'
        '</button> <button formaction="/vragenlijsten/4/vragen/7/verplaatsen/" '
        'name="direction" value="down" id="down-7" aria-label="Vraag lok1 omlaag">↓ Omlaag'
        '</button> <a href="/vragenlijsten/4/vragen/7/bewerken/" aria-label="Vraag lok1 '
        'bewerken">Bewerken</a> <button formaction="/vragenlijsten/4/vragen/7/verwijderen/" '
        'class="secondary" id="remove-7" aria-label="Vraag lok1 verwijderen">Verwijderen'
        "</button></p></li>"
    )


def test_a_sets_intro_once_before_its_first_question_in_a_section():
    first, second = _item(pk=7, notice=None), _item(pk=8, notice=None)
    out = []
    RowWriter(4, can_edit=False).section([first, second], out)
    block = "".join(out)
    assert block.count("\n") == 1  # a row a line
    assert block.count('<li class="item ') == 2
    assert block.count("item-intro") == 1
    assert block.index("item-intro") < block.index('id="item-8"')


def test_rows_sharing_a_scale_or_a_set_get_the_same_text():
    """A scale's answers and a set's name are written once per page and reused: the
    rows that share them read alike, and an item with other answers gets its own."""
    shared = [(1, "Ja", False), (2, "Nee", False)]
    writer = RowWriter(4, can_edit=False)
    rows = [
        writer.row(_item(pk=pk, notice=None, options=options))
        for pk, options in ((7, shared), (8, shared), (9, [(1, "Nooit", False)]))
    ]
    assert [row.count("Antwoorden: 1. Ja · 2. Nee") for row in rows] == [1, 1, 0]
    assert "Antwoorden: 1. Nooit</p>" in rows[2]


def test_the_rows_escape_as_django_does():
    from django.utils.html import escape as django_escape
    from django.utils.translation import gettext_lazy

    from questionsets.questionnaires import row_html

    for value in (EVIL, "plain", 42, gettext_lazy("Omhoog"), "a&amp;b"):
        assert row_html.escape(value) == django_escape(value)


def test_the_split_urls_are_the_reversed_urls_under_any_script_prefix():
    from django.urls import reverse, set_script_prefix

    from questionsets.questionnaires.row_html import url_parts

    names = ("questionnaire-item-move", "questionnaire-section-rename", "questionnaire-set-remove")
    try:
        for prefix in ("/", "/monitor/"):
            set_script_prefix(prefix)
            for name in names:
                for questionnaire_pk, pk in ((1, 2), (3001, 823998)):
                    head, tail = url_parts(name, questionnaire_pk)
                    expected = reverse(f"questionsets:{name}", args=[questionnaire_pk, pk])
                    assert f"{head}{pk}{tail}" == expected
                    assert expected.startswith(prefix)
    finally:
        set_script_prefix("/")
