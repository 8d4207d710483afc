"""Municipal questionnaires (the basket). Login required; tenant-isolated."""
