"""The image-marker contract every sample keeps before it is written.

Readers of a conversation count ``<image>`` markers over all of its turns and take them for the sample's
images, one for one: energon's `shards.energon_loaders.conversation_sample` (sft, chart, web_code),
``shards.export`` (LLaVA records and messages rows) and the trainer's chat template. A kind without a
conversation whose reader makes one (energon's loader for chart and web_code, ``shards.export --captions``
for captions) puts one marker per image in the prompt and the sample's text as the answer. So a sample is
written only when

- no answer (assistant turn, or the text such a reader answers with) holds a marker: none of the formats
  read gives the assistant images, and as a target it would teach the model to emit an image (a chart
  category or a string in code that spells ``<image>`` is a stray marker to every such reader), and
- the prompt's markers are the sample's images, one for one.

The SFT readers apply the first rule to a record before fetching its images (`answer_with_image`); the
pipeline applies both to every sample (`marker_fault`), so one rule holds for every kind.
"""

from __future__ import annotations

MARKER = "<image>"
# kinds whose readers make a conversation of a sample without one: its images as the prompt's markers and
# its text as the answer
TEXT_AS_ANSWER = ("caption", "chart", "web_code")
IMAGE_IN_ANSWER = "filtered:image_in_answer"
MARKER_COUNT = "error:contract:marker_count"


def answer_with_image(turns: list[dict[str, str]]) -> int | None:
    """The number (from 1) of the first assistant turn holding an image marker, or None."""
    return next((n for n, t in enumerate(turns, start=1) if t["role"] == "assistant" and MARKER in t["content"]),
                None)


def marker_fault(sample) -> tuple[str, str] | None:
    """``(reason, detail)`` when a reader would count the sample's markers differently from its images
    (``filtered:image_in_answer``, ``error:contract:marker_count``), None when the contract holds."""
    if sample.conversation:
        turns = sample.conversation
        if (number := answer_with_image(turns)) is not None:
            content = turns[number - 1]["content"]
            return IMAGE_IN_ANSWER, (f"assistant turn {number} holds {content.count(MARKER)} {MARKER} marker(s) "
                                     f"as text: {_around(content)}")
        markers = sum(t["content"].count(MARKER) for t in turns)
        if markers != len(sample.images):
            return MARKER_COUNT, f"{markers} {MARKER} markers in the prompt for {len(sample.images)} images"
        return None
    if sample.kind in TEXT_AS_ANSWER and MARKER in (sample.text or ""):
        text = sample.text
        return IMAGE_IN_ANSWER, (f"the {sample.kind} text, a reader's answer, holds {text.count(MARKER)} "
                                 f"{MARKER} marker(s) as text: {_around(text)}")
    return None


def _around(text: str) -> str:
    at = text.index(MARKER)
    return repr(text[max(0, at - 60):at + len(MARKER) + 60])
