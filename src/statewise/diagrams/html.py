"""A self-contained HTML page around an SVG diagram: inline styles, no scripts, no network fetches."""

from __future__ import annotations

from html import escape
from typing import Final

__all__ = ["PAGE_STYLE", "html_page"]

PAGE_STYLE: Final = (
    "body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222}"
    "h1{font-size:20px}h2{font-size:16px;margin-top:28px}.diagram{overflow:auto;border:1px solid #ddd;padding:8px}"
    "table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:3px 8px;text-align:left;vertical-align:top}"
    "pre{background:#f6f6f6;padding:8px;overflow:auto;max-height:320px;margin:0}"
    ".SUCCEEDED{color:#2e7d32}.FAILED,.TIMED_OUT,.ABORTED,.INTERRUPTED{color:#c62828}"
)


def html_page(title: str, body: str) -> str:
    """An HTML5 document titled ``title`` holding ``body`` (already HTML)."""
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(title)}</title>\n<style>{PAGE_STYLE}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )
