"""What the pages show: parameterised queries over one pinned version, and Plotly figures."""
