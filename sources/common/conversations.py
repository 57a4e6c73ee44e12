"""What the SFT readers (`sources.records.sft`, `sources.hub`) share about conversation text: the role
names, other models' image placeholders as the ``<image>`` marker, and a record-level system prompt.

One table of placeholders, so that a record reads the same from a JSONL file and from a Hub dataset: each
recognised placeholder becomes one marker (its reference kept when the text names the image), and a
placeholder whose image cannot be told from the text is refused (`ConversationError`), never written
beside a marker the reader added. So are records whose target the internal form cannot carry: a video or
audio, an answer flagged out of training, preference data, ms-swift's grounding placeholders, a system turn
after the first, an image no answer follows (the ``refuse_*`` checks both readers run).
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

# the one rule for an answer holding a marker, which the pipeline applies to every sample (`shards.contract`)
from shards.contract import MARKER, answer_with_image  # noqa: F401 - the SFT readers import it from here

# OpenAI's "developer" message is its system prompt under a newer name: the API turns either into the other, as
# the model takes it ("developer messages are the new system messages"), so it is the sample's system turn
ROLES = {"human": "user", "user": "user", "gpt": "assistant", "assistant": "assistant", "bot": "assistant",
         "model": "assistant", "chatgpt": "assistant", "system": "system", "developer": "system"}

# Each stands for one image, as <image> does. Order matters: a wrapped form before its parts.
PLACEHOLDERS = (
    ("LLaVA's mmtag form", r"<Image><image></Image>"),
    ("LLaVA's mm_use_im_start_end form", r"<im_start><image><im_end>"),
    ("LLaVA's marker", re.escape(MARKER)),
    # another case or spacing only alone on its line, where LLaVA's marker stands ("<Image>\nWhat is..."):
    # in a sentence it is text ("Use the <Image> component from next/image")
    ("LLaVA's marker in another case or spacing, alone on its line", r"(?im:^[ \t]*<[ \t]*image[ \t]*>[ \t]*$)"),
    ("DeepSeek-VL", r"<image_placeholder>"),
    ("Qwen2-VL, its chat template's expansion too", r"(?:<\|vision_start\|>)?<\|image_pad\|>(?:<\|vision_end\|>)?"),
    ("Llama 3.2 Vision", r"<\|image\|>"),
)
QWEN_IMAGE = re.compile(r"<img>([^<>\n]+?)</img>")  # Qwen-VL names the image inside the text
# placeholders whose images cannot be told from the text alone: numbered references (<image_1>, MMMU's
# <image 1>), MiniGPT-4's <ImageHere>, a Qwen-VL tag left open
UNRESOLVED = re.compile(r"(?i:<\s*image[\s_-]*\d+\s*>)|<ImageHere>|</?img>")
_IMAGES = re.compile("|".join([QWEN_IMAGE.pattern] + [pattern for _, pattern in PLACEHOLDERS]))


# codes of conversations that are valid in their own format but whose shape the internal form cannot carry (an
# image in Qwen2-VL's system turn, a video, preference data, ...): ``unsupported:``, as other sources name what
# they do not read; the rest are broken input (``error:``: a role no format has, markers and images that disagree)
UNSUPPORTED = frozenset({"image_placeholder", "preference_record", "grounding", "media", "untrained_turn",
                         "image_in_system_turn", "misplaced_system", "role", "tool_call"})
# roles real chat formats have that a sample's user/assistant/system turns cannot carry: a tool's call and its
# answer (OpenAI's "tool" and "function", LLaMA-Factory's "function_call" and "observation", Llama 3's "ipython",
# ms-swift's "tool_call" and "tool_response"). Valid there: ``unsupported:...:role``; a role no format has is
# ``unknown_role``
OTHER_ROLES = frozenset({"tool", "function", "function_call", "observation", "ipython", "tool_call",
                         "tool_response"})


class ConversationError(ValueError):
    """A conversation that cannot be written as it stands; ``code`` is the reject code without its
    category and source (``image_placeholder``, ``ambiguous_system``, ...), `reason` the whole code."""

    def __init__(self, code: str, detail: str):
        super().__init__(detail)
        self.code = code

    def reason(self, source: str) -> str:
        """The reject code for ``source`` ("sft", "hub"): ``unsupported:sft:image_in_system_turn`` for valid input
        not supported here (`UNSUPPORTED`), ``error:sft:ambiguous_system`` for broken input."""
        return f"{'unsupported' if self.code in UNSUPPORTED else 'error'}:{source}:{self.code}"


def scan(text: str) -> tuple[str, list[str | None]]:
    """``text`` with every recognised image placeholder as one marker, and per marker the reference the
    text gives it (Qwen-VL's ``<img>path</img>``) or None (the record's images list has it)."""
    pieces, refs, at = [], [], 0
    for match in _IMAGES.finditer(text):
        pieces += [text[at:match.start()], MARKER]
        refs.append(match.group(1).strip() if match.group(1) else None)
        at = match.end()
    return "".join(pieces) + text[at:], refs


def refuse_unresolved(turns: list[dict[str, str]]) -> None:
    """Raise `ConversationError` for a placeholder left in the text that no rule here places."""
    for turn in turns:
        left = UNRESOLVED.search(turn["content"])
        if left:
            raise ConversationError("image_placeholder",
                                    f"{left.group(0)!r} in a {turn['role']} turn names an image this reader "
                                    "cannot place")


def role_of(turn: dict, number: int, keys: tuple[str, ...] = ("from", "role")) -> str:
    """The turn's role in the internal form (user/assistant/system). A turn whose ``from`` and ``role``
    say different roles is refused rather than read by one of them."""
    found = {key: turn[key] for key in keys if turn.get(key) is not None}
    if not found:
        others = [key for key in ("from", "role") if key not in keys and key in turn]
        raise ConversationError("unknown_role", f"turn {number} has no {' or '.join(map(repr, keys))}" + (
            f" but has {others[0]!r}, which this list's turns do not use" if others else ""))
    named = {key: ROLES.get(str(value).strip().lower()) for key, value in found.items()}
    for key, role in named.items():
        if role is None and str(found[key]).strip().lower() in OTHER_ROLES:
            raise ConversationError("role", f"turn {number} has {key} {found[key]!r}, a role of its chat format "
                                            "that a sample's user, assistant and system turns cannot carry")
        if role is None:
            raise ConversationError("unknown_role", f"turn {number} has {key} {found[key]!r}; known: {sorted(ROLES)}")
    if len(set(named.values())) > 1:
        raise ConversationError("ambiguous_role", f"turn {number} has {found}: they name different roles")
    return next(iter(named.values()))


# KTO's desirability flags: ms-swift's ``label``, LLaMA-Factory's ``kto_tag``
PREFERENCE_FLAGS = ("label", "kto_tag")


def _says_false(value: Any, key: str) -> bool:
    """Whether a KTO flag says undesirable: the bool false, or for ``kto_tag`` (KTO's name alone) its text ("false",
    "False": a column written out by a CSV step). A class label ("cat", 0, NLVR2's text "False" beside its answer
    "False") is another dataset's field, so no number counts, nor a ``label``'s text: read as KTO's, a true/false
    set's "False" records were refused and its "True" ones kept."""
    return value is False or (key == "kto_tag" and isinstance(value, str) and value.strip().lower() == "false")


