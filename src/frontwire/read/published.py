"""Publication dates as the contract allows them: ``YYYY-MM-DD`` or an ISO 8601 date-time."""

from __future__ import annotations

from datetime import date, datetime


def parse_published(value: str) -> date:
    """The calendar date of a ``published`` value; ValueError with a short reason when it is not one."""
    text = value.strip()
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        raise ValueError(
            f"unparsable published date {value!r} (want YYYY-MM-DD or an ISO 8601 date-time)"
        ) from None
