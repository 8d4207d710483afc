"""Optimistic locking: two edits based on the same lock_version, exactly one wins.

The race test needs real concurrent transactions, so it runs on PostgreSQL only
(SQLite serialises writers on the whole database and proves nothing here).
"""

import threading

import pytest
from django.db import connection

from questionsets.questionnaires import services

from ..basket import fresh


@pytest.fixture
def questionnaire(municipality, editor):
    return services.questionnaire_create(
        municipality=municipality, title="Monitor", year=2025, user=editor
    )


@pytest.mark.django_db
def test_a_stale_edit_is_refused_and_changes_nothing(questionnaire):
    services.questionnaire_add_section(questionnaire=questionnaire, title="A", expected_version=1)
    with pytest.raises(services.StaleQuestionnaire):
        services.questionnaire_add_section(
            questionnaire=questionnaire, title="B", expected_version=1
        )
    assert list(questionnaire.sections.values_list("title", flat=True)) == ["Algemeen", "A"]
    assert fresh(questionnaire).lock_version == 2


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_edits_of_the_same_version_one_wins(questionnaire):
    if connection.vendor != "postgresql":
        pytest.skip("row-level concurrency is only meaningful on PostgreSQL")
    barrier = threading.Barrier(2)
    outcomes = []

    def edit(title):
        from django.db import connections

        try:
            barrier.wait(timeout=10)
            services.questionnaire_add_section(
                questionnaire=fresh(questionnaire), title=title, expected_version=1
            )
            outcomes.append("ok")
        except services.StaleQuestionnaire:
            outcomes.append("stale")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=edit, args=(t,)) for t in ("A", "B")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["ok", "stale"]
    assert fresh(questionnaire).lock_version == 2
    assert questionnaire.sections.count() == 2