def refuse_unlearned_turn(turn: dict, number: int, role: str) -> None:
    """Raise `ConversationError` (``preference_record``) for an assistant turn whose own ``label`` or ``kto_tag``
    is false: a KTO flag on the answer itself marks it as one to unlearn, and every assistant turn of a sample
    is a target, so written, the undesirable answer would be taught as a good one."""
    if role != "assistant":
        return
    for key in PREFERENCE_FLAGS:
        if _says_false(turn.get(key), key):
            raise ConversationError("preference_record", f"turn {number} ({role}) has {key} {turn[key]!r}: it marks "
                                                         "the answer as one to unlearn (KTO), not to learn")


def refuse_preference(holder: dict, what: str, turns: list[dict[str, str]]) -> None:
    """Raise `ConversationError` (``preference_record``) for a record (or row) of preference data read as SFT: a
    KTO record whose ``label`` (ms-swift) or ``kto_tag`` (LLaMA-Factory) is false holds an answer to unlearn,
    and a ranking record whose turns end on the question (LLaMA-Factory's) holds its answers apart, in
    ``chosen`` / ``rejected``. The first would teach the bad answer, the second leave the answer out. Turns
    that end on an answer beside ``chosen`` (UltraFeedback's ``messages``, the chosen conversation) are SFT."""
    for key in PREFERENCE_FLAGS:
        if _says_false(holder.get(key), key):
            raise ConversationError("preference_record", f"the {what}'s {key} false marks its answer as one to "
                                                         "unlearn (KTO), not to learn")
    if ("chosen" in holder or "rejected" in holder) and (not turns or turns[-1]["role"] != "assistant"):
        raise ConversationError("preference_record", f"the {what}'s turns end on the question and its answers "
                                                     "are its chosen and rejected (a preference pair)")


