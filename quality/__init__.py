"""Quality: the pure functions behind filtering, deduplication and decontamination.

No Beam inside (as in `sources/`): `pipelines/transforms/` wraps these in DoFns.
"""
