"""The JSON API's typed models: what the endpoints take and return, as their OpenAPI components.

The ids a deployment offers (packs, languages, questions and their values) are data, so the request models are built
from the loaded packs and catalogs by `RequestModels.build`; the response models are fixed.
"""

from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, RootModel

from app.policy import Packs
from app.web.i18n import Catalogs

# --------------------------------------------------------------------------- responses


class Citation(BaseModel):
    # Read straight from the presenter's CitationView objects (no per-field copying).
    model_config = ConfigDict(from_attributes=True)

    title: str
    url: str | None = Field(default=None, description="An official copy, where there is one to link to")
    pin: str | None = None


class TimelinePeriod(BaseModel):
    start: date
    status: Literal["in_force", "blocked", "ended"]
    summary: str
    citations: list[Citation]


class PolicyPack(BaseModel):
    id: str
    title: str
    summary: str
    default: bool
    documents: list[Citation]
    timeline: list[TimelinePeriod]


class PolicyList(BaseModel):
    policies: list[PolicyPack]


class AnswerOption(BaseModel):
    value: str
    label: str


class AnswerTest(BaseModel):
    """Holds when the answer to `question` is one of `in` (for a multi-select: any chosen one)."""

    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)

    question: str
    in_: list[str] = Field(alias="in")


class AllOf(BaseModel):
    """Holds when every part holds."""

    all: list["Condition"]


class AnyOf(BaseModel):
    """Holds when any part holds."""

    any: list["Condition"]


Condition = AnswerTest | AllOf | AnyOf
AllOf.model_rebuild()
AnyOf.model_rebuild()


class QuestionInfo(BaseModel):
    id: str
    type: Literal["single", "multi"]
    condition: Condition | None = Field(description="When the web flow asks it; null: always")
    text: str
    hint: str
    why: str
    options: list[AnswerOption]
    page: str = Field(description="The id of the web flow's page that asks it")


class PageQuestion(BaseModel):
    id: str


class FlowPage(BaseModel):
    """A page of the web flow: closely related questions asked together, in order."""

    id: str
    title: str
    questions: list[PageQuestion]


class QuestionList(BaseModel):
    policy: str
    lang: str
    questions: list[QuestionInfo]
    pages: list[FlowPage]


class PolicyStatus(BaseModel):
    id: str
    title: str
    status: Literal["not_yet_in_force", "in_force", "blocked", "ended"]
    status_since: date | None
    status_name: str
    status_text: str
    status_summary: str
    citations: list[Citation]


class FactorText(BaseModel):
    id: str
    kind: Literal["favorable", "aggravating"]
    name: str
    explanation: str
    lawyer_note: str | None = None
    documents: list[str]
    citations: list[Citation]


class CategoryText(BaseModel):
    id: str
    name: str
    explanation: str
    citations: list[Citation]


class Link(BaseModel):
    """A phone number or address the words name, written out in them."""

    model_config = ConfigDict(from_attributes=True)

    text: str
    href: str


class Source(BaseModel):
    """What a statement about today rests on: a formal citation (never translated), a URL only where the project's
    policy brief gives one, and how sure the brief is: C confirmed, P supported by secondary sources, R reported."""

    model_config = ConfigDict(from_attributes=True)

    citation: str
    url: str | None = None
    confidence: Literal["C", "P", "R"]


class UrgentText(BaseModel):
    id: str = Field(description="The contract's urgent flag")
    title: str
    action: str
    links: list[Link]
    sources: list[Source]
    checked: date = Field(description="When these words were last checked against their sources")


class NextStepText(BaseModel):
    id: str = Field(description="The step's id in the project's data (app/policy/data/present.yaml)")
    text: str = Field(description="The words, with the phone numbers and addresses of `links` written in")
    links: list[Link]
    sources: list[Source]
    checked: date = Field(description="When these words were last checked against their sources")


class UnsureAnswer(BaseModel):
    id: str
    text: str


class ResultText(BaseModel):
    assessment_heading: str
    assessment: str
    urgent: list[UrgentText]
    priorities: list[CategoryText]
    unclear: list[CategoryText]
    favorable_factors: list[FactorText]
    aggravating_factors: list[FactorText]
    unsure_answers: list[UnsureAnswer]
    today: list[str] = Field(description="What the result means on the as-of date, sentence by sentence")
    facts_checked: date | None = Field(description="When the facts about today shown were last checked (null: none shown)")
    facts_may_be_out_of_date: bool = Field(description="Some fact shown was last checked more than six months before "
                                                       "the as-of date: a lawyer will know what is true now")
    next_steps: list[NextStepText]
    disclaimer: str


