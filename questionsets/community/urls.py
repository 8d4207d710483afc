"""URLs of the community (questions to colleagues); included under `questionsets`."""

from django.urls import path

from . import views

urlpatterns = [
    path("begrippen/<slug:slug>/vragen-aan-collegas/", views.concept_posts, name="concept-posts"),
    path("begrippen/<slug:slug>/volgen/", views.follow, name="concept-follow"),
    path("sets/<str:code>/vragen-aan-collegas/", views.set_posts, name="set-posts"),
    path("vragen-aan-collegas/profiel/", views.profile, name="community-profile"),
    path("vragen-aan-collegas/<str:post_id>/reageren/", views.reply, name="post-reply"),
    path("vragen-aan-collegas/<str:post_id>/verbergen/", views.hide, name="post-hide"),
    path("vragen-aan-collegas/<str:post_id>/verwijderen/", views.delete, name="post-delete"),
]
