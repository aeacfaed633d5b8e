"""Rendering: JSON representations, iCalendar feeds and HTML pages, pure functions of domain values."""
