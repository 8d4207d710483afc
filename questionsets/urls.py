"""The app's URLs: each capability's own `urls.py`, under one `questionsets` namespace."""

from .accounts import urls as accounts
from .catalogue import urls as catalogue
from .community import urls as community
from .curation import urls as curation
from .exports import urls as exports
from .questionnaires import urls as questionnaires
from .results import urls as results
from .sharing import urls as sharing
from .shelf import urls as shelf

app_name = "questionsets"

urlpatterns = [
    *community.urlpatterns,
    *catalogue.urlpatterns,
    *questionnaires.urlpatterns,
    *results.urlpatterns,
    *exports.urlpatterns,
    *curation.urlpatterns,
    *accounts.urlpatterns,
    *sharing.urlpatterns,
    *shelf.urlpatterns,
]
