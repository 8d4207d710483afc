"""The app's URLs: each capability's own `urls.py`, under one `questionsets` namespace."""

from .catalogue import urls as catalogue
from .exports import urls as exports
from .questionnaires import urls as questionnaires
from .results import urls as results
from .sharing import urls as sharing

app_name = "questionsets"

urlpatterns = [
    *catalogue.urlpatterns,
    *questionnaires.urlpatterns,
    *results.urlpatterns,
    *exports.urlpatterns,
    *sharing.urlpatterns,
]