class ScreenResult(BaseModel):
    policy: PolicyStatus
    as_of: date
    lang: str
    assessment: Literal["may_be_priority", "cannot_tell", "may_fall_outside_priorities"]
    priorities: list[str]
    unclear: list[str]
    favorable_factors: list[str]
    aggravating_factors: list[str]
    urgent: list[str]
    text: ResultText


class ResumeCode(BaseModel):
    code: str = Field(description="The code, in groups of four joined by dashes; anyone who has it can read the answers")
    policy: str
    length: int = Field(description="Characters in a code, without the dashes")


class ResumedAnswers(BaseModel):
    policy: str
    lang: str
    answers: dict[str, str | list[str]] = Field(
        description="The answers that count, in question order (a list for a multi-select); unanswered ones left out")


# --------------------------------------------------------------------------- requests

REQUEST_FIELDS = ("policy", "as_of", "lang", "answers")
CODE_REQUEST_FIELDS = ("policy", "lang", "answers")
READ_REQUEST_FIELDS = ("code", "lang")
MAX_CODE_TEXT = 64  # a code as typed, with spaces and dashes: far more than any code needs
# A valid request nests at most this deep: the body, `answers`, a multi-select's list.
MAX_REQUEST_DEPTH = 3


def _iso_date_text(value: object) -> object:
    """Only "YYYY-MM-DD" text: pydantic alone would also take a number of seconds or a date-time."""
    if not isinstance(value, str) or len(value) != 10:
        raise ValueError("expected a date written YYYY-MM-DD")
    return value


IsoDate = Annotated[date, BeforeValidator(_iso_date_text)]


def _no_default(schema: dict[str, Any]) -> None:
    schema.pop("default", None)  # left out means today; null is refused


@dataclass(frozen=True)
class RequestModels:
    """This deployment's request types: its pack ids, its languages and the screen request with its answers."""

    policy_id: type[Enum]
    language: type[Enum]
    screen_request: type[BaseModel]
    code_request: type[BaseModel]
    code_reading: type[BaseModel]

    @classmethod
    def build(cls, packs: Packs, catalogs: Catalogs, default_language: str) -> "RequestModels":
        policy_id = Enum("PolicyId", {p.id: p.id for p in packs}, type=str)  # type: ignore[misc]
        language = Enum("Language", {lang: lang for lang in catalogs.languages}, type=str)  # type: ignore[misc]
        questions = {q.id: q for pack in packs for q in pack.questions}
        properties = {
            q.id: {"type": "array", "items": {"type": "string", "enum": list(q.values)}}
            if q.kind == "multi" else {"type": "string", "enum": list(q.values)}
            for q in questions.values()
        }

        def answers_schema(schema: dict[str, Any]) -> None:
            schema.clear()
            schema.update({
                "type": "object", "additionalProperties": False, "properties": properties,
                "description": "Question ids and the chosen value (a list for a multi-select; an empty list is "
                               "no answer). Any subset; an answer whose question's condition does not hold is ignored.",
            })

        class Answers(RootModel[dict[str, Any]]):
            # Any JSON here: the core's check_answers judges ids and values, for the web flow as for the API.
            model_config = ConfigDict(json_schema_extra=answers_schema)

        class ScreenRequest(BaseModel):
            model_config = ConfigDict(extra="forbid")

            policy: policy_id = Field(default=policy_id(packs.default_id))
            # Not Optional: null is refused; left out, it is today.
            as_of: IsoDate = Field(default=None, description="Default: today", json_schema_extra=_no_default)  # type: ignore[assignment]
            lang: language = Field(default=language(default_language))
            answers: Answers = Field(default_factory=lambda: Answers({}))

        class ResumeCodeRequest(BaseModel):
            model_config = ConfigDict(extra="forbid")

            policy: policy_id = Field(default=policy_id(packs.default_id))
            lang: language = Field(default=language(default_language))
            answers: Answers = Field(default_factory=lambda: Answers({}))

        class ResumeCodeReading(BaseModel):
            model_config = ConfigDict(extra="forbid")

            code: str = Field(max_length=MAX_CODE_TEXT, description="As a person typed it: case, spaces and dashes "
                              "do not matter, and O is read as 0, I and L as 1")
            lang: language = Field(default=language(default_language))

        return cls(policy_id=policy_id, language=language, screen_request=ScreenRequest,
                   code_request=ResumeCodeRequest, code_reading=ResumeCodeReading)
