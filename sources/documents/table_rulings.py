"""Whether a page's drawings can give PyMuPDF 2.0's ``find_tables(strategy="lines_strict")`` a table that
`tables.find_tables` keeps (two rows or more and two columns or more), decided from the drawings alone,
before the detection reads the page's characters.

Detection costs 10 to 40 ms a page, most of it reading the characters of its clip; on Debian's two PDF
manuals half of that time went on pages where it finds no table: code boxes, a tip's icon between two
rules, a plot. `may_hold_table` says False only where no such table can come, which this proves:

1. The edges. ``make_edges`` turns the paths into raw edges: under ``lines_strict`` a fill larger than the
   snap tolerance gives only its thin rules (``_is_batched_rule``), the other paths their axis-parallel
   lines, rectangles (four lines, or one where thin) and quads, each cut to the clip; and each group of
   joined path boxes (``clean_graphics``) that holds a character gives its border. `_raw_edges` and
   `_border_edges` make the same edges, the same way, but give every joined group its border: whether one
   holds text is what is not read. So their edges T hold the real ones S.
2. Moving. ``merge_edges`` snaps each horizontal edge's height (a vertical one's x) to the mean of its
   group: values sorted, a new group wherever the next is more than the tolerance (3) above. A group of S
   lies inside one group of T, so no edge moves by more than the widest group of T spans (``D``). Joining
   then unites the edges of one position whose ends come within 3 of each other, and the length filter
   drops some: positions do not change.
3. Reach. A table is cells that share corners; a corner is where a vertical and a horizontal merged edge
   pass within 3 of one point (``edges_to_intersections``), and each side of a cell is an edge through
   two of its corners (``edge_connects``). So the merged edges of one table are linked by steps of at
   most 6 (both within 3 of a shared corner). A point of a merged edge is within 3 of one of its pieces,
   and a piece lies within ``D`` of its raw edge, so the raw edges of one table are linked by steps of
   at most ``12 + 2D``: they lie in one group of T linked by such steps (`_near_groups`, which may join
   more: larger groups only allow more).
4. Counting. Two rows are two different cell tops, and the lower cell's bottom is a third height: the
   table's corners stand at three heights or more, and at three x positions for two columns. Distinct
   snapped heights come from distinct snap groups of S, whose values lie more than 3 apart: so a group of
   step-linked edges of T whose heights cannot be chosen three, each more than 3 above the last (nor
   three x positions so), cannot hold such a table (`_apart`; a larger set only allows more choices).

It applies on the PyMuPDF release it follows (`CHECKED_VERSION`), without the layout analyzer (whose table
boxes make tables without rulings) and on unrotated pages (`applies`); anything unexpected in a path
answers True.
"""

from __future__ import annotations

SNAP = 3.0  # PyMuPDF's DEFAULT_SNAP_TOLERANCE: find_tables' snap, join and intersection tolerances as `tables` calls it
MIN_LENGTH = 3.0  # its edge_min_length
CHECKED_VERSION = "2.0"  # the PyMuPDF release whose make_edges this follows


def applies(page) -> bool:
    """Whether `may_hold_table` describes ``page.find_tables`` here: the PyMuPDF release it was checked
    against, no layout analyzer and an unrotated page (a rotated one is derotated in its document while
    detection runs)."""
    import pymupdf

    return pymupdf.pymupdf_version == CHECKED_VERSION and pymupdf._get_layout is None and page.rotation == 0


def may_hold_table(drawings: list[dict], clip) -> bool:
    """Whether ``drawings`` (``page.get_cdrawings()``'s paths that ``find_tables`` is given as ``paths``)
    may give ``find_tables(clip=clip, strategy="lines_strict")`` a table of two rows and two columns; False
    only where they cannot (see the module docstring)."""
    try:
        edges, boxes = _raw_edges(drawings, tuple(clip))
        # True is never wrong (detection runs): the joined boxes' borders, the costly part, are made only where
        # the paths' own lines cannot make a table
        return _may_make_table(edges) or _may_make_table(edges + _border_edges(boxes, tuple(clip)))
    except (KeyError, IndexError, TypeError, ValueError):
        return True