# ms-swift's grounding placeholders, filled from a record's ``objects`` (refs, and boxes in its template's form);
# ms-swift replaces a "<bbox>" whole, so one closed with its box ("<bbox>[1, 2, 3, 4]</bbox>") is written-out text
GROUNDING = re.compile(r"<ref-object>|<bbox>(?![^<]*</bbox>)")


def refuse_grounding(turns: list[dict[str, str]], objects: Any, what: str) -> None:
    """Raise `ConversationError` (``grounding``) for ms-swift's ``<ref-object>`` / ``<bbox>`` in a
    record (or row) with ``objects``: ms-swift fills them with the object's name and its box, normalised as the
    model's template wants; nothing here does, so the answer taught would be the placeholder itself. Check the
    record's own turns, before `with_system`, so the number is the record's."""
    if objects is None or objects == "" or objects == [] or objects == {}:
        return  # objects kept beside plain text, or a "<bbox>" of the text's own: written as it is
    for number, turn in enumerate(turns, start=1):
        if found := GROUNDING.search(turn["content"]):
            raise ConversationError("grounding", f"turn {number} ({turn['role']}) holds "
                                                             f"{found.group(0)!r}, which ms-swift fills from the "
                                                             f"{what}'s objects; written, it would stay text")


# media a sample cannot hold: LLaVA-Video's and LLaMA-Factory's fields, and the parts of chat messages
MEDIA_KEYS = ("video", "videos", "audio", "audios")
MEDIA_PARTS = ("video", "video_url", "input_video", "audio", "audio_url", "input_audio")


def refuse_media(holder: dict, what: str) -> None:
    """Raise `ConversationError` (``media``) for a record (or row) with a video or an audio clip. A
    sample holds images only: written, its answer would describe a clip the model never sees (and its
    ``<video>`` placeholder would be left in the prompt as text)."""
    for key in MEDIA_KEYS:
        value = holder.get(key)
        if _names_media(value):
            raise ConversationError("media", f"the {what} has {key} {_brief(value)}: a sample holds "
                                                         "images only")


def _names_media(value: Any) -> bool:
    """Whether a media field names a clip. A dataset mixing images and videos leaves it empty in its image
    records: None, "", false, [], a list of nulls, or an HF Video / Audio struct whose fields are all null."""
    if isinstance(value, list):
        return any(_names_media(v) for v in value)
    if isinstance(value, dict):
        return any(_names_media(v) for v in value.values())
    return value is not None and value != "" and value is not False


def refuse_tool_call(turn: dict, number: int, role: str) -> None:
    """Raise `ConversationError` (``tool_call``) for a turn that calls a tool (OpenAI's ``tool_calls``, its older
    ``function_call``, not empty): valid OpenAI input whose call a sample's text turns cannot carry (its content
    is often null, and the answer the call leads to is in a ``tool`` turn); it was an empty turn, an error."""
    for key in ("tool_calls", "function_call"):
        if _calls(turn.get(key)):
            raise ConversationError("tool_call", f"turn {number} ({role}) has {key} {_brief(turn[key])}: a call "
                                                 "to a tool, which a sample's text turns cannot carry")


def _calls(value: Any) -> bool:
    """Whether a turn's ``tool_calls`` or ``function_call`` names a call: not empty, and not written out as JSON
    that is (exports that keep every field as text for one Arrow schema write no call as "[]", "null", "{}")."""
    if isinstance(value, str):
        try:
            value = json.loads(value) if value.strip() else None
        except ValueError:
            return True  # text that is no JSON: a call written some other way
    return bool(value)


def refuse_media_part(kind: Any, number: int) -> None:
    """`refuse_media` for one content part of turn ``number``, by its ``type``."""
    if kind in MEDIA_PARTS:
        raise ConversationError("media", f"turn {number} has a {kind!r} part: a sample holds images only")


