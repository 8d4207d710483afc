"""Public catalogue pages: concept map, concepts, sets, questions, search."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "questionsets/home.html")
