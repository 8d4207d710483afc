"""Views of single items: a local question's form, adapting a national item, removal and version choices."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import items, services
from .access import (
    get_item_for_questionnaire,
    get_questionnaire_for_user,
    parse_id,
)
from .forms import (
    AdaptForm,
    ConfirmForm,
    LocalItemForm,
    NewLocalItemForm,
)
from .responses import (
    _confirm,
    _done,
    _invalid,
    _refused,
)


@login_required
@require_POST
def questionnaire_item_remove(request: HttpRequest, pk: int, item_id: int) -> HttpResponse:
    questionnaire = get_questionnaire_for_user(request.user, pk, write=True)
    item = get_item_for_questionnaire(questionnaire, item_id)
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        return _invalid(request, questionnaire, form)
    try:
        items.questionnaire_remove_item(
            item=item,
            expected_version=form.cleaned_data["lock_version"],
            confirmed=form.cleaned_data["confirmed"],
        )
    except services.ConfirmationRequired as exc:
        fields = {"lock_version": form.cleaned_data["lock_version"]}
        title = _("Vraag %(code)s verwijderen en vergelijkbaarheid verliezen?") % {
            "code": item.code
        }
        return _confirm(
            request, questionnaire, exc, action=request.path, fields=fields, title=title
        )
    except ValidationError as exc:
        return _refused(request, questionnaire, exc)
    return _done(request, questionnaire, _("Vraag %(code)s is verwijderd.") % {"code": item.code})


@login_required
@require_POST
def questionnaire_set_restore(request: HttpRequest, pk: int, set_id: int) -> HttpResponse:
    """Put a question that was removed from a basket set back in its place ("Terugzetten")."""
    questionnaire = get_questionnaire_for_user(request.user, pk, write=True)
    basket_set = get_object_or_404(
        questionnaire.basket_sets.select_related("question_set"), pk=set_id
    )
    basket_set.questionnaire = questionnaire
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        return _invalid(request, questionnaire, form)
    try:
        item = items.questionnaire_restore_item(
            basket_set=basket_set,
            set_item_id=parse_id(request.POST.get("set_item")),
            expected_version=form.cleaned_data["lock_version"],
        )
    except ValidationError as exc:
        return _refused(request, questionnaire, exc)
    message = _("Vraag %(code)s is teruggezet.") % {"code": item.code}
    return _done(request, questionnaire, message, anchor=f"#item-{item.pk}", focus=f"up-{item.pk}")


@login_required
@require_POST
def questionnaire_item_upgrade(request: HttpRequest, pk: int, item_id: int) -> HttpResponse:
    return _version_choice(request, pk, item_id, items.questionnaire_upgrade_item)


@login_required
@require_POST
def questionnaire_item_keep(request: HttpRequest, pk: int, item_id: int) -> HttpResponse:
    return _version_choice(request, pk, item_id, items.questionnaire_keep_version)


def _version_choice(request, pk, item_id, service) -> HttpResponse:
    questionnaire = get_questionnaire_for_user(request.user, pk, write=True)
    item = get_item_for_questionnaire(questionnaire, item_id)
    if not item.is_national:
        raise Http404("Not a national item.")
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        return _invalid(request, questionnaire, form)
    try:
        service(item=item, expected_version=form.cleaned_data["lock_version"])
    except ValidationError as exc:
        return _refused(request, questionnaire, exc)
    message = _("Vraag %(code)s: keuze voor de versie is opgeslagen.") % {"code": item.code}
    return _done(request, questionnaire, message, anchor=f"#item-{item.pk}")


def _item_form_page(request, questionnaire, form, template, **extra) -> HttpResponse:
    context = {"questionnaire": questionnaire, "form": form, **extra}
    return render(request, template, context, status=422 if form.errors else 200)


@login_required
def questionnaire_item_create(request: HttpRequest, pk: int) -> HttpResponse:
    questionnaire = get_questionnaire_for_user(request.user, pk, write=True)
    initial = {
        "lock_version": questionnaire.lock_version,
        "code": services.next_local_code(questionnaire),
        "section": request.GET.get("section"),
    }
    form = NewLocalItemForm(request.POST or None, questionnaire=questionnaire, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item = items.questionnaire_add_local_item(
                questionnaire=questionnaire,
                section=data["section"],
                data=data,
                expected_version=data["lock_version"],
                new_scale=form.new_scale(),
            )
        except ValidationError as exc:
            return _refused(request, questionnaire, exc)
        message = _("Lokale vraag %(code)s is toegevoegd.") % {"code": item.code}
        return _done(request, questionnaire, message, anchor=f"#item-{item.pk}")
    return _item_form_page(
        request, questionnaire, form, "questionsets/questionnaire_item_form.html", item=None
    )


@login_required
def questionnaire_item_edit(request: HttpRequest, pk: int, item_id: int) -> HttpResponse:
    questionnaire = get_questionnaire_for_user(request.user, pk, write=True)
    item = get_item_for_questionnaire(questionnaire, item_id)
    if item.is_national:
        return redirect("questionsets:questionnaire-item-adapt", questionnaire.pk, item.pk)
    initial = {
        "lock_version": questionnaire.lock_version,
        "code": item.code,
        "section": item.section_id,
        "wording": item.wording,
        "instruction": item.instruction,
        "answer_type": item.answer_type,
        "scale": f"c{item.scale_id}"
        if item.scale_id
        else (f"l{item.local_scale_id}" if item.local_scale_id else ""),
    }
    form = LocalItemForm(
        request.POST or None, questionnaire=questionnaire, item=item, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            items.questionnaire_update_local_item(
                item=item,
                data=data,
                expected_version=data["lock_version"],
                new_scale=form.new_scale(),
            )
        except ValidationError as exc:
            return _refused(request, questionnaire, exc)
        message = _("Vraag %(code)s is opgeslagen.") % {"code": item.code}
        return _done(request, questionnaire, message, anchor=f"#item-{item.pk}")
    return _item_form_page(
        request, questionnaire, form, "questionsets/questionnaire_item_form.html", item=item
    )


@login_required
def questionnaire_item_adapt(request: HttpRequest, pk: int, item_id: int) -> HttpResponse:
    questionnaire = get_questionnaire_for_user(request.user, pk, write=True)
    item = get_item_for_questionnaire(questionnaire, item_id)
    if not item.is_national:
        return redirect("questionsets:questionnaire-item-edit", questionnaire.pk, item.pk)
    version = item.question_version
    initial = {
        "lock_version": questionnaire.lock_version,
        "code": services.next_local_code(questionnaire),
        "wording": version.wording_nl,
        "instruction": version.instruction_nl,
    }
    form = AdaptForm(request.POST or None, questionnaire=questionnaire, item=item, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            items.questionnaire_adapt_item(
                item=item, data=data, expected_version=data["lock_version"]
            )
        except ValidationError as exc:
            return _refused(request, questionnaire, exc)
        message = _("Vraag %(old)s is aangepast als lokale vraag %(code)s (niet vergelijkbaar).")
        message %= {"old": version.question.code, "code": item.code}
        return _done(request, questionnaire, message, anchor=f"#item-{item.pk}")
    return _item_form_page(
        request,
        questionnaire,
        form,
        "questionsets/questionnaire_item_adapt.html",
        item=item,
        version=version,
    )
