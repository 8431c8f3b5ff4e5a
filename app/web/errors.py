"""Error bodies for the API and words for answer problems, in the person's language."""

from __future__ import annotations

from collections.abc import Iterable

from fastapi.responses import JSONResponse
from pydantic import BaseModel

from app.core import AnswerError, CodeProblem, Question
from app.web.i18n import _


class FieldError(BaseModel):
    field: str
    message: str
    allowed: list[str] = []


class ErrorBody(BaseModel):
    status: int
    message: str
    errors: list[FieldError] = []


class ErrorResponse(BaseModel):
    error: ErrorBody


class ApiRefusal(Exception):
    """Send the API's error body instead: `status`, a message and the field errors, already in the request's language."""

    def __init__(self, status: int, message: str, errors: Iterable[FieldError] = ()):
        super().__init__(message)
        self.status, self.message, self.errors = status, message, list(errors)


def error_response(status: int, message: str, errors: Iterable[FieldError] = ()) -> JSONResponse:
    body = ErrorResponse(error=ErrorBody(status=status, message=message, errors=list(errors)))
    return JSONResponse(body.model_dump(), status_code=status, headers={"Cache-Control": "no-store"})


def answer_error_message(error: AnswerError) -> str:
    if error.code == "unknown_question":
        return _("This is not one of our questions.")
    if error.code == "not_a_list":
        return _("This answer must be a list of choices.")
    if error.code == "not_a_value":
        return _("This answer must be one choice, written as text.")
    return _("This is not one of the choices for this question.")


def field_errors(errors: Iterable[AnswerError], prefix: str = "answers.") -> list[FieldError]:
    return [FieldError(field=prefix + e.question, message=answer_error_message(e), allowed=list(e.allowed)) for e in errors]


def step_problem_message(question: Question, problem: str) -> str:
    """What a person sees when they press Continue without choosing ("missing") or with a choice such as
    "None of these" ticked beside another ("exclusive")."""
    if problem == "exclusive":
        return _("Choose the applications that apply, or “None of these”, or “I'm not sure”, but not both.")
    if question.kind == "multi":
        return _("Select all that apply, or choose “None of these” or “I'm not sure”.")
    if question.allows_unsure:
        return _("Choose an answer. If you do not know, choose “I'm not sure”.")
    return _("Choose an answer to continue.")


def resume_code_message(problem: CodeProblem) -> str:
    """What a person sees when the code they typed on the start page cannot be read."""
    if problem.reason == "empty":
        return _("Enter your code. It has %(count)s letters and numbers.") % {"count": problem.expected_length}
    if problem.reason == "characters":
        return _("Your code has a letter or sign that codes never have. Check it and try again.")
    if problem.reason == "length":
        return _("A code has %(count)s letters and numbers. Check that none is missing or extra.") % {
            "count": problem.expected_length}
    if problem.reason == "old_version":
        return _("This code was made before we changed our questions, so it cannot be read now. "
                 "Please answer the questions again.")
    return _("This code is not right. Check each letter and number and try again.")
