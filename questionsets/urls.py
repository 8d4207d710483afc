from django.urls import path

from .views import catalogue, questionnaires  # noqa: F401

app_name = "questionsets"

catalogue_urls = [
    path("", catalogue.home, name="home"),
    path("begrippen/<slug:slug>/", catalogue.concept_detail, name="concept-detail"),
    path("sets/<str:code>/", catalogue.questionset_detail, name="questionset-detail"),
    path("vragen/<str:code>/", catalogue.question_detail, name="question-detail"),
    path("zoeken/", catalogue.search_page, name="search"),
]

questionnaire_urls: list = []

urlpatterns = catalogue_urls + questionnaire_urls
