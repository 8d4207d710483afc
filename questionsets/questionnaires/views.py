"""Municipal questionnaires (the basket). Login required; tenant-isolated.

Every view fetches its questionnaire through access.get_questionnaire_for_user, so another
municipality's questionnaire is a 404 exactly like a missing one, and a reader gets 403
on every write. Writes answer htmx with the builder fragment and everything else with a
redirect (PRG); a stale lock_version or a comparability loss renders the current state
or a confirmation dialog instead.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django_htmx.http import reswap, retarget

from ..models import QuestionSet
from . import ordering, services
from .access import (
    can_edit,
    editable_municipalities,
    get_item_for_questionnaire,
    get_questionnaire_for_user,
    is_owner,
    parse_id,
    questionnaires_for_user,
)
from .builder import BuilderRead
from .forms import (
    ConfirmForm,
    MoveForm,
    QuestionnaireCopyForm,
    QuestionnaireForm,
    QuestionnaireSettingsForm,
    ReorderForm,
    SectionForm,
    SectionRenameForm,
)
from .responses import (
    DETAIL,
    _builder_context,
    _confirm,
    _confirm_deletion,
    _done,
    _invalid,
    _refused,
    render_builder,
)

# --------------------------------------------------------------------------- helpers


# --------------------------------------------------------------------------- list, create


@login_required
def questionnaire_list(request: HttpRequest) -> HttpResponse:
    questionnaires = list(
        questionnaires_for_user(request.user).order_by(
            "status", "municipality__name", "-year", "title"
        )
    )
    return render(
        request,
        "questionsets/questionnaire_list.html",
        {
            "questionnaires": [q for q in questionnaires if is_owner(q)],
            "shared": [q for q in questionnaires if not is_owner(q)],
            "can_create": editable_municipalities(request.user).exists(),
        },
    )


@login_required
def questionnaire_create(request: HttpRequest) -> HttpResponse:
    municipalities = editable_municipalities(request.user)
    if not municipalities.exists():
        raise PermissionDenied
    form = QuestionnaireForm(request.POST or None, municipalities=municipalities)
    if request.method == "POST" and form.is_valid():
        questionnaire = services.questionnaire_create(user=request.user, **form.cleaned_data)
        messages.success(request, _("De vragenlijst is aangemaakt."))
        return redirect(DETAIL, questionnaire.pk)
    return render(request, "questionsets/questionnaire_form.html", {"form": form})


# --------------------------------------------------------------------------- one questionnaire


@login_required
def questionnaire_detail(request: HttpRequest, pk: int) -> HttpResponse:
    questionnaire = get_questionnaire_for_user(request.user, pk)
    context = _builder_context(request, questionnaire)
    return render_builder(request, context, fragment=bool(request.htmx))


@login_required
def questionnaire_settings(request: HttpRequest, pk: int) -> HttpResponse:
    questionnaire = get_questionnaire_for_user(request.user, pk, write=True)
    initial = {
        "lock_version": questionnaire.lock_version,
        "title": questionnaire.title,
        "description": questionnaire.description,
        "local_time_budget_minutes": questionnaire.local_time_budget_minutes,
    }
    form = QuestionnaireSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        expected = data.pop("lock_version")
        try:
            services.questionnaire_update(
                questionnaire=questionnaire, data=data, expected_version=expected
            )
        except ValidationError as exc:
            return _refused(request, questionnaire, exc)
        return _done(request, questionnaire, _("De instellingen zijn opgeslagen."))
    return render(
        request,
        "questionsets/questionnaire_settings.html",
        {"form": form, "questionnaire": questionnaire},
    )


@login_required
def questionnaire_copy(request: HttpRequest, pk: int) -> HttpResponse:
    source = get_questionnaire_for_user(request.user, pk, manage=True)
    initial = {"title": source.title, "year": source.year + 1}
    form = QuestionnaireCopyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            copy = services.questionnaire_copy(
                source=source, user=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("De kopie is aangemaakt."))
            return redirect(DETAIL, copy.pk)
    return render(
        request, "questionsets/questionnaire_copy.html", {"form": form, "questionnaire": source}
    )


@login_required
def questionnaire_archive(request: HttpRequest, pk: int) -> HttpResponse:
    questionnaire = get_questionnaire_for_user(request.user, pk, write=True, manage=True)
    form = ConfirmForm(request.POST or None, initial={"lock_version": questionnaire.lock_version})
    if request.method == "POST" and form.is_valid():
        try:
            services.questionnaire_archive(
                questionnaire=questionnaire, expected_version=form.cleaned_data["lock_version"]
            )
        except ValidationError as exc:
            return _refused(request, questionnaire, exc)
        messages.success(request, _("De vragenlijst is gearchiveerd."))
        return redirect("questionsets:questionnaire-list")
    context = {"questionnaire": questionnaire, "form": form}
    if request.htmx:
        response = render(request, "questionsets/questionnaire_archive.html#dialog", context)
        return reswap(retarget(response, "#dialog-slot"), "innerHTML")
    return render(request, "questionsets/questionnaire_archive.html", context)


# --------------------------------------------------------------------------- shopping


@login_required
@require_POST
def questionnaire_add_set(request: HttpRequest) -> HttpResponse:
    """Add a published set to one of the user's questionnaires (the catalogue's button).

    Without a `questionnaire` field: add straight away when the user edits exactly one
    active questionnaire, otherwise show a page to choose one.
    """
    question_set = (
        QuestionSet.objects.published()
        .filter(pk=parse_id(request.POST.get("question_set")))
        .first()
    )
    if question_set is None:
        return _unknown_set(request)
    if not request.POST.get("questionnaire"):
        candidates = [q for q in questionnaires_for_user(request.user) if can_edit(q)]
        if len(candidates) != 1:
            context = {"question_set": question_set, "questionnaires": candidates}
            return render(request, "questionsets/questionnaire_choose.html", context)
        questionnaire = candidates[0]
    else:
        questionnaire = get_questionnaire_for_user(
            request.user, request.POST["questionnaire"], write=True
        )
    return _add_set(request, questionnaire, question_set)


def _unknown_set(request) -> HttpResponse:
    """400 with a Dutch message: in the builder (htmx) or as a page of its own."""
    message = _("Deze vragenset bestaat niet of is niet gepubliceerd.")
    if request.htmx and request.POST.get("questionnaire"):
        questionnaire = get_questionnaire_for_user(request.user, request.POST["questionnaire"])
        context = _builder_context(request, questionnaire, error_message=message)
        return render_builder(request, context, fragment=True, status=400)
    return render(request, "questionsets/bad_request.html", {"message": message}, status=400)


def _add_set(request, questionnaire, question_set) -> HttpResponse:
    # The catalogue's button and the choose page add without a lock_version: adding a set
    # commutes with other edits. The builder's own form sends one and it is enforced.
    expected = request.POST.get("lock_version") or questionnaire.lock_version
    form = ConfirmForm({"lock_version": expected})
    if not form.is_valid():
        return _invalid(request, questionnaire, form)
    try:
        section, skipped = services.questionnaire_add_set(
            questionnaire=questionnaire,
            question_set=question_set,
            expected_version=form.cleaned_data["lock_version"],
        )
    except ValidationError as exc:
        return _refused(request, questionnaire, exc)
    message = _("Vragenset %(name)s is toegevoegd.") % {"name": question_set.name_nl}
    if skipped:
        message += " " + _("Al aanwezig en niet dubbel opgenomen: %(codes)s.") % {
            "codes": ", ".join(skipped)
        }
    if section.retired_codes:
        message += " " + _("Vervallen en daarom niet toegevoegd: %(codes)s.") % {
            "codes": ", ".join(section.retired_codes)
        }
    return _done(request, questionnaire, message, anchor=f"#section-{section.pk}")


@login_required
@require_POST
def questionnaire_section_create(request: HttpRequest, pk: int) -> HttpResponse:
    questionnaire = get_questionnaire_for_user(request.user, pk, write=True)
    form = SectionForm(request.POST)
    if not form.is_valid():
        return _invalid(request, questionnaire, form)
    try:
        section = services.questionnaire_add_section(
            questionnaire=questionnaire,
            title=form.cleaned_data["title"],
            expected_version=form.cleaned_data["lock_version"],
        )
    except ValidationError as exc:
        return _refused(request, questionnaire, exc)
    message = _("Onderdeel %(title)s is toegevoegd.") % {"title": section.title}
    return _done(request, questionnaire, message, anchor=f"#section-{section.pk}")


def _section(questionnaire, section_id):
    section = get_object_or_404(questionnaire.sections, pk=section_id)
    section.questionnaire = questionnaire
    return section


@login_required
@require_POST
def questionnaire_section_rename(request: HttpRequest, pk: int, section_id: int) -> HttpResponse:
    questionnaire = get_questionnaire_for_user(request.user, pk, write=True)
    section = _section(questionnaire, section_id)
    form = SectionRenameForm(request.POST)
    if not form.is_valid():
        return _invalid(request, questionnaire, form)
    try:
        services.questionnaire_rename_section(
            section=section,
            title=form.cleaned_data["title"],
            expected_version=form.cleaned_data["lock_version"],
        )
    except ValidationError as exc:
        return _refused(request, questionnaire, exc)
    message = _("Het onderdeel heet nu %(title)s.") % {"title": section.title}
    return _done(request, questionnaire, message, anchor=f"#section-{section.pk}")


@login_required
@require_POST
def questionnaire_section_delete(request: HttpRequest, pk: int, section_id: int) -> HttpResponse:
    questionnaire = get_questionnaire_for_user(request.user, pk, write=True)
    section = _section(questionnaire, section_id)
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        return _invalid(request, questionnaire, form)
    data = form.cleaned_data
    neighbour = services.section_neighbour(section)
    try:
        impact = services.questionnaire_delete_section(
            section=section, expected_version=data["lock_version"], confirmed=data["confirmed"]
        )
    except services.DeletionNeedsConfirmation as exc:
        title = _("Onderdeel %(title)s met de vragen erin verwijderen?") % {"title": section.title}
        return _confirm_deletion(
            request,
            questionnaire,
            exc.impact,
            kind="section",
            lock_version=data["lock_version"],
            title=title,
        )
    except ValidationError as exc:
        return _refused(request, questionnaire, exc)
    count = len(impact.codes)
    message = ngettext(
        "Onderdeel %(title)s is verwijderd, met %(count)d vraag.",
        "Onderdeel %(title)s is verwijderd, met %(count)d vragen.",
        count,
    ) % {"title": section.title, "count": count}
    target = f"section-{neighbour.pk}" if neighbour else "summary-title"
    focus = f"section-title-{neighbour.pk}" if neighbour else "summary-title"
    return _done(request, questionnaire, message, anchor=f"#{target}", focus=focus)


@login_required
@require_POST
def questionnaire_set_remove(request: HttpRequest, pk: int, set_id: int) -> HttpResponse:
    questionnaire = get_questionnaire_for_user(request.user, pk, write=True)
    basket_set = get_object_or_404(
        questionnaire.basket_sets.select_related("question_set"), pk=set_id
    )
    basket_set.questionnaire = questionnaire
    name = basket_set.question_set.name_nl
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        return _invalid(request, questionnaire, form)
    data = form.cleaned_data
    try:
        impact = services.questionnaire_remove_set(
            basket_set=basket_set,
            expected_version=data["lock_version"],
            confirmed=data["confirmed"],
        )
    except services.DeletionNeedsConfirmation as exc:
        title = _("Vragenset %(name)s uit de vragenlijst verwijderen?") % {"name": name}
        return _confirm_deletion(
            request,
            questionnaire,
            exc.impact,
            kind="set",
            lock_version=data["lock_version"],
            title=title,
        )
    except ValidationError as exc:
        return _refused(request, questionnaire, exc)
    count = len(impact.codes)
    message = ngettext(
        "Vragenset %(name)s is uit de vragenlijst verwijderd, met %(count)d vraag.",
        "Vragenset %(name)s is uit de vragenlijst verwijderd, met %(count)d vragen.",
        count,
    ) % {"name": name, "count": count}
    return _done(request, questionnaire, message, anchor="#summary-title", focus="summary-title")


# --------------------------------------------------------------------------- order


def _move(request, questionnaire, *, item_id=None, section_id=None, action: str):
    form = MoveForm(request.POST)
    if not form.is_valid():
        if item_id is not None:  # another questionnaire's item: 404 before the form's errors
            get_item_for_questionnaire(questionnaire, item_id)
        return _invalid(request, questionnaire, form)
    data = form.cleaned_data
    read = BuilderRead() if request.htmx else None  # the fragment reuses what the move read
    try:
        ordering.questionnaire_move(
            questionnaire=questionnaire,
            expected_version=data["lock_version"],
            direction=data["direction"],
            item_id=item_id,
            section_id=section_id,
            confirmed=data["confirmed"],
            read=read,
        )
    except ordering.NotInQuestionnaire:
        raise Http404("No item matches the given query.") from None
    except services.ConfirmationRequired as exc:
        fields = {"lock_version": data["lock_version"], "direction": data["direction"]}
        title = _("Volgorde wijzigen en vergelijkbaarheid verliezen?")
        return _confirm(request, questionnaire, exc, action=action, fields=fields, title=title)
    except ValidationError as exc:
        return _refused(request, questionnaire, exc)
    anchor = f"#item-{item_id}" if item_id else f"#section-{section_id}"
    return _done(request, questionnaire, _("De volgorde is opgeslagen."), anchor=anchor, read=read)


@login_required
@require_POST
def questionnaire_item_move(request: HttpRequest, pk: int, item_id: int) -> HttpResponse:
    questionnaire = get_questionnaire_for_user(request.user, pk, write=True)
    return _move(request, questionnaire, item_id=item_id, action=request.path)


@login_required
@require_POST
def questionnaire_section_move(request: HttpRequest, pk: int, section_id: int) -> HttpResponse:
    questionnaire = get_questionnaire_for_user(request.user, pk, write=True)
    section = get_object_or_404(questionnaire.sections, pk=section_id)
    return _move(request, questionnaire, section_id=section.pk, action=request.path)


@login_required
@require_POST
def questionnaire_reorder(request: HttpRequest, pk: int) -> HttpResponse:
    questionnaire = get_questionnaire_for_user(request.user, pk, write=True)
    form = ReorderForm(request.POST)
    if not form.is_valid():
        return _invalid(request, questionnaire, form)
    data = form.cleaned_data
    try:
        ordering.questionnaire_reorder(
            questionnaire=questionnaire,
            expected_version=data["lock_version"],
            order=data["order"],
            confirmed=data["confirmed"],
        )
    except services.ConfirmationRequired as exc:
        fields = {"lock_version": data["lock_version"], "order": request.POST["order"]}
        title = _("Volgorde wijzigen en vergelijkbaarheid verliezen?")
        return _confirm(
            request, questionnaire, exc, action=request.path, fields=fields, title=title
        )
    except ValidationError as exc:
        return _refused(request, questionnaire, exc)
    return _done(request, questionnaire, _("De volgorde is opgeslagen."))


# --------------------------------------------------------------------------- items
