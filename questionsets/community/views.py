"""Thin views of the community panel: read and post, reply, hide, delete, follow, profile.

The panel is an htmx fragment loaded by the concept and set pages (so their own query
counts do not change); without htmx the same URL is a full page. Every view is for members
of a municipality (and curators); anyone else gets a 404, anonymous visitors the login page.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from . import selectors, services
from .forms import HideForm, PostForm, ProfileForm, ReplyForm

TOO_MANY = gettext_lazy(
    "U heeft in korte tijd veel berichten geplaatst. Probeer het over een uur opnieuw."
)


@login_required
@require_http_methods(["GET", "POST"])
def concept_posts(request: HttpRequest, slug: str) -> HttpResponse:
    reader = selectors.reader_of(request.user)
    return _posts_page(request, reader, concept=selectors.get_concept(slug))


@login_required
@require_http_methods(["GET", "POST"])
def set_posts(request: HttpRequest, code: str) -> HttpResponse:
    reader = selectors.reader_of(request.user)
    return _posts_page(request, reader, question_set=selectors.get_question_set(code))


def _posts_page(request, reader, **page) -> HttpResponse:
    form = PostForm(municipalities=reader.municipalities)
    if request.method == "POST":
        form = PostForm(request.POST, municipalities=reader.municipalities)
        if _posted(request, form, reader, page):
            return _back(request, reader, page, done="posted")
        _focus_first_error(form)
    status = 400 if form.errors else 200
    return _render_panel(request, reader, page, {"post_form": form}, status=status)


def _posted(request, form, reader, page) -> bool:
    if not reader.municipality:
        form.add_error(None, _("Alleen medewerkers van een gemeente kunnen berichten plaatsen."))
    if not form.is_valid():
        return False
    try:
        services.create_post(
            author=request.user,
            municipality=form.chosen_municipality(),
            **page,
            title=form.cleaned_data["title"],
            body=form.cleaned_data["body"],
        )
    except services.TooManyPosts:
        form.add_error(None, TOO_MANY)
        return False
    return True


def _focus_first_error(form) -> None:
    """htmx focuses the swapped-in element marked autofocus: the first field to correct."""
    for name in form.errors:
        if name in form.fields:
            form.fields[name].widget.attrs["autofocus"] = True
            return


def _page_of(post) -> dict:
    return {"concept": post.concept} if post.concept_id else {"question_set": post.question_set}


def _page_url(page: dict) -> str:
    if page.get("concept") is not None:
        return reverse("questionsets:concept-detail", args=[page["concept"].slug])
    return reverse("questionsets:questionset-detail", args=[page["question_set"].code])


def _back(request, reader, page, *, done: str) -> HttpResponse:
    """After a write: the fresh panel for htmx (focus on what was done), else the page."""
    if request.htmx:
        return _render_panel(request, reader, page, {"done": done})
    return redirect(_page_url(page) + "#collegas")


def _render_panel(request, reader, page, extra=None, *, status=200) -> HttpResponse:
    context = {"panel": selectors.panel(reader, **page), "page_url": _page_url(page)}
    context.setdefault("post_form", PostForm(municipalities=reader.municipalities))
    context.update(extra or {})
    template = (
        "questionsets/community/panel.html"
        if request.htmx
        else "questionsets/community/posts_page.html"
    )
    return render(request, template, context, status=status)


@login_required
@require_POST
def reply(request: HttpRequest, post_id: str) -> HttpResponse:
    reader = selectors.reader_of(request.user)
    parent = selectors.get_post(reader, post_id)
    if parent.parent_id or parent.is_hidden:
        raise Http404("Op dit bericht kan niet worden gereageerd.")
    error = _replied(request, reader, parent)
    if not error:
        return _back(request, reader, _page_of(parent), done="replied")
    extra = {
        "reply_error": error,
        "reply_to": parent.pk,
        "reply_body": request.POST.get("body"),
        "reply_municipality": request.POST.get("municipality"),
    }
    return _render_panel(request, reader, _page_of(parent), extra, status=400)


def _replied(request, reader, parent) -> str:
    """Store the reply; return why it was refused, or an empty string."""
    form = ReplyForm(request.POST, municipalities=reader.municipalities)
    if not reader.municipality:
        return _("Alleen medewerkers van een gemeente kunnen reageren.")
    if not form.is_valid():
        return " ".join(message for messages in form.errors.values() for message in messages)
    try:
        services.reply(
            author=request.user,
            municipality=form.chosen_municipality(),
            parent=parent,
            body=form.cleaned_data["body"],
        )
    except services.TooManyPosts:
        return str(TOO_MANY)
    return ""


@login_required
@require_http_methods(["GET", "POST"])
def hide(request: HttpRequest, post_id: str) -> HttpResponse:
    reader = selectors.reader_of(request.user)
    if not reader.curator:
        raise Http404("Alleen curatoren verbergen berichten.")
    post = selectors.get_post(reader, post_id)
    form = HideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.hide_post(post=post, curator=request.user, reason=form.cleaned_data["reason"])
        return redirect(_page_url(_page_of(post)) + "#collegas")
    context = {"post": post, "form": form, "page_url": _page_url(_page_of(post))}
    return render(
        request, "questionsets/community/hide.html", context, status=400 if form.errors else 200
    )


@login_required
@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest, post_id: str) -> HttpResponse:
    reader = selectors.reader_of(request.user)
    post = selectors.get_post(reader, post_id)
    if post.author_id != request.user.pk:
        raise Http404("Alleen de auteur verwijdert een bericht.")
    page_url = _page_url(_page_of(post))
    if request.method == "POST":
        services.delete_post(post=post)
        return redirect(page_url + "#collegas")
    return render(
        request, "questionsets/community/delete.html", {"post": post, "page_url": page_url}
    )


@login_required
@require_POST
def follow(request: HttpRequest, slug: str) -> HttpResponse:
    reader = selectors.reader_of(request.user)
    concept = selectors.get_concept(slug)
    services.toggle_follow(user=request.user, concept=concept, language=get_language() or "nl")
    return _back(request, reader, {"concept": concept}, done="follow")


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    reader = selectors.reader_of(request.user)
    current = selectors.profile_of(request.user)
    initial = {f: getattr(current, f) for f in ("show_name", "display_name", "contact_email")}
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.save_profile(user=request.user, **form.cleaned_data)
        messages.success(request, _("Uw keuze is opgeslagen."))
        return redirect("questionsets:community-profile")
    context = {"form": form, "reader": reader}
    return render(
        request, "questionsets/community/profile.html", context, status=400 if form.errors else 200
    )
