"""pemilu-api: the official stage timelines of Indonesian elections, as JSON and iCalendar."""

__version__ = "0.1.0"
