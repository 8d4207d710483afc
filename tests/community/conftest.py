import pytest
from django.core.cache import cache

from questionsets.community.models import Post

from .. import factories


@pytest.fixture(autouse=True)
def _empty_cache(db):
    """The posting rate limit lives in the shared cache: start every test at zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def concept(db):
    return factories.make_concept(slug="vertrouwen", name_nl="Vertrouwen", name_en="Trust")


@pytest.fixture
def qset(db):
    return factories.make_question_set(code="vertrouwenset", name_nl="Vertrouwensset")


@pytest.fixture
def stranger(db):
    """Logged in, but a member of no municipality."""
    return factories.make_user(username="stranger")


@pytest.fixture
def make_post(municipality):
    def make(*, author, concept=None, question_set=None, parent=None, **kw):
        kw.setdefault("title", "" if parent else "Polarisatie na een incident")
        kw.setdefault("body", "Wij zien hier dit verschijnsel. Ervaring elders?")
        if parent is not None:
            concept, question_set = parent.concept, parent.question_set
        return Post.objects.create(
            author=author,
            municipality=kw.pop("municipality", municipality),
            concept=concept,
            question_set=question_set,
            parent=parent,
            **kw,
        )

    return make


def htmx(client):
    """Requests as htmx sends them (the fragment instead of the full page)."""
    client.defaults["HTTP_HX_REQUEST"] = "true"
    return client
