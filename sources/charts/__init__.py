"""Tables (CSV, TSV, Parquet, Arrow, JSON, XLSX) to `chart` samples: `read` is the entry point,
`specs` chooses charts for a table, `code` writes the matplotlib code that draws them, `targets` computes
the data table, summary and QA from the data.
"""
