import pytest
from django.urls import reverse

from questionsets.models import AnswerType, Questionnaire, QuestionnaireItem
from questionsets.questionnaires import items, services
from tests import factories

from ..basket import add_local, add_set, fresh, make_set, ordered_codes

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def questionnaire(municipality, editor):
    return services.questionnaire_create(
        municipality=municipality, title="Monitor", year=2025, user=editor
    )


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def url(name, *args):
    return reverse(f"questionsets:{name}", args=args)


# --------------------------------------------------------------------------- login


def test_login_page_uses_dutch_labels(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    for text in ("Gebruikersnaam", "Wachtwoord", "Inloggen"):
        assert text in response.content.decode()


def test_login_and_logout(client, editor):
    response = client.post(
        "/accounts/login/",
        {"username": "editor", "password": "s3cret-pass", "next": "/vragenlijsten/"},
    )
    assert response.status_code == 302 and response.url == "/vragenlijsten/"
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get(url("questionnaire-list")).status_code == 302


def test_anonymous_users_are_sent_to_login(client, questionnaire):
    response = client.get(url("questionnaire-detail", questionnaire.pk))
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


# --------------------------------------------------------------------------- list and create


def test_list_shows_only_own_municipality(editor_client, questionnaire, other_municipality):
    factories.make_questionnaire(municipality=other_municipality, title="Geheim")
    response = editor_client.get(url("questionnaire-list"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Monitor" in content and "Geheim" not in content


def test_list_query_count_is_constant(editor_client, municipality, django_assert_num_queries):
    for n in range(3):
        factories.make_questionnaire(municipality=municipality, title=f"L{n}")
    # 1 session, 2 user, 3 questionnaires with municipality and role subquery,
    # 4 editable municipalities exists()
    with django_assert_num_queries(4):
        editor_client.get(url("questionnaire-list"))
    for n in range(20):
        factories.make_questionnaire(municipality=municipality, title=f"M{n}")
    with django_assert_num_queries(4):
        editor_client.get(url("questionnaire-list"))


def test_create_questionnaire(editor_client, municipality):
    response = editor_client.post(
        url("questionnaire-create"),
        {
            "municipality": municipality.pk,
            "title": "Leefbaarheid",
            "year": 2026,
            "description": "",
            "local_time_budget_minutes": 5,
        },
    )
    questionnaire = Questionnaire.objects.get(title="Leefbaarheid")
    assert response.status_code == 302
    assert response.url == url("questionnaire-detail", questionnaire.pk)
    assert questionnaire.sections.count() == 1


def test_create_refuses_a_municipality_of_someone_else(editor_client, other_municipality):
    response = editor_client.post(
        url("questionnaire-create"),
        {
            "municipality": other_municipality.pk,
            "title": "X",
            "year": 2026,
            "local_time_budget_minutes": 5,
        },
    )
    assert response.status_code == 200
    assert not Questionnaire.objects.filter(title="X").exists()


def test_readers_cannot_create(client, colleague):
    client.force_login(colleague)
    assert client.get(url("questionnaire-create")).status_code == 403


# --------------------------------------------------------------------------- builder page


def test_builder_shows_items_and_summary(editor_client, questionnaire):
    qset = make_set(2, indivisible=True)
    add_set(questionnaire, qset)
    response = editor_client.get(url("questionnaire-detail", questionnaire.pk))
    content = response.content.decode()
    assert response.status_code == 200
    assert qset.name_nl in content
    assert "compleet en vergelijkbaar" in content
    assert "Set toevoegen" in content


def test_reader_sees_builder_without_edit_controls(client, colleague, questionnaire):
    add_set(questionnaire, make_set(1))
    client.force_login(colleague)
    response = client.get(url("questionnaire-detail", questionnaire.pk))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Set toevoegen" not in content and "Verwijderen" not in content


def _fill(questionnaire, n_sets, per_set):
    """n_sets sets with indicators, one adapted, one local with a local scale, one outdated."""
    for _ in range(n_sets):
        add_set(questionnaire, make_set(per_set))
    scale = items.NewScale(name="Vaak", options=[(1, "Nooit"), (2, "Vaak")])
    add_local(questionnaire, answer_type=AnswerType.SINGLE, new_scale=scale)
    add_local(questionnaire, answer_type=AnswerType.SINGLE, scale=factories.make_scale())
    item = questionnaire.items.filter(kind="national").first()
    items.questionnaire_adapt_item(
        item=item,
        data={
            "code": services.next_local_code(questionnaire),
            "wording": "Eigen?",
            "instruction": "",
        },
        expected_version=fresh(questionnaire).lock_version,
    )
    outdated = questionnaire.items.filter(kind="national").first().question_version
    factories.make_version(question=outdated.question, wording_nl="Nieuwe woorden")


# The builder page, whatever its size:
#  1 session  2 user  3 questionnaire + municipality + role (access helper)
#  4 sections  5 items as plain values (+ version, question, set, derivation,
#  latest-version subquery; builder_items)  6-7 options of the catalogue scales (national
#  and local items alike) and of the local scales  8 newest versions for notices
#  9 basket sets with their set items and questions (one LEFT JOIN)  10 their indicators
#  (no list of sets: the set picker is loaded on demand, questionnaire-set-picker)
BUILDER_QUERIES = 10


@pytest.mark.parametrize("n_sets,per_set", [(2, 5), (25, 20)])
def test_builder_query_count_is_constant_from_10_to_500_items(
    editor_client, questionnaire, django_assert_num_queries, n_sets, per_set
):
    _fill(questionnaire, n_sets, per_set)
    assert questionnaire.items.count() == n_sets * per_set + 2
    with django_assert_num_queries(BUILDER_QUERIES):
        response = editor_client.get(url("questionnaire-detail", questionnaire.pk))
    assert response.status_code == 200
    with django_assert_num_queries(BUILDER_QUERIES):
        editor_client.get(url("questionnaire-detail", questionnaire.pk), **HTMX)


@pytest.mark.parametrize("n_sets,per_set", [(2, 5), (25, 20)])
def test_move_fragment_query_count_is_constant(
    editor_client, questionnaire, django_assert_num_queries, n_sets, per_set
):
    _fill(questionnaire, n_sets, per_set)
    item = questionnaire.items.filter(kind="local").last()
    lock_version = fresh(questionnaire).lock_version
    # 1 session  2 user  3 access; 4 savepoint  5 UPDATE lock_version; what the builder
    # shows, read once for the move and the fragment: 6 sections  7 items (which also
    # finds the item)  8-9 options of catalogue and local scales  10-11 basket sets with
    # their set items, indicators; 12 bulk_update of the two items that changed place
    # 13 release savepoint; 14 newest versions for the notices (no second read)
    with django_assert_num_queries(14):
        response = editor_client.post(
            url("questionnaire-item-move", questionnaire.pk, item.pk),
            {"lock_version": lock_version, "direction": "up"},
            **HTMX,
        )
    assert response.status_code == 200
    assert "De volgorde is opgeslagen." in response.content.decode()


def _builder_of(html: str) -> str:
    """The fragment without its status message and CSRF tokens (masked per request)."""
    import re

    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return html.split("</div>", 1)[1]  # after the out-of-band status


@pytest.mark.parametrize("move", ["item up", "item across sections", "section down"])
def test_the_move_fragment_is_the_builder_read_afresh(editor_client, questionnaire, move):
    """A move reads the builder once, moves the items in memory and answers with them
    (issue 20): the fragment is byte for byte what reading the builder again gives,
    comparability states, counts and notices included."""
    _fill(questionnaire, 2, 3)
    questionnaire = fresh(questionnaire)
    sections = list(questionnaire.sections.order_by("position"))
    first_of_second = questionnaire.items.filter(section=sections[1]).order_by("position")[0]
    target = {
        "item up": ("questionnaire-item-move", questionnaire.items.filter(kind="local").last()),
        "item across sections": ("questionnaire-item-move", first_of_second),
        "section down": ("questionnaire-section-move", sections[0]),
    }[move]
    direction = "down" if move == "section down" else "up"
    response = editor_client.post(
        url(target[0], questionnaire.pk, target[1].pk),
        {"lock_version": questionnaire.lock_version, "direction": direction},
        **HTMX,
    )
    assert response.status_code == 200
    moved = response.content.decode()
    assert "De volgorde is opgeslagen." in moved
    again = editor_client.get(url("questionnaire-detail", questionnaire.pk), **HTMX)
    assert _builder_of(moved) == _builder_of(again.content.decode())


def test_builder_fragment_for_htmx_is_only_the_builder(editor_client, questionnaire):
    response = editor_client.get(url("questionnaire-detail", questionnaire.pk), **HTMX)
    content = response.content.decode()
    assert content.lstrip().startswith('<div id="builder"')
    assert "<html" not in content


# --------------------------------------------------------------------------- shopping


def test_add_set_from_the_builder_with_htmx(editor_client, questionnaire):
    qset = make_set(2)
    response = editor_client.post(
        url("questionnaire-add-set"),
        {"questionnaire": questionnaire.pk, "question_set": qset.pk, "lock_version": 1},
        **HTMX,
    )
    assert response.status_code == 200
    assert f"Vragenset {qset.name_nl} is toegevoegd." in response.content.decode()
    assert questionnaire.items.count() == 2


def test_add_set_from_the_catalogue_with_one_questionnaire_adds_directly(
    editor_client, questionnaire
):
    qset = make_set(2)
    response = editor_client.post(url("questionnaire-add-set"), {"question_set": qset.pk})
    assert response.status_code == 302
    assert response.url.startswith(url("questionnaire-detail", questionnaire.pk))
    assert questionnaire.items.count() == 2


def test_add_set_with_several_questionnaires_asks_which(editor_client, questionnaire, municipality):
    other = factories.make_questionnaire(municipality=municipality, title="Tweede")
    qset = make_set(1)
    response = editor_client.post(url("questionnaire-add-set"), {"question_set": qset.pk})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Tweede" in content and "Monitor" in content
    response = editor_client.post(
        url("questionnaire-add-set"), {"question_set": qset.pk, "questionnaire": other.pk}
    )
    assert response.status_code == 302 and other.items.count() == 1


@pytest.mark.parametrize("bad", ["", "abc", "1e3", "-1", "99999999999999999999999"])
def test_add_set_with_a_bad_set_id_is_a_dutch_400(editor_client, questionnaire, bad):
    response = editor_client.post(url("questionnaire-add-set"), {"question_set": bad})
    assert response.status_code == 400
    assert "Deze vragenset bestaat niet" in response.content.decode()
    response = editor_client.post(
        url("questionnaire-add-set"),
        {"questionnaire": questionnaire.pk, "question_set": bad, "lock_version": 1},
        **HTMX,
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert content.lstrip().startswith('<div id="builder"')
    assert "Deze vragenset bestaat niet" in content
    assert questionnaire.items.count() == 0


def test_add_set_access(client, outsider, colleague, questionnaire):
    qset = make_set(1)
    data = {"question_set": qset.pk, "questionnaire": questionnaire.pk}
    client.force_login(outsider)
    assert client.post(url("questionnaire-add-set"), data).status_code == 404
    client.force_login(colleague)
    assert client.post(url("questionnaire-add-set"), data).status_code == 403
    assert questionnaire.items.count() == 0


def test_add_to_questionnaire_include_renders_a_post_form(rf, editor):
    from django.template.loader import render_to_string

    qset = make_set(1)
    request = rf.get("/sets/x/")
    request.user = editor
    html = render_to_string(
        "questionsets/includes/add_to_questionnaire.html", {"question_set": qset}, request=request
    )
    assert f'action="{url("questionnaire-add-set")}"' in html
    assert f'name="question_set" value="{qset.pk}"' in html


def test_stale_write_is_refused_with_the_current_state(editor_client, questionnaire):
    qset = make_set(1)
    add_local(questionnaire, code="lokeigen1")  # lock_version is now 2
    response = editor_client.post(
        url("questionnaire-add-set"),
        {"questionnaire": questionnaire.pk, "question_set": qset.pk, "lock_version": 1},
    )
    assert response.status_code == 409
    content = response.content.decode()
    assert "Iemand anders heeft deze vragenlijst intussen gewijzigd" in content
    assert "lokeigen1" in content
    assert questionnaire.basket_sets.count() == 0


# --------------------------------------------------------------------------- remove, move, confirm


def test_remove_from_indivisible_set_shows_a_dialog_then_marks_not_comparable(
    editor_client, questionnaire
):
    add_set(questionnaire, make_set(2, indivisible=True))
    item = questionnaire.items.first()
    path = url("questionnaire-item-remove", questionnaire.pk, item.pk)
    response = editor_client.post(path, {"lock_version": 2}, **HTMX)
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#dialog-slot"
    content = response.content.decode()
    assert "<dialog open" in content and "ondeelbare set niet compleet" in content
    assert questionnaire.items.count() == 2

    response = editor_client.post(path, {"lock_version": 2, "confirmed": "on"}, **HTMX)
    assert "niet vergelijkbaar" in response.content.decode()
    assert questionnaire.items.count() == 1


def test_confirmation_works_without_javascript(editor_client, questionnaire):
    add_set(questionnaire, make_set(2, indivisible=True))
    item = questionnaire.items.first()
    path = url("questionnaire-item-remove", questionnaire.pk, item.pk)
    response = editor_client.post(path, {"lock_version": 2})
    content = response.content.decode()
    assert response.status_code == 200 and "<html" in content and 'role="dialog"' not in content
    assert "<dialog open" in content  # a native dialog: role dialog built in
    response = editor_client.post(path, {"lock_version": 2, "confirmed": "on"})
    assert response.status_code == 302


def test_move_buttons_without_javascript_redirect_to_the_item(editor_client, questionnaire):
    add_local(questionnaire, code="lokeigen1")
    second = add_local(questionnaire, code="lokeigen2")
    response = editor_client.post(
        url("questionnaire-item-move", questionnaire.pk, second.pk),
        {"lock_version": 3, "direction": "up"},
    )
    assert response.status_code == 302 and response.url.endswith(f"#item-{second.pk}")
    assert ordered_codes(questionnaire) == ["lokeigen2", "lokeigen1"]


@pytest.mark.parametrize("htmx", [False, True])
def test_moving_another_questionnaires_item_is_a_404(
    editor_client, questionnaire, other_municipality, htmx
):
    """The move finds its item among the questionnaire's own (issue 20: no query of its
    own): an item of another municipality's questionnaire, or none, is a 404 like any
    other object of theirs, and nothing changes."""
    add_local(questionnaire, code="lokeigen1")
    theirs = services.questionnaire_create(
        municipality=other_municipality, title="Hunne", year=2025
    )
    foreign = add_local(theirs, code="lokvreemd")
    lock_version = fresh(questionnaire).lock_version
    for item_id in (foreign.pk, 999_999):
        response = editor_client.post(
            url("questionnaire-item-move", questionnaire.pk, item_id),
            {"lock_version": lock_version, "direction": "up"},
            **(HTMX if htmx else {}),
        )
        assert response.status_code == 404
    assert fresh(questionnaire).lock_version == lock_version
    assert fresh(theirs).items.get().position == foreign.position


def test_section_move(editor_client, questionnaire):
    section, _skipped = add_set(questionnaire, make_set(1))
    editor_client.post(
        url("questionnaire-section-move", questionnaire.pk, section.pk),
        {"lock_version": 2, "direction": "up"},
    )
    assert questionnaire.sections.order_by("position").first() == section


def test_reorder_endpoint_posts_the_whole_order(editor_client, questionnaire):
    a = add_local(questionnaire, code="lokeigen1")
    b = add_local(questionnaire, code="lokeigen2")
    response = editor_client.post(
        url("questionnaire-reorder", questionnaire.pk),
        {"lock_version": 3, "order": f"s{a.section_id}:{b.pk},{a.pk}"},
        **HTMX,
    )
    assert response.status_code == 200
    assert ordered_codes(questionnaire) == ["lokeigen2", "lokeigen1"]


def test_reorder_with_garbage_is_refused(editor_client, questionnaire):
    response = editor_client.post(
        url("questionnaire-reorder", questionnaire.pk), {"lock_version": 1, "order": "x"}
    )
    assert response.status_code == 409


def test_section_create(editor_client, questionnaire):
    editor_client.post(
        url("questionnaire-section-create", questionnaire.pk), {"lock_version": 1, "title": "Buurt"}
    )
    assert list(questionnaire.sections.values_list("title", flat=True)) == ["Algemeen", "Buurt"]


# --------------------------------------------------------------------------- own questions


def test_local_question_form_proposes_a_local_code(editor_client, questionnaire):
    response = editor_client.get(url("questionnaire-item-create", questionnaire.pk))
    assert 'value="lok1"' in response.content.decode()


def test_add_local_question_with_a_local_scale(editor_client, questionnaire):
    response = editor_client.post(
        url("questionnaire-item-create", questionnaire.pk),
        {
            "lock_version": 1,
            "section": questionnaire.sections.get().pk,
            "code": "lok1",
            "wording": "Hoe vaak bezoekt u het buurthuis?",
            "answer_type": "single",
            "new_scale_name": "Frequentie",
            "new_scale_options": "Nooit\nSoms\n9 = Weet niet (ontbrekend)",
        },
    )
    assert response.status_code == 302
    item = questionnaire.items.get()
    assert [(o.code, o.label_nl, o.is_missing) for o in item.local_scale.options.all()] == [
        (1, "Nooit", False),
        (2, "Soms", False),
        (9, "Weet niet", True),
    ]


def test_local_question_with_a_national_code_gets_a_dutch_error(editor_client, questionnaire):
    factories.make_question(code="vertrouwen")
    response = editor_client.post(
        url("questionnaire-item-create", questionnaire.pk),
        {
            "lock_version": 1,
            "section": questionnaire.sections.get().pk,
            "code": "vertrouwen",
            "wording": "Vraag",
            "answer_type": "numeric",
        },
    )
    assert response.status_code == 422
    assert "is een landelijke vraagcode" in response.content.decode()


def test_local_question_with_a_bad_code_gets_the_code_rule(editor_client, questionnaire):
    response = editor_client.post(
        url("questionnaire-item-create", questionnaire.pk),
        {
            "lock_version": 1,
            "section": questionnaire.sections.get().pk,
            "code": "Lok 1",
            "wording": "Vraag",
            "answer_type": "numeric",
        },
    )
    assert "Een code begint met een kleine letter" in response.content.decode()


def test_edit_local_question(editor_client, questionnaire):
    item = add_local(questionnaire, code="lokeigen1")
    response = editor_client.post(
        url("questionnaire-item-edit", questionnaire.pk, item.pk),
        {"lock_version": 2, "code": "lokeigen9", "wording": "Nieuw", "answer_type": "text"},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.code, item.wording, item.answer_type) == ("lokeigen9", "Nieuw", "text")


def test_adapt_national_item(editor_client, questionnaire):
    add_set(questionnaire, make_set(1))
    item = questionnaire.items.get()
    path = url("questionnaire-item-adapt", questionnaire.pk, item.pk)
    assert "niet meer vergelijkbaar" in editor_client.get(path).content.decode()
    response = editor_client.post(
        path, {"lock_version": 2, "code": "lok1", "wording": "Anders?", "instruction": ""}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.kind == QuestionnaireItem.Kind.ADAPTED


def test_upgrade_and_keep(editor_client, questionnaire):
    add_set(questionnaire, make_set(1))
    item = questionnaire.items.get()
    v2 = factories.make_version(question=item.question_version.question, wording_nl="Nieuw")
    content = editor_client.get(url("questionnaire-detail", questionnaire.pk)).content.decode()
    assert "Er is een nieuwere landelijke versie: versie 2." in content
    editor_client.post(
        url("questionnaire-item-keep", questionnaire.pk, item.pk), {"lock_version": 2}
    )
    content = editor_client.get(url("questionnaire-detail", questionnaire.pk)).content.decode()
    assert "nieuwere landelijke versie" not in content
    editor_client.post(
        url("questionnaire-item-upgrade", questionnaire.pk, item.pk), {"lock_version": 3}
    )
    item.refresh_from_db()
    assert item.question_version == v2


# --------------------------------------------------------------------------- settings, copy, archive


def test_settings_change_the_time_budget(editor_client, questionnaire):
    response = editor_client.post(
        url("questionnaire-settings", questionnaire.pk),
        {"lock_version": 1, "title": "Monitor", "description": "", "local_time_budget_minutes": 7},
    )
    assert response.status_code == 302
    assert fresh(questionnaire).local_time_budget_minutes == 7


def test_copy_last_year(editor_client, questionnaire):
    add_set(questionnaire, make_set(2))
    response = editor_client.post(
        url("questionnaire-copy", questionnaire.pk), {"title": "Monitor", "year": 2026}
    )
    copy = Questionnaire.objects.get(year=2026)
    assert response.status_code == 302 and copy.items.count() == 2


def test_copy_to_an_existing_year_shows_an_error(editor_client, questionnaire):
    response = editor_client.post(
        url("questionnaire-copy", questionnaire.pk), {"title": "Monitor", "year": 2025}
    )
    assert response.status_code == 200 and "bestaat al" in response.content.decode()


def test_archive_asks_then_archives(editor_client, questionnaire):
    path = url("questionnaire-archive", questionnaire.pk)
    assert "archiveren?" in editor_client.get(path).content.decode()
    response = editor_client.post(path, {"lock_version": 1})
    assert response.status_code == 302
    assert fresh(questionnaire).status == Questionnaire.Status.ARCHIVED
    # archived questionnaires are read-only
    response = editor_client.post(
        url("questionnaire-section-create", questionnaire.pk), {"lock_version": 2, "title": "X"}
    )
    assert response.status_code == 403


def test_builder_shows_the_shared_intro_of_a_set_once(editor_client, questionnaire):
    qset = make_set(3, indivisible=True)
    qset.intro_nl = "In hoeverre bent u het eens met de volgende stellingen?"
    qset.save(update_fields=["intro_nl"])
    add_set(questionnaire, qset)
    response = editor_client.get(url("questionnaire-detail", questionnaire.pk))
    assert response.content.decode().count(qset.intro_nl) == 1


# --------------------------------------------------------------------------- sections and sets


def test_builder_offers_rename_delete_and_set_removal_to_editors(editor_client, questionnaire):
    section, _skipped = add_set(questionnaire, make_set(1))
    basket_set = questionnaire.basket_sets.get()
    content = editor_client.get(url("questionnaire-detail", questionnaire.pk)).content.decode()
    assert f'id="section-name-{section.pk}"' in content
    assert f'for="section-name-{section.pk}"' in content
    assert url("questionnaire-section-rename", questionnaire.pk, section.pk) in content
    assert url("questionnaire-section-delete", questionnaire.pk, section.pk) in content
    assert url("questionnaire-set-remove", questionnaire.pk, basket_set.pk) in content


def test_reader_sees_no_section_or_set_controls(client, colleague, questionnaire):
    add_set(questionnaire, make_set(1))
    client.force_login(colleague)
    content = client.get(url("questionnaire-detail", questionnaire.pk)).content.decode()
    assert "Onderdeel bewerken" not in content and "Set verwijderen" not in content


def test_section_rename_with_htmx_swaps_the_builder(editor_client, questionnaire):
    section = questionnaire.sections.get()
    response = editor_client.post(
        url("questionnaire-section-rename", questionnaire.pk, section.pk),
        {"lock_version": 1, "title": "  Buurt en wijk "},
        **HTMX,
    )
    content = response.content.decode()
    assert response.status_code == 200 and content.lstrip().startswith('<div id="builder"')
    assert "Het onderdeel heet nu Buurt en wijk." in content
    assert f'<h2 id="section-title-{section.pk}" tabindex="-1">Buurt en wijk</h2>' in content
    assert questionnaire.sections.get().title == "Buurt en wijk"


def test_section_rename_without_javascript_redirects_to_the_section(editor_client, questionnaire):
    section = questionnaire.sections.get()
    response = editor_client.post(
        url("questionnaire-section-rename", questionnaire.pk, section.pk),
        {"lock_version": 1, "title": "Buurt"},
    )
    assert response.status_code == 302 and response.url.endswith(f"#section-{section.pk}")
    assert questionnaire.sections.get().title == "Buurt"


def test_section_rename_with_a_stale_version_is_refused(editor_client, questionnaire):
    section = questionnaire.sections.get()
    add_local(questionnaire, code="lokeigen1")  # lock_version is now 2
    response = editor_client.post(
        url("questionnaire-section-rename", questionnaire.pk, section.pk),
        {"lock_version": 1, "title": "Buurt"},
    )
    assert response.status_code == 409
    assert "Iemand anders heeft deze vragenlijst intussen gewijzigd" in response.content.decode()
    assert questionnaire.sections.get().title == "Algemeen"


@pytest.mark.parametrize("title", ["", "   ", "x" * 201])
def test_section_rename_needs_a_title_of_at_most_200(editor_client, questionnaire, title):
    section = questionnaire.sections.get()
    response = editor_client.post(
        url("questionnaire-section-rename", questionnaire.pk, section.pk),
        {"lock_version": 1, "title": title},
        **HTMX,
    )
    assert 'role="alert"' in response.content.decode()
    assert questionnaire.sections.get().title == "Algemeen"
    assert fresh(questionnaire).lock_version == 1


def test_delete_an_empty_section_just_deletes_it(editor_client, questionnaire):
    section, _skipped = add_set(questionnaire, make_set(1))
    empty = questionnaire.sections.get(title="Algemeen")
    response = editor_client.post(
        url("questionnaire-section-delete", questionnaire.pk, empty.pk), {"lock_version": 2}, **HTMX
    )
    content = response.content.decode()
    assert "<dialog" not in content
    assert "Onderdeel Algemeen is verwijderd, met 0 vragen." in content
    assert f'data-focus="section-title-{section.pk}"' in content
    assert list(questionnaire.sections.all()) == [section]


def test_delete_a_section_with_items_shows_a_confirmation_first(editor_client, questionnaire):
    qset = make_set(2, indivisible=True)
    section, _skipped = add_set(questionnaire, qset)
    path = url("questionnaire-section-delete", questionnaire.pk, section.pk)
    response = editor_client.post(path, {"lock_version": 2}, **HTMX)
    assert response.status_code == 200 and response["HX-Retarget"] == "#dialog-slot"
    content = response.content.decode()
    assert "<dialog open" in content
    assert f"Onderdeel {section.title} met de vragen erin verwijderen?" in content
    assert "Deze 2 vragen gaan uit de vragenlijst:" in content
    assert qset.indicators.get().name_nl in content and "niet vergelijkbaar" in content
    assert 'name="confirmed" value="on"' in content and f'action="{path}"' in content
    assert questionnaire.items.count() == 2 and fresh(questionnaire).lock_version == 2

    response = editor_client.post(path, {"lock_version": 2, "confirmed": "on"}, **HTMX)
    content = response.content.decode()
    assert f"Onderdeel {section.title} is verwijderd, met 2 vragen." in content
    assert "niet vergelijkbaar" in content  # the set stays, now marked as such
    assert questionnaire.items.count() == 0 and questionnaire.sections.count() == 1


def test_delete_a_section_with_items_works_without_javascript(editor_client, questionnaire):
    section, _skipped = add_set(questionnaire, make_set(1))
    path = url("questionnaire-section-delete", questionnaire.pk, section.pk)
    response = editor_client.post(path, {"lock_version": 2})
    content = response.content.decode()
    assert response.status_code == 200 and "<html" in content and "<dialog open" in content
    assert questionnaire.items.count() == 1
    response = editor_client.post(path, {"lock_version": 2, "confirmed": "on"})
    first = questionnaire.sections.get()
    assert response.status_code == 302 and response.url.endswith(f"#section-{first.pk}")
    assert questionnaire.items.count() == 0


def test_delete_section_with_a_stale_version_is_refused(editor_client, questionnaire):
    section, _skipped = add_set(questionnaire, make_set(1))
    response = editor_client.post(
        url("questionnaire-section-delete", questionnaire.pk, section.pk),
        {"lock_version": 1, "confirmed": "on"},
        **HTMX,
    )
    assert "Iemand anders heeft deze vragenlijst intussen gewijzigd" in response.content.decode()
    assert questionnaire.sections.count() == 2 and questionnaire.items.count() == 1


def test_the_last_section_is_not_deleted(editor_client, questionnaire):
    section = questionnaire.sections.get()
    response = editor_client.post(
        url("questionnaire-section-delete", questionnaire.pk, section.pk), {"lock_version": 1}
    )
    assert response.status_code == 409
    assert "Een vragenlijst houdt minstens één onderdeel." in response.content.decode()
    assert questionnaire.sections.count() == 1


def test_remove_set_asks_with_a_plain_confirmation_then_removes_it(editor_client, questionnaire):
    qset = make_set(2, indivisible=True, order_locked=True)
    add_set(questionnaire, qset)
    basket_set = questionnaire.basket_sets.get()
    path = url("questionnaire-set-remove", questionnaire.pk, basket_set.pk)
    response = editor_client.post(path, {"lock_version": 2}, **HTMX)
    assert response["HX-Retarget"] == "#dialog-slot"
    content = response.content.decode()
    assert f"Vragenset {qset.name_nl} uit de vragenlijst verwijderen?" in content
    assert "Deze 2 vragen gaan uit de vragenlijst:" in content
    assert qset.indicators.get().name_nl in content
    assert "niet vergelijkbaar" not in content  # not a comparability break
    assert "Ja, verwijderen" in content
    assert questionnaire.items.count() == 2

    response = editor_client.post(path, {"lock_version": 2, "confirmed": "on"}, **HTMX)
    content = response.content.decode()
    assert f"Vragenset {qset.name_nl} is uit de vragenlijst verwijderd, met 2 vragen." in content
    assert 'data-focus="summary-title"' in content
    assert questionnaire.items.count() == 0 and questionnaire.basket_sets.count() == 0
    assert list(questionnaire.sections.values_list("title", flat=True)) == ["Algemeen"]


def test_remove_set_without_javascript(editor_client, questionnaire):
    add_set(questionnaire, make_set(1))
    path = url("questionnaire-set-remove", questionnaire.pk, questionnaire.basket_sets.get().pk)
    response = editor_client.post(path, {"lock_version": 2})
    assert response.status_code == 200 and "<html" in response.content.decode()
    response = editor_client.post(path, {"lock_version": 2, "confirmed": "on"})
    assert response.status_code == 302 and response.url.endswith("#summary-title")
    assert questionnaire.basket_sets.count() == 0


def test_remove_set_with_a_stale_version_is_refused(editor_client, questionnaire):
    add_set(questionnaire, make_set(1))
    path = url("questionnaire-set-remove", questionnaire.pk, questionnaire.basket_sets.get().pk)
    response = editor_client.post(path, {"lock_version": 1, "confirmed": "on"})
    assert response.status_code == 409
    assert "Iemand anders heeft deze vragenlijst intussen gewijzigd" in response.content.decode()
    assert questionnaire.basket_sets.count() == 1 and questionnaire.items.count() == 1


def _structure_urls(questionnaire):
    section = questionnaire.sections.get(title="Algemeen")
    basket_set = questionnaire.basket_sets.get()
    return [
        url("questionnaire-section-rename", questionnaire.pk, section.pk),
        url("questionnaire-section-delete", questionnaire.pk, section.pk),
        url("questionnaire-set-remove", questionnaire.pk, basket_set.pk),
    ]


def test_readers_cannot_rename_delete_or_remove(client, colleague, questionnaire):
    add_set(questionnaire, make_set(1))
    client.force_login(colleague)
    for path in _structure_urls(questionnaire):
        response = client.post(path, {"lock_version": 2, "title": "X", "confirmed": "on"})
        assert response.status_code == 403
        assert client.get(path).status_code == 405
    assert questionnaire.sections.count() == 2 and questionnaire.basket_sets.count() == 1
    assert fresh(questionnaire).lock_version == 2


def test_section_and_set_writes_need_the_csrf_token(questionnaire, editor):
    from django.test import Client

    add_set(questionnaire, make_set(1))
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    for path in _structure_urls(questionnaire):
        response = client.post(path, {"lock_version": 2, "title": "X", "confirmed": "on"})
        assert response.status_code == 403
    assert questionnaire.sections.count() == 2 and questionnaire.basket_sets.count() == 1


@pytest.mark.parametrize("n_sets,per_set", [(2, 5), (25, 20)])
def test_rename_fragment_query_count_is_constant(
    editor_client, questionnaire, django_assert_num_queries, n_sets, per_set
):
    _fill(questionnaire, n_sets, per_set)
    section = questionnaire.sections.last()
    lock_version = fresh(questionnaire).lock_version
    # 1 session  2 user  3 access  4 section; 5 savepoint  6 UPDATE lock_version
    # 7 full_clean: the section's questionnaire exists  8 UPDATE title  9 release savepoint
    # then the builder fragment: the 7 builder queries listed above (no second access)
    with django_assert_num_queries(16):
        response = editor_client.post(
            url("questionnaire-section-rename", questionnaire.pk, section.pk),
            {"lock_version": lock_version, "title": "Nieuwe naam"},
            **HTMX,
        )
    assert "Het onderdeel heet nu Nieuwe naam." in response.content.decode()


def test_a_missing_questionnaire_is_a_dutch_404(editor_client, settings):
    settings.DEBUG = False
    response = editor_client.get(url("questionnaire-detail", 999999))
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()
