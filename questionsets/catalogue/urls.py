"""URLs of public catalogue pages; included under the `questionsets` namespace."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("begrippen/<slug:slug>/", views.concept_detail, name="concept-detail"),
    path("sets/<str:code>/", views.questionset_detail, name="questionset-detail"),
    path("indicatoren/<str:code>/", views.indicator_detail, name="indicator-detail"),
    path("vragen/<str:code>/", views.question_detail, name="question-detail"),
    path("zoeken/", views.search_page, name="search"),
]
