"""Helpers every source may use: reading files, images, the OCR engine and OCR samples, tables,
paths inside a dataset root, polite fetching behind the URL guard, interleaved parts, shared option
groups. Sources import from here, never from one another.
"""
