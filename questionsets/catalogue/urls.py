"""URLs of public catalogue pages; included under the `questionsets` namespace."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("begrippen/<slug:slug>/", views.concept_detail, name="concept-detail"),
    path("begrippen/<slug:slug>/paneel/", views.concept_panel, name="concept-panel"),
    path("begrippen/<slug:slug>/samenvatting/", views.concept_summary, name="concept-summary"),
    path(
        "begrippen/<slug:slug>/samenvatting-<str:language>.pdf",
        views.concept_summary_pdf,
        name="concept-summary-pdf",
    ),
    path("begrippenkader-<str:language>.pdf", views.framework_download, name="framework-pdf"),
    path("sets/<str:code>/", views.questionset_detail, name="questionset-detail"),
    path("indicatoren/<str:code>/", views.indicator_detail, name="indicator-detail"),
    path("vragen/<str:code>/", views.question_detail, name="question-detail"),
    path("zoeken/", views.search_page, name="search"),
]
