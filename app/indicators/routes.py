"""Pages of the indicators: the dashboard of a programme, the drill-down to the sources of a figure,
and the submitted (frozen) quarterly reports. The framework's editing pages are in framework_routes."""

from app.indicators import bp, framework_routes, models  # noqa: F401
