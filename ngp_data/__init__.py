"""NGP Monitor's data layer: schema, reading, validation, versioned store, queries, charts, export.

Pure Python: nothing here imports Streamlit, so every rule is testable without a server.
"""
