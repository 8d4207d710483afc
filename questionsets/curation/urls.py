"""URLs of the curation area under /curatie/; included under the `questionsets` namespace."""

from django.urls import include, path

from .review import urls as review

urlpatterns = [
    path("curatie/", include(review.urlpatterns)),
]
