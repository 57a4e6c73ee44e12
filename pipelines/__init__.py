"""Apache Beam jobs that turn raw inputs into training shards: ``python -m pipelines.build``."""

import logging


class _DropBeamGcpNotice(logging.Filter):
    """Beam warns at import that its GCP client libraries are missing; local builds never need them."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "apitools not found" not in record.getMessage()


logging.getLogger().addFilter(_DropBeamGcpNotice())
