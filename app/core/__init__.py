"""The screening core: pure functions over policy data. No web framework, no templates, no clock."""

from app.core.engine import (
    AnswerError,
    applicable_questions,
    check_answer,
    check_answers,
    first_unanswered_step,
    flow_steps,
    next_question,
    progress,
    relevant_answers,
    screen,
    status_on,
    step_after,
    step_before,
    step_for,
    step_problem,
)
from app.core.model import (
    UNSURE,
    Citation,
    Expr,
    Factor,
    Option,
    Page,
    Period,
    Policy,
    Priority,
    Question,
    Result,
    Step,
    UrgentFlag,
)
from app.core.resume_code import CodeProblem, ResumeCodes, Resumed

__all__ = [
    "UNSURE", "AnswerError", "Citation", "CodeProblem", "ResumeCodes", "Resumed", "Expr", "Factor", "Option", "Page", "Period", "Policy",
    "Priority", "Question", "Result", "Step", "UrgentFlag", "applicable_questions", "check_answer", "check_answers",
    "first_unanswered_step", "flow_steps", "next_question", "progress", "relevant_answers", "screen",
    "status_on", "step_after", "step_before", "step_for", "step_problem",
]
