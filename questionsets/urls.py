from django.urls import path

from . import views

app_name = "questionsets"

urlpatterns = [
    path("", views.home, name="home"),
]
