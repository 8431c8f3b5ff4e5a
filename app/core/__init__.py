"""The screening core: pure functions over policy data. No web framework, no templates, no clock."""

from app.core.engine import (
    AnswerError,
    applicable_questions,
    check_answer,
    check_answers,
    next_question,
    relevant_answers,
    screen,
    status_on,
    step_problem,
)
from app.core.model import (
    UNSURE,
    Citation,
    Expr,
    Factor,
    Option,
    Period,
    Policy,
    Priority,
    Question,
    Result,
    UrgentFlag,
)

__all__ = [
    "UNSURE", "AnswerError", "Citation", "Expr", "Factor", "Option", "Period", "Policy",
    "Priority", "Question", "Result", "UrgentFlag", "applicable_questions", "check_answer",
    "check_answers", "next_question", "relevant_answers", "screen", "status_on", "step_problem",
]
