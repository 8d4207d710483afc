from django.urls import path

from .views import catalogue, questionnaires  # noqa: F401

app_name = "questionsets"

catalogue_urls = [
    path("", catalogue.home, name="home"),
]

questionnaire_urls: list = []

urlpatterns = catalogue_urls + questionnaire_urls