def _may_make_table(edges: list[tuple]) -> bool:
    """Whether some group of ``edges`` within reach of each other has three heights and three x positions
    more than the tolerance apart (steps 2 to 4 of the module docstring)."""
    heights = {e[1] for e in edges if e[4]}
    xs = {e[0] for e in edges if not e[4]}
    if _apart(heights) < 3 or _apart(xs) < 3:
        return False
    reach = 4 * SNAP + 2 * max(_widest_group(heights), _widest_group(xs))
    for group in _near_groups(edges, reach):
        if _apart({e[1] for e in group if e[4]}) >= 3 and _apart({e[0] for e in group if not e[4]}) >= 3:
            return True
    return False


def _apart(values: set[float]) -> int:
    """How many of ``values`` can be chosen each more than the tolerance above the one before (lowest
    first, greedily, which chooses the most)."""
    count, last = 0, float("-inf")
    for value in sorted(values):
        if value > last + SNAP:
            count, last = count + 1, value
    return count


def _widest_group(values: set[float]) -> float:
    """The widest span of ``values``' snap groups (``cluster_list``: sorted, a new group wherever the next
    value is more than the tolerance above the last)."""
    widest, first, last = 0.0, None, None
    for value in sorted(values):
        if last is None or value > last + SNAP:
            first = value
        last = value
        widest = max(widest, last - first)
    return widest


def _near_groups(edges: list[tuple], reach: float) -> list[list[tuple]]:
    """``edges`` in groups such that any two within ``reach`` of each other (box to box, along x or y) share
    one: cut where their boxes' spans along y, then x, then y again, leave a gap wider than ``reach``,
    until neither way cuts (edges on the two sides of such a gap are farther apart than that)."""
    done: list[list[tuple]] = []
    pending = [(edges, 1, False)] if edges else []  # a group, the axis to cut it along, whether the other axis cut nothing
    while pending:
        group, axis, stuck = pending.pop()
        parts: list[list[tuple]] = []
        end = float("-inf")
        for edge in sorted(group, key=lambda e: e[axis]):
            if edge[axis] > end + reach:
                parts.append([])
            parts[-1].append(edge)
            end = max(end, edge[axis + 2])
        if len(parts) > 1:
            pending += [(part, 1 - axis, False) for part in parts]
        elif stuck:
            done.append(group)
        else:
            pending.append((group, 1 - axis, True))
    return done


def _edge(p1, p2, clip: tuple, edges: list[tuple]) -> None:
    """``make_edges``' ``make_line``: the line from ``p1`` to ``p2`` as an edge ``(x0, y0, x1, y1, horizontal)``
    if axis-parallel within the tolerance, cut to the clip; horizontal exactly where top equals bottom
    (``line_to_edge``), and then standing at its ``y0`` (``top``), a vertical one at its ``x0``."""
    if not (abs(p1[0] - p2[0]) <= SNAP or abs(p1[1] - p2[1]) <= SNAP):
        return
    cx0, cy0, cx1, cy1 = clip
    x0, x1 = min(p1[0], p2[0]), max(p1[0], p2[0])
    y0, y1 = min(p1[1], p2[1]), max(p1[1], p2[1])
    if x0 > cx1 or x1 < cx0 or y0 > cy1 or y1 < cy0:
        return
    x0, x1, y0, y1 = max(x0, cx0), min(x1, cx1), max(y0, cy0), min(y1, cy1)
    if x1 - x0 == y1 - y0 == 0:
        return
    edges.append((x0, y0, x1, y1, y0 == y1))


