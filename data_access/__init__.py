"""Data layer of the budget-performance dashboard: schema, import, metrics, demo data.

Never imports streamlit: everything here is usable from the CLI, tests and notebooks.
"""

from data_access.db.schema import schema_is_current

__all__ = ["schema_is_current"]
