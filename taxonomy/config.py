"""How a build maps SFT samples onto the taxonomy and balances them: the ``sft:`` section of a build.

    sft:
      threshold: 0.2               # below: `unmapped`, left for review
      labels: review/labels.jsonl  # reviewed labels win over any prediction (--sft_labels)
      fasttext_model: null         # from `python -m taxonomy.train`, used where confident
      taxonomy: null               # your own tree file; default the bundled one
      mix: null                    # target shares (taxonomy/mix.py); null writes every sample
      mix_mode: null               # subset | weight, overriding the mix file's mode
"""

from __future__ import annotations

import dataclasses
from typing import Any, Callable

from taxonomy.classify import ClassifyOptions


@dataclasses.dataclass(frozen=True)
class SftConfig:
    enabled: bool = True
    threshold: float = ClassifyOptions.threshold
    labels: str | None = None
    fasttext_model: str | None = None
    taxonomy: str | None = None
    mix: str | None = None
    mix_mode: str | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "SftConfig":
        unknown = sorted(set(data) - {f.name for f in dataclasses.fields(cls)})
        if unknown:
            raise ValueError(f"unknown sft option(s) {unknown}")
        return cls(**data)

    def with_paths_under(self, resolve: Callable[[str], str]) -> "SftConfig":
        return dataclasses.replace(self, **{name: resolve(getattr(self, name)) for name in
                                            ("labels", "fasttext_model", "taxonomy", "mix") if getattr(self, name)})

    def classify_options(self) -> ClassifyOptions:
        return ClassifyOptions(threshold=self.threshold, fasttext_model=self.fasttext_model,
                               taxonomy=self.taxonomy, labels=self.labels)

    def targets(self):
        from taxonomy.mix import MixTargets

        return MixTargets.from_yaml(self.mix, self.mix_mode) if self.mix else None
