"""The tags of the steps' tagged outputs, named once: every step emits its dropped samples on
`REJECTS` (as `shards.reject.Reject` records) and the extraction step its ledger counts on `LEDGER`."""

REJECTS = "rejects"
LEDGER = "ledger"
