"""Models of the questionsets app, one module per area; everything is importable from here."""
# ruff: noqa: F401  (re-exports: every model is importable from questionsets.models)

from ..accounts.models import AccessRequest, Invitation
from ..catalogue.models import (
    AnswerOption,
    AnswerScale,
    AnswerScaleQuerySet,
    Concept,
    ConceptRelation,
    Definition,
    Indicator,
    Source,
)
from ..catalogue.question_models import (
    CHOICE_TYPES,
    AnswerType,
    Question,
    QuestionSet,
    QuestionSetItem,
    QuestionSetQuerySet,
    QuestionVersion,
    QuestionVersionQuerySet,
    Verification,
)
from ..catalogue.scoring import Aggregate, ScoringItem, ScoringKind, ScoringRule
from ..community.models import Follow, Post, PosterProfile  # noqa: F401
from ..curation.models import CatalogueChange  # noqa: F401
from ..curation.review.models import Proposal  # noqa: F401
from ..questionnaires.models import (  # noqa: F401
    LocalOption,
    LocalScale,
    Membership,
    Municipality,
    Questionnaire,
    QuestionnaireItem,
    QuestionnaireItemQuerySet,
    QuestionnaireSection,
    QuestionnaireSet,
)
from ..results.models import (  # noqa: F401
    LocalResult,
    NationalFigure,
    NationalFigureQuerySet,
    ResultUpload,
    SamplePlan,
    Statistic,
)
from ..sharing.models import (  # noqa: F401
    MunicipalitySharing,
    PublicQuestionnaire,
    QuestionnaireShare,
)
from ..shelf.models import (  # noqa: F401
    NationalProposal,
    SharedOption,
    SharedQuestion,
    SharedQuestionVersion,
)
from .base import (  # noqa: F401
    CODE_MAX_LENGTH,
    CODE_PATTERN,
    LOCAL_CODE_PREFIX,
    ImmutableError,
    TimeStampedModel,
    code_field,
    code_rule_constraint,
    code_validator,
    fingerprint,
    validate_not_local_namespace,
)
