"""The curators' workbench under /curatie/: the catalogue in the site's own style.

Lists are server-side GET forms (search + filters), paginated, read in a constant number
of queries. Writes go through ``services`` (keyword-only, one transaction, audit trail).
Proposals for new versions, sets, retirements and scales live in ``curation/review``.
"""
