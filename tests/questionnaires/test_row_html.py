"""The builder's rows are written in Python (row_html, issue 20): every value escaped, the
same markup the template wrote, and the editor's buttons only for editors."""

from types import SimpleNamespace

from django.utils.safestring import SafeString

from questionsets.questionnaires.builder import VersionNotice
from questionsets.questionnaires.row_html import item_row, section_rows
from questionsets.questionnaires.rows import row_labels

EVIL = "<script>x</script>\"'&"
SAFE = "&lt;script&gt;x&lt;/script&gt;&quot;&#x27;&amp;"


def _item(**kw):
    base = {
        "key": "7",
        "kind": "national",
        "kind_label": "landelijk",
        "is_national": True,
        "state": "verified",
        "state_label": "geverifieerd",
        "code": EVIL,
        "about": f" · versie 1 · uit {EVIL}",
        "intro": EVIL,
        "wording_text": EVIL,
        "instruction_text": EVIL,
        "options_text": f"Antwoorden: 1. {EVIL}",
        "derived_text": EVIL,
        "notice": VersionNotice(
            latest=SimpleNamespace(number=2),
            diff=[("equal", EVIL), ("delete", EVIL), ("insert", EVIL)],
            scale_changed=True,
        ),
        "question_version": SimpleNamespace(
            number=1, question=SimpleNamespace(code="c01", retired_at=None)
        ),
        "urls": {"upgrade": "/u/7/", "keep": "/k/7/"},
        "actions": '<p class="item-actions">ACTIONS</p>',
    }
    return SimpleNamespace(**{**base, **kw})


def test_every_value_is_escaped():
    html = item_row(_item(), row_labels(), can_edit=True)
    assert "<script>" not in html and "\"'&<" not in html
    # code, about, intro, wording, instruction, options, derived, 3 diff parts
    assert html.count(SAFE) == 10


def test_a_row_has_the_templates_markup():
    html = item_row(_item(), row_labels(), can_edit=True)
    assert html.startswith(
        '<li class="item item-national" id="item-7"><p class="item-head state-verified">'
        f'<b class="item-code">{SAFE}</b> landelijk · geverifieerd · versie 1 · uit {SAFE}</p>'
        f'<p class="item-intro"><span class="visually-hidden">Inleiding van de set: </span>'
        f'{SAFE}</p><p class="item-wording">{SAFE}</p>'
    )
    assert '<div class="version-notice" role="note" aria-labelledby="notice-7">' in html
    assert f'<del><span class="visually-hidden">[weg: </span>{SAFE}' in html
    assert f'<ins><span class="visually-hidden">[nieuw: </span>{SAFE}' in html
    assert '<button formaction="/u/7/" id="upgrade-7">Bijwerken naar versie 2</button>' in html
    assert '<button formaction="/k/7/" class="secondary" id="keep-7">Versie 1 houden' in html
    assert html.endswith('</div><p class="item-actions">ACTIONS</p></li>')


def test_readers_get_no_buttons():
    html = item_row(_item(), row_labels(), can_edit=False)
    assert "<button" not in html and "ACTIONS" not in html
    assert "Er is een nieuwere landelijke versie: versie 2." in html


def test_a_plain_local_row_has_only_what_it_holds():
    item = _item(
        kind="local",
        kind_label="lokaal",
        is_national=False,
        about="",
        intro="",
        instruction_text="",
        options_text="",
        derived_text="",
        notice=None,
        code="lok1",
        wording_text="Hoe gaat het?",
    )
    html = item_row(item, row_labels(), can_edit=True)
    assert html == (
        '<li class="item item-local" id="item-7"><p class="item-head"><b class="item-code">'
        'lok1</b> lokaal</p><p class="item-wording">Hoe gaat het?</p>'
        '<p class="item-actions">ACTIONS</p></li>'
    )


def test_a_section_is_one_safe_block():
    block = section_rows([_item(), _item(key="8")], row_labels(), can_edit=False)
    assert isinstance(block, SafeString)
    assert block.count('<li class="item ') == 2


def test_the_rows_escape_as_django_does():
    from django.utils.html import escape as django_escape
    from django.utils.translation import gettext_lazy

    from questionsets.questionnaires import row_html

    for value in (EVIL, "plain", 42, gettext_lazy("Omhoog"), "a&amp;b"):
        assert row_html.escape(value) == django_escape(value)
