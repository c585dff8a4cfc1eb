"""Streamlit-only helpers shared by the pages: the page context, cached queries, filters, KPI cards, tables."""
