"""URLs of the shared shelf (namespace `questionsets`)."""

from django.urls import path

from . import views

urlpatterns = [
    path("gedeelde-vragen/<int:shared_id>/", views.shared_question, name="shelf-question"),
    path("gedeelde-vragen/<int:shared_id>/gebruiken/", views.use, name="shelf-use"),
    path("gedeelde-vragen/<int:shared_id>/intrekken/", views.withdraw, name="shelf-withdraw"),
    path(
        "gedeelde-vragen/<int:shared_id>/nationaal-voorstellen/",
        views.propose,
        name="shelf-propose",
    ),
    path(
        "vragenlijsten/<int:pk>/gedeelde-vragen/<int:item_id>/bijwerken/",
        views.upgrade,
        name="shelf-upgrade",
    ),
    path(
        "vragenlijsten/<int:pk>/lokale-vragen-delen/",
        views.shareable_list,
        name="shelf-shareable",
    ),
    path(
        "vragenlijsten/<int:pk>/lokale-vragen-delen/<int:item_id>/",
        views.publish,
        name="shelf-publish",
    ),
]
