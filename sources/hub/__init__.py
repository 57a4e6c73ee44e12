"""Public datasets as the Hugging Face Hub serves them (Parquet, Arrow, JSON Lines, JSON) as a source:
`read.read_hf_dataset`, with the column layouts and presets of `layouts`."""
