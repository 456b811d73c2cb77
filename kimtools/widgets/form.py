"""Building blocks of the recording forms: German message boxes, errors shown in the app
instead of a traceback, and inputs in the projector's sizes (shared by the findings panel and
the coordination app)."""

from __future__ import annotations

import datetime as dt
import functools
import html
from collections.abc import Callable, Sequence

import ipywidgets as w

from kimtools.findings.register import RegisterError, ValidationError

_COLOURS = {"ok": ("#e6f4ea", "#1e7e34"), "info": ("#eef3fb", "#2b5797"),
            "warn": ("#fff8e1", "#8a5a00"), "error": ("#fdecea", "#b3261e")}
_DESC = {"description_width": "190px"}
_WIDE = "820px"


def _esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def box(kind: str, title: str, lines: Sequence[str] = (), after: str = "") -> str:
    """A coloured message box; every text is escaped."""
    background, colour = _COLOURS[kind]
    items = "".join(f"<li>{_esc(line)}</li>" for line in lines)
    body = f"<ul style='margin:4px 0 0 0;padding-left:22px'>{items}</ul>" if lines else ""
    if after:
        body += f"<div style='margin-top:4px'>{_esc(after)}</div>"
    return (f"<div class='kim-message kim-message-{kind}' style='background:{background};"
            f"border-left:5px solid {colour};padding:6px 10px;margin:6px 0;font-size:17px'>"
            f"<b style='color:{colour}'>{_esc(title)}</b>{body}</div>")


def guarded(message: str) -> Callable:
    """Show an unexpected error in the widget ``message`` instead of raising it into a cell."""

    def decorate(method: Callable) -> Callable:
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except ValidationError as exc:
                getattr(self, message).value = box("error", "Nicht gespeichert:", exc.problems)
            except RegisterError as exc:
                getattr(self, message).value = box("error", "Nicht gespeichert.", [str(exc)])
            except Exception as exc:  # shown to the user, never lost in a log
                getattr(self, message).value = box(
                    "error", "Unerwarteter Fehler – der Vorgang wurde abgebrochen.",
                    [f"{type(exc).__name__}: {exc}",
                     "Bitte diese Meldung an die IT-Betreuung weitergeben."])
            return None

        return wrapper

    return decorate


def _hidden(widget: w.Widget, hidden: bool) -> None:
    widget.layout.display = "none" if hidden else None


def _button(description: str, css: str, style: str = "", icon: str = "") -> w.Button:
    button = w.Button(description=description, button_style=style, icon=icon,
                      layout=w.Layout(width="auto", min_width="150px", height="38px",
                                      align_self="flex-start"))
    button.add_class(css)
    return button


def _text(description: str, css: str, placeholder: str = "", width: str = _WIDE) -> w.Text:
    field = w.Text(description=description, placeholder=placeholder, style=_DESC,
                   layout=w.Layout(width=width))
    field.add_class(css)
    return field


def _area(description: str, css: str, placeholder: str = "", rows: int = 3) -> w.Textarea:
    field = w.Textarea(description=description, placeholder=placeholder, rows=rows,
                       style=_DESC, layout=w.Layout(width=_WIDE))
    field.add_class(css)
    return field


def split_list(text: str) -> list[str]:
    """Items separated by ";" or line breaks, stripped, without empty ones and repeats."""
    parts = [p.strip() for line in text.splitlines() for p in line.split(";")]
    return list(dict.fromkeys(p for p in parts if p))


def german_date(day: dt.date | None) -> str:
    return "" if day is None else f"{day:%d.%m.%Y}"