def _raw_edges(drawings: list[dict], clip: tuple) -> tuple[list[tuple], list[tuple]]:
    """The edges ``make_edges`` makes of the lines, rectangles and quads of ``drawings`` under
    ``lines_strict`` (`_edge`), and the boxes of the paths that may join into a border (its ``bbox_paths``)."""
    edges: list[tuple] = []

    def line(p1, p2) -> None:
        _edge(p1, p2, clip, edges)

    boxes = []
    for path in drawings:
        box = _rect(path["rect"])
        items = path["items"]
        if path["type"] == "f" and max(0, box[2] - box[0]) > SNAP and max(0, box[3] - box[1]) > SNAP:
            # lines_strict ignores a fill larger than the tolerance but for its thin rules, and it lends no box
            items = [item for item in items if item[0] == "re" and _is_batched_rule(_normalized(item[1]))]
        else:
            boxes.append(box)
            if path.get("closePath") and items[0][0] == "l" and items[-1][0] == "l":
                items = [*items, ("l", items[-1][2], items[0][1])]
        for item in items:
            if item[0] == "l":
                line(item[1], item[2])
            elif item[0] == "re":
                x0, y0, x1, y1 = _normalized(item[1])
                if _is_line_like((x0, y0, x1, y1)):
                    if x1 - x0 < y1 - y0:  # the middle of a thin rectangle
                        x = abs(x1 + x0) / 2
                        line((x, y0), (x, y1))
                    else:
                        y = abs(y1 + y0) / 2
                        line((x0, y), (x1, y))
                    continue
                line((x0, y0), (x0, y1))
                line((x0, y1), (x1, y1))
                line((x1, y1), (x1, y0))
                line((x1, y0), (x0, y0))
            elif item[0] == "qu":
                ul, ur, ll, lr = item[1]
                line(ul, ll)
                line(ll, lr)
                line(lr, ur)
                line(ur, ul)
    return edges, boxes


def _border_edges(boxes: list[tuple], clip: tuple) -> list[tuple]:
    """The four edges of each joined box's border, as ``make_edges`` adds them, every box taken to hold text."""
    edges: list[tuple] = []
    for x0, y0, x1, y1 in _joined(boxes):
        _edge((x0, y0), (x1, y0), clip, edges)
        _edge((x0, y1), (x1, y1), clip, edges)
        _edge((x0, y0), (x0, y1), clip, edges)
        _edge((x1, y0), (x1, y1), clip, edges)
    return edges


def _joined(boxes: list[tuple]) -> list[tuple]:
    """``make_edges``' ``clean_graphics``: the boxes joined where they come within the snap tolerance of each
    other (``are_neighbors``, here on plain tuples), in its order and with its arithmetic (a ``Rect`` grown
    by ``|=`` a corner is MuPDF's, in single precision), but every joined box kept: whether one holds text
    is what this check does not read."""
    import pymupdf

    rects = sorted(set(pymupdf.Rect(box) for box in boxes), key=lambda r: (r.y1, r.x0))
    plain = [tuple(r) for r in rects]
    out = []
    while rects:
        grown, box = rects[0], plain[0]
        repeat = True
        while repeat:
            repeat = False
            for i in range(len(rects) - 1, 0, -1):
                x0, y0, x1, y1 = box
                a0, b0, a1, b1 = plain[i]
                if ((a0 - SNAP <= x0 <= a1 + SNAP or a0 - SNAP <= x1 <= a1 + SNAP)
                        and (b0 - SNAP <= y0 <= b1 + SNAP or b0 - SNAP <= y1 <= b1 + SNAP)) or \
                        ((x0 - SNAP <= a0 <= x1 + SNAP or x0 - SNAP <= a1 <= x1 + SNAP)
                         and (y0 - SNAP <= b0 <= y1 + SNAP or y0 - SNAP <= b1 <= y1 + SNAP)):
                    grown |= rects[i].tl
                    grown |= rects[i].br
                    box = tuple(grown)
                    del rects[i], plain[i]
                    repeat = True
        out.append(box)
        del rects[0], plain[0]
    return out


def _rect(value) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = value
    return float(x0), float(y0), float(x1), float(y1)


def _normalized(value) -> tuple[float, float, float, float]:
    """``Rect(value).normalize()``."""
    x0, y0, x1, y1 = _rect(value)
    if x1 < x0:
        x0, x1 = x1, x0
    if y1 < y0:
        y0, y1 = y1, y0
    return x0, y0, x1, y1


def _is_line_like(rect: tuple) -> bool:
    """``pymupdf.table._is_line_like`` on a normalized rectangle (its width and height never negative)."""
    width, height = rect[2] - rect[0], rect[3] - rect[1]
    return (width <= MIN_LENGTH and width < height) or (height <= MIN_LENGTH and height < width)


def _is_batched_rule(rect: tuple) -> bool:
    """``pymupdf.table._is_batched_rule``: a thin rectangle in a large fill that reaches the minimum edge length."""
    return _is_line_like(rect) and max(rect[2] - rect[0], rect[3] - rect[1]) > MIN_LENGTH
