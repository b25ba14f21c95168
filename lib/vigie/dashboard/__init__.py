"""The Voilà dashboard: a traits state, its query-string form, and the widgets."""
from vigie.dashboard.state import DashboardState
from vigie.dashboard.view import Dashboard, build_app, open_link, prepare_app, warm_up

__all__ = ["Dashboard", "DashboardState", "build_app", "open_link", "prepare_app", "warm_up"]
