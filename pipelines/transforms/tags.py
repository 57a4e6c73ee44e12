"""The tags of the steps' tagged outputs, named once: every step emits its dropped samples on
`REJECTS` (as `shards.reject.Reject` records) and the extraction step its ledger counts on `LEDGER`."""

SAMPLES = "samples"  # the main output's name where a step names it
REJECTS = "rejects"
LEDGER = "ledger"
