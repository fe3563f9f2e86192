"""`backstride screen`: the red-flag questions, asked and answered, and cleared by a clinician.

Questions are asked on a terminal; scripts and tests answer with `--answers 1=no,2=yes`
or `--none-apply`. Without a terminal and without answers nothing waits for input:
the command says how to answer and changes nothing.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Annotated

import typer
from rich.markup import escape

from backstride.cli.context import console, fail, print_json, print_replanned, styled, workspace
from backstride.rules import RED_FLAGS, RED_FLAGS_BY_ID, RedFlag
from backstride.rules.redflags import EMERGENCY_FLAGS, last_full_screening
from backstride.services.screen import (
    answer_screening,
    clear_red_flags,
    correct_answer,
    latest_answer_id,
    positive_answers,
    questions_out,
)
from backstride.services.workspace import Workspace

screen_app = typer.Typer(
    help="Red-flag screening for back pain: signs that need a clinician first.",
    no_args_is_help=False,
)
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0"}
SCREEN_COMMAND = "`backstride screen`"

AnswersOption = Annotated[
    str | None,
    typer.Option(
        "--answers",
        help="Answers without questions, e.g. 1=no,2=no,3=yes (numbers or ids such as bladder=no).",
    ),
]
NoneApplyOption = Annotated[
    bool, typer.Option("--none-apply", help="Answer no to every question asked.")
]


def register(app: typer.Typer) -> None:
    app.add_typer(screen_app, name="screen")


def flag_by_key(key: str) -> RedFlag | None:
    key = key.strip().lower()
    if key.isdigit():
        return next((f for f in RED_FLAGS if f.number == int(key)), None)
    return RED_FLAGS_BY_ID.get(key)


def parse_answers(text: str) -> dict[str, bool]:
    """'1=no,3=yes' or 'bladder=no' -> {flag id: positive}; one clear line on a mistake."""
    out: dict[str, bool] = {}
    for part in (p for p in text.split(",") if p.strip()):
        key, sep, value = part.partition("=")
        flag = flag_by_key(key)
        if not sep or flag is None:
            fail(
                f"--answers: cannot read {part.strip()!r}; write NUMBER=yes|no with numbers "
                f"1-{len(RED_FLAGS)}, e.g. 1=no,2=no"
            )
        word = value.strip().lower()
        if word not in YES | NO:
            fail(f"--answers: {part.strip()!r} must be yes or no")
        out[flag.id] = word in YES
    return out


def collect_answers(
    flags: Sequence[RedFlag], answers: str | None, none_apply: bool
) -> dict[str, bool] | None:
    """Answers to `flags`: from --answers, --none-apply or the terminal; None when none
    can be had (no terminal). Answers to other questions are kept too."""
    if answers is not None:
        given = parse_answers(answers)
        missing = [str(f.number) for f in flags if f.id not in given]
        if missing and not none_apply:
            fail(
                f"--answers: questions {', '.join(missing)} have no answer "
                "(add them, or --none-apply for 'no' to the rest)"
            )
        return {**{f.id: False for f in flags}, **given}
    if none_apply:
        return {f.id: False for f in flags}
    if not sys.stdin.isatty():
        return None
    console.print("Red-flag questions: answer each yes or no.")
    out: dict[str, bool] = {}
    for flag in flags:
        out[flag.id] = typer.confirm(f"{flag.number}. {flag.question}", default=False)
    return out


def print_screened(answered: int, positives: Sequence[RedFlag]) -> None:
    """What the positive answers mean: how soon to get assessed; or thanks."""
    for flag in positives:
        console.print(
            styled(
                f"[bold red]Red flag {flag.number} ({flag.urgency.value}):[/] {escape(flag.advice)}"
            ),
            soft_wrap=True,
        )
    if positives:
        console.print(
            "Every status will show this until a clinician has assessed you; then record it "
            "with `backstride screen clear`."
        )
    else:
        console.print(f"No red flags in the {answered} answers: thank you.")


def offer_screening(ws: Workspace) -> None:
    """At first start on a terminal: the red-flag questions, when never answered, before
    the command goes on (declined, they are offered again next time)."""
    if last_full_screening(ws.diary()) is not None:
        return
    console.print(
        styled(
            "[bold]First, the red-flag questions.[/] A few yes/no questions check that "
            "nothing about your back needs a clinician before you run."
        ),
        soft_wrap=True,
    )
    if not typer.confirm("Answer them now?", default=True):
        console.print(
            f"Asked again next time; until then `status` says to answer them first "
            f"({SCREEN_COMMAND}).",
            soft_wrap=True,
        )
        return
    given = collect_answers(RED_FLAGS, None, False)
    if given is None:
        return
    screened = answer_screening(ws, given)
    print_screened(screened.answered, screened.positives)
    print_replanned(screened.replanned)


@screen_app.callback(invoke_without_command=True)
def screen_command(
    ctx: typer.Context,
    answers: AnswersOption = None,
    none_apply: NoneApplyOption = False,
    emergency_only: Annotated[
        bool, typer.Option("--emergency-only", help="Only the emergency questions 1-5.")
    ] = False,
) -> None:
    """Answer the 16 red-flag questions (at the start, and when your pain changes)."""
    if ctx.invoked_subcommand is not None:
        return
    flags = EMERGENCY_FLAGS if emergency_only else RED_FLAGS
    given = collect_answers(flags, answers, none_apply)
    if given is None:
        fail(
            "no terminal to ask on: pass --answers 1=no,2=no,... or --none-apply "
            "(nothing was saved)"
        )
    with workspace(ctx) as ws:
        screened = answer_screening(ws, given)
    print_screened(screened.answered, screened.positives)
    print_replanned(screened.replanned)


@screen_app.command("clear")
def clear_command(
    ctx: typer.Context,
    question: Annotated[
        str | None, typer.Option(help="Only this question (number or id); default: all.")
    ] = None,
    note: Annotated[str | None, typer.Option(help="Who assessed you, and when.")] = None,
) -> None:
    """Record that a clinician assessed you and cleared your red flags."""
    flag = None
    if question is not None:
        flag = flag_by_key(question)
        if flag is None:
            fail(f"--question {question!r} is not a red-flag question: use 1-{len(RED_FLAGS)}")
    with workspace(ctx) as ws:
        cleared = clear_red_flags(ws, flag.id if flag else None, note)
    if cleared.cleared == 0:
        console.print("There was no active red flag to clear; nothing changed.")
        return
    console.print(f"Cleared {cleared.cleared} red flag{'s' if cleared.cleared != 1 else ''}.")
    print_replanned(cleared.replanned)


@screen_app.command("correct")
def correct_command(
    ctx: typer.Context,
    question: Annotated[str, typer.Argument(help="The question's number (1-16) or id.")],
    answer: Annotated[str, typer.Argument(help="What your answer should have been: yes or no.")],
) -> None:
    """Correct your latest answer to one question; a clinician's clearance stays on record."""
    flag = flag_by_key(question)
    if flag is None:
        fail(f"{question!r} is not a red-flag question: use 1-{len(RED_FLAGS)}")
    word = answer.strip().lower()
    if word not in YES | NO:
        fail(f"the answer {answer!r} must be yes or no")
    with workspace(ctx) as ws:
        corrected = correct_answer(ws, latest_answer_id(ws, flag.id), word in YES)
    said = "yes" if corrected.answer.positive else "no"
    console.print(f"Question {flag.number} now says {said}.")
    if corrected.raised:
        print_screened(1, (flag,))
    elif corrected.answer.cleared_at is not None:
        console.print(
            f"A clinician's clearance of {corrected.answer.cleared_at.date()} stays on record."
        )
    print_replanned(corrected.replanned)


@screen_app.command("list")
def list_command(
    ctx: typer.Context,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """The questions, and every positive answer with its date and whether it is cleared."""
    with workspace(ctx) as ws:
        answers = positive_answers(ws)
    if json_out:
        print_json(
            {
                "questions": questions_out(),
                "positive_answers": [
                    {
                        "question": a.question,
                        "answered_at": a.answered_at.isoformat(),
                        "cleared_at": a.cleared_at.isoformat() if a.cleared_at else None,
                    }
                    for a in answers
                ],
            }
        )
        return
    for f in RED_FLAGS:
        console.print(f"{f.number:>2}. [{f.urgency.value}] {f.question}", soft_wrap=True)
    for a in answers:
        state = f"cleared {a.cleared_at.date()}" if a.cleared_at else "ACTIVE"
        console.print(f"positive: {a.question} on {a.answered_at.date()} ({state})")
