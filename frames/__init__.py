"""The frames that pass from ``data_access`` to the KPI engine, declared once.

Plain Python that imports nothing (an import-linter contract keeps it so): ``data_access`` builds the
frames to these declarations and ``dashboard.kpi`` reads them, and neither may import the other.
"""
