"""The app's URLs: each capability's own `urls.py`, under one `questionsets` namespace."""

from .catalogue import urls as catalogue
from .curation import urls as curation
from .exports import urls as exports
from .questionnaires import urls as questionnaires
from .results import urls as results

app_name = "questionsets"

urlpatterns = [
    *catalogue.urlpatterns,
    *questionnaires.urlpatterns,
    *results.urlpatterns,
    *exports.urlpatterns,
    *curation.urlpatterns,
]
