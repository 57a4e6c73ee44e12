"""Option groups several sources share, declared once: how images are stored, how text and images
are cut into interleaved parts. A source's options dataclass inherits the groups it uses.
"""

from __future__ import annotations

import dataclasses

from sources.common.images import check_image_format


@dataclasses.dataclass(frozen=True)
class ImageStorage:
    """How a rendered page or screenshot tile is stored.

    image_format: ``webp`` (lossless: text stays crisp, under half PNG's size, decodes ~5x faster),
      ``png`` (lossless, what every tool reads) or ``jpeg`` (lossy).
    jpeg_quality: JPEG quality when ``image_format`` is ``jpeg``.
    """

    image_format: str = "webp"
    jpeg_quality: int = 90

    def __post_init__(self) -> None:
        check_image_format(self.image_format)


@dataclasses.dataclass(frozen=True)
class InterleavedOptions:
    """How a document or page's text and images are cut into `interleaved` samples.

    interleaved: also write `interleaved` samples (see `sources.common.interleaved`).
    token_budget: at most this many tokens (words, plus ``image_tokens`` an image) in a part.
    image_tokens: what one image costs in a part (576 in DeepSeek-VL).
    min_image_side: images smaller than this in either side are decorative.
    """

    interleaved: bool = True
    token_budget: int = 2048
    image_tokens: int = 576
    min_image_side: int = 64
