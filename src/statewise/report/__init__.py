"""A self-contained HTML report of a stored execution (:func:`render_report`)."""

from __future__ import annotations

from statewise.report.html import render_report

__all__ = ["render_report"]
