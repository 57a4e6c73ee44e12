"""Tables (CSV, TSV, Parquet, Arrow, JSON, XLSX) to `chart` samples: `read` is the entry point,
`specs` chooses charts for a table, `code` writes the matplotlib code that draws them, `targets` computes
the data table, summary and QA from the data; `keys` tells keys from measures and slices a long table one
year at a time, `wide` pivots it to a line per category over time, `totals` leaves out total rows.
"""