# per-turn training flags: OpenAI fine-tuning's ``weight`` (0 or 1), ms-swift's ``loss`` (a bool), axolotl's
# ``message_field_training`` (its docs name it ``training``, its tests ``train``)
TRAINING_FLAGS = ("weight", "loss", "training", "train")


def refuse_untrained(turn: dict, number: int, role: str) -> None:
    """Raise `ConversationError` (``untrained_turn``) for an assistant turn its dataset keeps out of training
    (``"weight": 0``, ``"loss": false``: often a wrong answer kept as context for the correction after it). A
    sample has no per-turn flag and every assistant turn is a target, so written, it would be trained on."""
    if role != "assistant":
        return  # a prompt is never a target here, flagged or not
    for key in TRAINING_FLAGS:
        value = turn.get(key)
        if _trained(value) is False:
            raise ConversationError("untrained_turn", f"turn {number} ({role}) has {key} {value}: its dataset "
                                                      "keeps it out of training, and a sample has no way to")


def _trained(value: Any) -> bool | None:
    """Whether a training flag says train: a bool; a number, 0 (or below) no and above 0 yes (a weight of 2
    or 0.5 still trains the answer); its text ("false", "1.0"). None where it says nothing: absent, NaN (a
    Parquet or pandas float left unset), or another field of the same name ("loss": "cross_entropy")."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        text = value.strip().lower()
        if text in ("true", "false"):
            return text == "true"
        try:
            value = float(text)
        except ValueError:
            return None
    if not isinstance(value, (int, float)) or (isinstance(value, float) and math.isnan(value)):
        return None  # an int is never NaN, and one too large for a float (10**400) is not made one
    return value > 0


def refuse_unanswered_image(turns: list[dict[str, str]], placed: bool = False) -> None:
    """Raise `ConversationError` (``unanswered_image``) for an image marker in a turn after the last answer (a
    conversation cut after the question that shows the image): every answer was given without that image, so
    as a sample with it the answers would be taught as being about it. ``placed``: the markers are the ones
    LLaVA's convention put in the first question (the record had none), which the detail says. Check the
    record's own turns, before `with_system`, so the number is the record's."""
    last = max((n for n, t in enumerate(turns) if t["role"] == "assistant"), default=None)
    if last is None:
        return  # no answer at all: the caller's no_assistant_turn says so
    for number, turn in enumerate(turns[last + 1:], start=last + 2):
        if MARKER in turn["content"]:
            holds = ("is the first question, where LLaVA's convention places the image," if placed
                     else "holds an image marker")
            raise ConversationError("unanswered_image", f"turn {number} ({turn['role']}) {holds} but no answer "
                                                        "follows it")


def refuse_system_image(turns: list[dict[str, str]], system: Any = None, what: str = "record") -> None:
    """Raise `ConversationError` (``image_in_system_turn``) for an image in a system prompt: a system turn holding
    a marker, or a record-level ``system`` holding a placeholder. Qwen2-VL's chat template would draw one there (it
    renders an image item in any role's content), but the exports here (LLaVA's and LLaMA-Factory's records,
    `shards.export`) hold the system prompt as a string apart from the turns, whose markers the images are matched
    to, so the image would count against the markers of the questions (an image the answers describe taken by the
    prompt, or one the text never shows).
    Check the record's own turns, before `with_system`, so the number is the record's."""
    for number, turn in enumerate(turns, start=1):
        if turn["role"] == "system" and MARKER in turn["content"]:
            raise ConversationError("image_in_system_turn", f"turn {number} (system) holds an image marker: a "
                                                            "system prompt has no place for an image")
    if isinstance(system, str) and (scan(system)[1] or UNRESOLVED.search(system)):
        raise ConversationError("image_in_system_turn", f"the {what}'s system prompt holds an image placeholder: a "
                                                        "system prompt has no place for an image")


def refuse_misplaced_system(turns: list[dict[str, str]], system: Any = None) -> None:
    """Raise `ConversationError` (``misplaced_system``) for a system turn that is not the first turn. LLaVA's
    and LLaMA-Factory's records hold one ``system`` field and the Qwen, Llama and Gemma chat templates refuse
    a system message after the start, so such a turn cannot be exported or trained on as written; hoisting
    it or merging two would write a prompt the answers were never given under. A repeat of the leading
    prompt (the first turn's, or the record's ``system``), without an image marker, is that prompt again:
    every answer was given under it, and `with_system` keeps it once. Check the record's own turns, before
    `with_system`, so the number is the record's."""
    for number, turn in enumerate(turns[1:], start=2):
        if turn["role"] == "system" and not _repeats_leading(turn, turns, system):
            after = turns[number - 2]["role"]
            raise ConversationError("misplaced_system", f"turn {number} is a system turn after "
                                                        f"{'an' if after == 'assistant' else 'a'} {after} turn; "
                                                        "a system prompt leads the conversation, once")


