"""Apache Beam jobs that turn raw inputs into training shards: ``python -m pipelines.build``."""

import shards  # noqa: F401  (first: it quiets Beam's import-time notice about GCP libraries)
