"""What approving a proposal does to municipalities: whose active questionnaires use it, and what they see."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from ...models import Municipality, Questionnaire, QuestionnaireItem
from .models import Proposal


@dataclass
class Effect:
    municipalities: list[Municipality]
    notice: str  # what they will see, in their own words
    notifies: bool  # whether the builder shows them a notice


def effect_of(proposal: Proposal) -> Effect:
    """One query: the municipalities with an active questionnaire that uses the target."""
    active = Questionnaire.Status.ACTIVE
    if proposal.kind == Proposal.Kind.QUESTION:
        notice = _("Geen melding: een nieuwe vraag verandert niets aan bestaande vragenlijsten.")
        return Effect([], notice, False)
    if proposal.kind in (Proposal.Kind.VERSION, Proposal.Kind.RETIRE_QUESTION):
        users = Municipality.objects.filter(
            questionnaires__status=active,
            questionnaires__items__kind=QuestionnaireItem.Kind.NATIONAL,
            questionnaires__items__question_version__question_id=proposal.question_id,
        )
        if proposal.kind == Proposal.Kind.RETIRE_QUESTION:
            notice = _(
                "Geen melding: de vraag blijft in hun vragenlijst staan zoals hij is; de bouwer "
                "markeert hem als vervallen. Nieuw toevoegen kan niet meer."
            )
            return Effect(_list(users), notice, False)
        number = proposal.payload.get("number")
        notice = _(
            "In de vragenlijst bij deze vraag: “Er is een nieuwere landelijke versie: "
            "versie %(n)s.” met de gewijzigde tekst en de keuze om bij te werken of de "
            "huidige versie te houden."
        ) % {"n": number}
        return Effect(_list(users), notice, True)
    if proposal.question_set_id is None:
        return Effect([], _("Niemand gebruikt deze set nog; er komt geen melding."), False)
    users = Municipality.objects.filter(
        questionnaires__status=active,
        questionnaires__basket_sets__question_set_id=proposal.question_set_id,
    )
    if proposal.kind == Proposal.Kind.RETIRE_SET:
        notice = _(
            "Geen melding: de set blijft in hun vragenlijst staan zoals hij is, maar is in de "
            "catalogus niet meer te kiezen."
        )
    else:
        notice = _(
            "Geen melding: hun vragenlijst blijft zoals hij is. Nieuwe versies van vragen in de "
            "set krijgen ze als melding bij die vraag; wie de set opnieuw kiest, krijgt de "
            "nieuwe samenstelling."
        )
    return Effect(_list(users), notice, False)


def scale_effect() -> Effect:
    return Effect(
        [],
        _(
            "Geen: een schaal verandert pas iets voor gemeenten via een nieuwe versie van een vraag."
        ),
        False,
    )


def _list(queryset) -> list[Municipality]:
    return list(queryset.distinct().order_by("name").only("pk", "code", "name"))