def _repeats_leading(turn: dict[str, str], turns: list[dict[str, str]], system: Any) -> bool:
    """Whether a later system turn repeats the leading prompt: the first turn's or the record's ``system``."""
    if MARKER in turn["content"]:
        return False  # its image would be lost with it
    leading = turns[0]["content"] if turns[0]["role"] == "system" else None
    return turn["content"] in (leading, system.strip() if isinstance(system, str) else None)


def number_text(value: int | float, number: int) -> str:
    """The text of turn ``number`` given as a number ("4"). NaN (a float cell left unset, which Python's json
    writes as ``NaN``) and infinity are refused (``bad_turn``): written, the answer would be "nan"."""
    if isinstance(value, float) and not math.isfinite(value):
        raise ConversationError("bad_turn", f"turn {number}: text is the number {value}, which names no answer")
    return str(value)


def with_system(turns: list[dict[str, str]], system: Any) -> list[dict[str, str]]:
    """The turns with a record-level system prompt (ShareGPT / LLaMA-Factory's ``system`` column,
    axolotl's ``field_system``) as their leading system turn, the form samples carry (`shards.export`
    writes it back as ``system``). The same prompt already leading the turns is kept once; a different
    one is refused, as neither can be told to be the one trained on. Later system turns, the repeats of it
    `refuse_misplaced_system` lets through, are left out: the leading one holds it for every answer."""
    turns = turns[:1] + [turn for turn in turns[1:] if turn["role"] != "system"]
    if system is None or (isinstance(system, str) and not system.strip()):
        return turns
    if not isinstance(system, str):
        raise ConversationError("bad_system", f"the system prompt is a {type(system).__name__}, not text")
    system = system.strip()
    if turns and turns[0]["role"] == "system":
        if turns[0]["content"] == system:
            return turns
        raise ConversationError("ambiguous_system", "the record's system prompt and its leading system turn differ")
    return [{"role": "system", "content": system}] + turns


def images_for_bare_markers(slots: list, listed: list, where: str) -> list:
    """The images of ``listed`` that go, in order, to the markers of ``slots`` naming no image of their own
    (None; the others hold the image they name). ``listed`` naming again just the images the markers name
    gives none. Where some markers name their image and others do not, ``listed`` must be every marker's
    image in text order, agreeing with the named ones: a shorter list may or may not repeat a named image
    (``<img>red.png</img> and <image>`` listing ``["red.png"]``), and one image written twice is a wrong
    target. Raises `ConversationError` (``marker_count_mismatch``, ``ambiguous_images``); whether the images
    given are as many as the markers waiting is the caller's to judge."""
    waiting = [i for i, slot in enumerate(slots) if slot is None]
    if not listed or (not waiting and listed == slots):
        return []
    if not waiting or len(waiting) == len(slots):
        return list(listed)
    if len(listed) != len(slots):
        raise ConversationError("marker_count_mismatch",
                                f"{len(slots)} image markers ({len(slots) - len(waiting)} naming their image) but "
                                f"{len(listed)} images in {where}: which marker each is for is unknown")
    if any(slot is not None and slot != image for slot, image in zip(slots, listed)):
        raise ConversationError("ambiguous_images", f"{where} {_brief(listed)} disagree with the images the "
                                                    f"markers name {_brief(slots)}")
    return [listed[i] for i in waiting]


def _brief(value: Any) -> str:
    try:
        return repr(value)[:120]
    except RecursionError:
        return f"a deeply nested {type(value).__name__}"


def place_before_first_question(turns: list[dict[str, str]], images: int) -> list[dict[str, str]]:
    """LLaVA's convention for a record with images and no marker: the markers open the first user turn."""
    first = next(i for i, t in enumerate(turns) if t["role"] == "user")
    placed = {**turns[first], "content": "\n".join([MARKER] * images + [turns[first]["content"]])}
    return turns[:first] + [placed] + turns[first + 1:]
