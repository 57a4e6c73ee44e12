"""Which cells of a notebook the code of a plot needs (`dependencies`), read with ``ast``: the cells defining
the names the plot uses, those changing their objects in place (directly, through another name bound to the
same object, or by a call given it), and those setting the state every later plot is drawn with.
"""

from __future__ import annotations

import ast
import builtins
import functools
import re
from typing import NamedTuple


class NotebookNames(NamedTuple):
    """What the dependency walk knows of a whole notebook, found once for all its figures. modules: the names
    that are modules (imported anywhere, or by convention); aliases: per name, the names bound to the same
    object or to one holding it (``d = df``, ``frames = [df]``, ``for frame in frames``: `_bindings`) anywhere in
    the notebook, itself included; functions: per function the notebook defines, whether it may change an object
    it is given and the names outside it whose objects it may change (`_effects`; a name defined twice: either
    definition's)."""

    modules: frozenset[str]
    aliases: dict[str, frozenset[str]]
    functions: dict[str, tuple[bool, frozenset[str]]]

    def sharing(self, names: frozenset[str]) -> frozenset[str]:
        """``names`` and every name bound to the same object as one of them."""
        return frozenset(names).union(*(self.aliases.get(name, ()) for name in names))

    def changed_by(self, cell: _CellNames, drawn: bool = True) -> frozenset[str]:
        """The names whose objects ``cell`` may change in place: by item or attribute assignment, a method
        called for its effect (one that draws, ``df.plot()``, ``ax.hist(...)``, only with ``drawn``: a plot
        that opens its own figure shows nothing an earlier cell drew), a call given them (a function of the
        notebook's own only where its body changes what it is given), or a call of a notebook function changing
        them from inside."""
        out = set(cell.changed | cell.called | (cell.drawn if drawn else frozenset()))
        for callee, name, for_effect in cell.passed:
            if callee in self.functions:
                if self.functions[callee][0]:
                    out.add(name)
            elif for_effect and _may_change_argument(callee):
                out.add(name)
        for callee in cell.calls & self.functions.keys():
            out |= self.functions[callee][1]
        return frozenset(out - self.modules)


def notebook_names(sources: list[str | None]) -> NotebookNames:
    """The notebook's `NotebookNames`. Aliases are joined whatever the order of their assignments: a name
    bound to the plot's data anywhere may have changed it (conservative: a cell too many, never one too few)."""
    cells = [_names(code) for code in sources if code]
    groups: dict[str, set[str]] = {}
    for target, value in (pair for cell in cells for pair in cell.aliases):
        joined = groups.get(target, {target}) | groups.get(value, {value})
        for name in joined:
            groups[name] = joined
    functions: dict[str, tuple[bool, frozenset[str]]] = {}
    for name, changes_argument, outside in (f for cell in cells for f in cell.functions):
        before = functions.get(name, (False, frozenset()))
        functions[name] = (before[0] or changes_argument, before[1] | outside)
    return NotebookNames(_MODULES.union(*(cell.imported for cell in cells)),
                         {name: frozenset(group) for name, group in groups.items()}, functions)


def dependencies(sources: list[str | None], index: int, counts: list | None = None,
                 names: NotebookNames | None = None) -> list[int]:
    """The cell and the code cells it needs, in the order they ran: a cell is needed when it defines a
    name a needed cell uses (imports included) or changes its object in place, found transitively, the
    latest definition before the cell ran winning; a cell setting state every later plot draws with
    (a style, rcParams, a random seed: `_CellNames`) always is. ``counts``: each cell's ``execution_count``;
    where the cell has one, the cells that ran before it are those with smaller counts, wherever they stand
    (a plot run after ``y = x ** 2`` and before a later cell's ``y = x ** 3`` was paired with the cubes);
    without counts, the notebook's order. A cell of imports alone that ran after it still gives the names
    it needs (run again to add an import), first. Raises `OutOfOrder` where counts repeat among them (the
    kernel restarted between runs: which ran first cannot be known). ``names``: `notebook_names` of
    ``sources``, found here when not given.

    An object changes in place through any name bound to it (``d = df; d['y'] *= 2``), and a call given it
    may change it (``normalise(df)``, ``np.random.shuffle(vals)``): such cells go with the plot too."""
    names = names or notebook_names(sources)
    history = _ran_before(sources, index, counts)
    plot = _names(sources[index])
    needed = plot.needs
    chosen = [index]
    for j in history:
        cell = _names(sources[j])
        # a cell changing an object the plot uses in place (df['y'] = ..., vals.append(...), normalise(df))
        # made it what the plot drew as much as the cell defining it; a method called on a module is no change
        # to it, nor is drawing or printing what a call is given
        if (cell.defined & needed or names.changed_by(cell, not plot.opens_figure) & names.sharing(needed)
                or "*" in cell.defined
                and needed or cell.sets_state):  # a star import: any name
            chosen.append(j)
            needed = (needed - cell.defined) | cell.needs
    # a cell of imports alone run again after the plot (to add one) still defined them before it ran:
    # imports give the same names however often they run
    others = [j for j in [*range(index - 1, -1, -1), *range(index + 1, len(sources))] if j not in chosen]
    imported = []
    for j in others:
        given = _imports_only(sources[j])
        if needed and given & needed:
            imported.append(j)
            needed -= given
    ran = {j: at for at, j in enumerate(reversed(history))}
    return sorted(imported) + sorted(chosen, key=lambda j: ran.get(j, len(ran)))


def _may_change_argument(callee: str) -> bool:
    """Whether a call of ``callee`` (``normalise``, ``np.random.shuffle``, ``ax.plot``) made for its effect
    may change what it is given: a function called by its name may, unless it is a builtin or draws; a
    method changes its own object, not its arguments, unless it is one that shuffles or copies into them."""
    if callee in _BUILTINS or callee.rsplit(".", 1)[-1] in _DRAWS:
        return False
    return "." not in callee or _CHANGES_ARGUMENT.search(callee) is not None


@functools.lru_cache(maxsize=4096)  # asked for every figure of a notebook: each cell parsed once
def _imports_only(code: str | None) -> frozenset[str]:
    """The names a cell of nothing but imports (IPython's magics aside) defines; none for any other cell."""
    if not code or other_language(code) is not None:
        return frozenset()
    try:
        tree = ast.parse("\n".join(ln for ln in code.splitlines() if not ln.lstrip().startswith(MAGICS)))
    except SyntaxError:
        return frozenset()
    if not tree.body or not all(isinstance(node, (ast.Import, ast.ImportFrom)) for node in tree.body):
        return frozenset()
    return frozenset((a.asname or a.name).split(".")[0] for node in tree.body for a in node.names if a.name != "*")


def sets_state(code: str | None) -> bool:
    """Whether a cell sets what every later plot is drawn with or from: a style, rcParams, a random seed."""
    return _names(code).sets_state


class OutOfOrder(ValueError):
    """Execution counts that do not say which cell ran before which."""


def _ran_before(sources: list[str | None], index: int, counts: list | None) -> list[int]:
    """The code cells that ran before cell ``index``, latest first."""
    count = counts[index] if counts else None
    if not isinstance(count, int) or isinstance(count, bool):
        return [j for j in range(index - 1, -1, -1) if sources[j] is not None]
    ran = [(c, j) for j, c in enumerate(counts) if sources[j] is not None and j != index
           and isinstance(c, int) and not isinstance(c, bool) and c < count]
    if len({c for c, _ in ran}) < len(ran):
        raise OutOfOrder(f"execution counts repeat before cell {index}'s {count}: the kernel restarted "
                         "between runs, and which cell ran before which is not known")
    return [j for _, j in sorted(ran, reverse=True)]


MAGICS = ("%", "!", "?")  # IPython's magics, shell lines and help: no Python statement
# cell magics that run the cell as Python (timing, capturing, profiling it, or in a Python process); any
# other (%%R, %%bash, %%sql, %%javascript, %%html, %%cython...) runs another language, whose code can parse
# as Python too ("x <- c(1, 2)" is a comparison) and was written as ```python
_PYTHON_CELLMAGICS = frozenset({"time", "timeit", "capture", "prun", "debug", "px", "python", "python3", "pypy"})


def other_language(code: str | None) -> str | None:
    """The cell magic a cell opens with when it runs the cell as another language than Python, else None."""
    first = next((ln.strip() for ln in (code or "").splitlines() if ln.strip()), "")
    if not first.startswith("%%"):
        return None
    name = first[2:].split(maxsplit=1)[0] if first[2:].strip() else ""
    return None if name in _PYTHON_CELLMAGICS else name or "?"


# names that are modules by convention, even where no cell imports them (%pylab did): a call on one changes
# nothing a plot uses, unless it sets state (`_STATE_CALL`)
_MODULES = frozenset({"plt", "np", "pd", "sns", "mpl", "matplotlib", "numpy", "pandas", "seaborn", "os", "sys",
                      "math", "random", "torch", "tf"})
# calls that set what every later figure is drawn with or from: a style (pyplot's ``xkcd()`` too, called for its
# effect: every later figure sketched), rcParams, a random seed (NumPy's, PyTorch's and its GPUs', TensorFlow's and
# Keras' ``set_seed``/``set_random_seed``, Lightning's ``seed_everything``)
_STATE_CALL = re.compile(r"(?:^|\.)(?:style\.use|rc|rcdefaults|rc_file|rc_file_defaults|rcParams\.update|xkcd|"
                         r"random\.seed|manual_seed|manual_seed_all|set_seed|set_random_seed|seed_everything|"
                         r"set_theme|set_style|set_context|set_palette|set_color_codes)$"
                         r"|^(?:sns|seaborn)\.set$")


# module functions that change the array they are given (a shuffle, a copy into it)
_CHANGES_ARGUMENT = re.compile(r"(?:^|\.)(?:shuffle|copyto|put|place|putmask|fill_diagonal)$")
# calls given an object to show, draw, measure or convert it, changing nothing of it
_BUILTINS = frozenset({"print", "display", "len", "repr", "str", "type", "isinstance", "sorted", "list", "tuple",
                       "set", "dict", "sum", "min", "max", "abs", "round", "any", "all", "zip", "enumerate", "iter",
                       "id", "hash", "format", "vars", "dir", "help", "float", "int", "bool"})
_DRAWS = frozenset({"plot", "scatter", "bar", "barh", "hist", "hist2d", "imshow", "matshow", "pie", "boxplot",
                    "violinplot", "fill_between", "fill_betweenx", "errorbar", "step", "stem", "stackplot", "contour",
                    "contourf", "pcolormesh", "pcolor", "hexbin", "quiver", "streamplot", "text", "annotate", "table",
                    "loglog", "semilogx", "semilogy", "fill", "vlines", "hlines", "axhline", "axvline", "eventplot",
                    "plot_surface", "plot_wireframe", "legend", "set_xticks", "set_yticks", "set_xticklabels",
                    "set_yticklabels", "heatmap", "display"})


# pyplot's calls making a new figure: a plot drawn on one shows nothing a cell before it drew
_OPENS_FIGURE = re.compile(r"^(?:plt|pyplot|matplotlib\.pyplot)\.(?:subplots|figure|subplot_mosaic)$")
# the drawing names no other object's method that changes it is likely to have (not ``arr.fill(0)``,
# ``env.step()``, ``scheduler.step()``, ``doc.text(...)``, ``db.table(...)``, ``widget.display()``)
_DRAWING_ONLY = _DRAWS - {"fill", "step", "stem", "text", "table", "display", "annotate"}
# the keywords matplotlib, pandas and seaborn take the axes or figure to draw on by
_DRAWN_ON = frozenset({"ax", "axes", "fig", "figure"})
# methods a notebook calls to look at an object, changing nothing ("df.head()" ending a cell shows it)
_LOOKS = frozenset({"head", "tail", "info", "describe", "sample", "value_counts", "nunique", "unique", "count",
                    "isna", "isnull", "notna", "notnull", "memory_usage", "sum", "mean", "median", "std", "var",
                    "min", "max", "corr", "cov", "to_csv", "to_excel", "to_json", "to_parquet", "savefig", "show",
                    "copy", "keys", "items", "values"})


class _CellNames(NamedTuple):
    """What a cell does to names. defined: names it binds; needs: names a statement reads before the cell
    binds them; changed: names whose object it changes by item or attribute assignment (``df['y'] = ...``);
    called: names it calls a method on for its effect (``vals.append(x)``); passed: ``(callee, name, for
    its effect)`` for each name a call is given (``normalise(df)``; for its effect: its result is not used);
    calls: the names it calls as functions; functions: ``(name, changes what it is given, names outside
    it whose objects it changes)`` per function it defines (`_effects`); aliases: ``(target, name)`` for each
    name bound to an object another name is or holds (`_bindings`: ``d = df``, ``a, b = df, 1``, ``frames =
    [df]``, ``for frame in frames``); imported: names its imports bind; sets_state: it
    sets a style, rcParams or a random seed; drawn: names it calls a drawing method on (``df.plot()``, ``ax.hist``);
    opens_figure: it makes a figure of its own (``plt.subplots()``, ``plt.figure()``)."""

    defined: frozenset[str] = frozenset()
    needs: frozenset[str] = frozenset()
    changed: frozenset[str] = frozenset()
    called: frozenset[str] = frozenset()
    passed: frozenset[tuple[str, str, bool]] = frozenset()
    calls: frozenset[str] = frozenset()
    functions: frozenset[tuple[str, bool, frozenset[str]]] = frozenset()
    aliases: frozenset[tuple[str, str]] = frozenset()
    imported: frozenset[str] = frozenset()
    sets_state: bool = False
    drawn: frozenset[str] = frozenset()
    opens_figure: bool = False


@functools.lru_cache(maxsize=4096)
def _names(code: str | None) -> _CellNames:
    """What the cell does to names (`_CellNames`). IPython magics and shell lines are skipped."""
    if not code or other_language(code) is not None:  # R or shell code defines no Python name
        return _CellNames()
    try:
        tree = ast.parse(python_lines(code))
    except SyntaxError:
        return _CellNames()
    return _tree_names(tree)


def _tree_names(tree: ast.Module) -> _CellNames:
    defined, needs, changed, called, passed, aliases, imported = set(), set(), set(), set(), set(), set(), set()
    calls, functions, for_effect, drawn = set(), set(), set(), set()
    sets_state = opens_figure = False
    for statement in tree.body:
        stored, loaded = set(), set()
        scoped: set[int] = set()  # ast.walk meets a ``with`` before the calls it opens
        for node in ast.walk(statement):
            if isinstance(node, ast.Name):
                (loaded if isinstance(node.ctx, ast.Load) else stored).add(node.id)
            elif isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name):
                loaded.add(node.target.id)  # ``y += 100`` binds y again from the y it reads (`_updated`)
            elif isinstance(node, (ast.With, ast.AsyncWith)):
                # a state call opening a ``with`` block (``with plt.xkcd():``) sets it for that block alone: its cell
                # is no style for later plots (their code drew the block's figure first)
                scoped |= {id(item.context_expr) for item in node.items}
            elif isinstance(node, (ast.Import, ast.ImportFrom)):  # "*" for `from pylab import *`
                names = {(a.asname or a.name).split(".")[0] for a in node.names}
                stored |= names
                imported |= names
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                stored.add(node.name)
                if not isinstance(node, ast.ClassDef):
                    functions.add((node.name, *_effects(node)))
            elif isinstance(node, (ast.Subscript, ast.Attribute)) and not isinstance(node.ctx, ast.Load):
                changed.add(_root(node))
                sets_state |= "rcParams" in _dotted(node)
            elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
                func = node.value.func
                if isinstance(func, ast.Attribute) and func.attr not in _LOOKS:
                    # a drawing method (``df.plot()``, ``df.plot.bar()``, ``ax.hist(...)``) draws; another changes
                    # (numpy's ``arr.fill(0)``, gym's ``env.step()``, named as pyplot's ``fill`` and ``step`` are)
                    draws = func.attr in _DRAWING_ONLY or ".plot." in _dotted(func)
                    (drawn if draws else called).add(_root(func))
                for_effect.add(id(node.value))  # ast.walk meets the statement before its call
            elif isinstance(node, ast.Assign):  # ``d = df``, ``a, b = df, 1``, ``combine = [train, test]``
                aliases |= {pair for target in node.targets for pair in _bindings(target, node.value)}
            elif isinstance(node, (ast.For, ast.AsyncFor)):  # ``for frame in combine:``: each is one of them
                aliases |= _bindings(node.target, node.iter)
            if isinstance(node, ast.Call):
                # a call given the axes or figure to draw on draws on them (``df2.plot(ax=ax)``,
                # ``sns.lineplot(..., ax=ax)``): their drawing is what a later cell showing them shows
                # and numpy's ``out=`` writes the result into the array given (``np.multiply(v, 2, out=v)``)
                changed |= {k.value.id for k in node.keywords
                            if k.arg in _DRAWN_ON | {"out"} and isinstance(k.value, ast.Name)}
                given = [*node.args, *(k.value for k in node.keywords)]
                effect = id(node) in for_effect
                passed |= {(_dotted(node.func), name, effect) for arg in given if (name := _given(arg))}
                if isinstance(node.func, ast.Name):
                    calls.add(node.func.id)
                sets_state |= id(node) not in scoped and _STATE_CALL.search(_dotted(node.func)) is not None
                opens_figure |= _OPENS_FIGURE.search(_dotted(node.func)) is not None
        needs |= loaded - defined
        defined |= stored
    return _CellNames(frozenset(defined), frozenset(needs), frozenset(changed - {None}), frozenset(called - {None}),
                      frozenset(passed), frozenset(calls), frozenset(functions), frozenset(aliases),
                      frozenset(imported), sets_state, frozenset(drawn - {None}), opens_figure)


def _effects(function: ast.FunctionDef | ast.AsyncFunctionDef) -> tuple[bool, frozenset[str]]:
    """(whether the function may change an object it is given, the names outside it whose objects or
    bindings it may change), from its body: ``def normalise(frame): frame['y'] /= 2`` changes what it is
    given, ``def scale(): df['y'] *= 2`` changes ``df``, ``def show(frame): plt.hist(frame['y'])`` neither.
    Calls it makes of the notebook's other functions are not followed."""
    arguments = function.args
    parameters = {a.arg for a in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs,
                                  arguments.vararg, arguments.kwarg] if a is not None}
    body = _tree_names(ast.Module(body=function.body, type_ignores=[]))
    for target, value in body.aliases:  # `g = frame` inside: changing g changes what it was given
        if value in parameters:
            parameters.add(target)
    declared = {name for node in ast.walk(function) if isinstance(node, (ast.Global, ast.Nonlocal))
                for name in node.names}
    changed = body.changed | body.called | {name for callee, name, effect in body.passed
                                            if effect and _may_change_argument(callee)}
    outside = (changed - parameters - (body.defined - declared)) | (body.defined & declared)
    return bool(changed & parameters), frozenset(outside - _MODULES)


def _updated(tree: ast.AST) -> set[int]:
    """The ids of the names an augmented assignment updates (``y += 100``): read before they are bound again, so
    the cell needs the one that bound them first (a plot's code kept ``y += 100`` and left out ``y = x ** 2``, its
    y undefined)."""
    return {id(node.target) for node in ast.walk(tree) if isinstance(node, ast.AugAssign)
            and isinstance(node.target, ast.Name)}


def undefined_names(code: str) -> list[str]:
    """The names ``code`` (a pair's cells, joined) reads and nothing in it binds, nor Python's builtins, IPython's
    own (``display``), nor a module by convention (`_MODULES`: ``%pylab``'s), sorted; ``[]`` where a star import may
    bind any, or the code does not parse. A name a magic made (``%run data.py``, ``%store -r df``) or a cell
    left out made is one: the code does not draw the plot. ``%time x = ...`` binds x."""
    try:
        tree = ast.parse(python_lines(code))
    except SyntaxError:
        return []
    bound, read = set(), set()
    updated = _updated(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (read if isinstance(node.ctx, ast.Load) or id(node) in updated else bound).add(node.id)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            if any(a.name == "*" for a in node.names):
                return []
            bound |= {(a.asname or a.name).split(".")[0] for a in node.names}
        elif isinstance(node, (ast.ExceptHandler, ast.MatchAs, ast.MatchStar)) and node.name:
            bound.add(node.name)
        elif isinstance(node, ast.MatchMapping) and node.rest:
            bound.add(node.rest)
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            bound.update(node.names)
    return sorted(read - bound - _KNOWN_NAMES)


def python_lines(code: str) -> str:
    """``code`` as the Python it runs: IPython's magic, shell and help lines left out, but the statement a line
    magic times (``%time df = load()``: df is bound)."""
    lines = []
    for line in code.splitlines():
        timed = _TIMED.match(line)
        if timed or not line.lstrip().startswith(MAGICS):
            lines.append(timed.group(1) + timed.group(2) if timed else line)
    return "\n".join(lines)


# a line magic timing a statement: the statement runs (``%time model = fit(x)``), flags aside
_TIMED = re.compile(r"^(\s*)%(?:time|timeit|prun)\s+(?:-\S+\s+)*(.*)$")
# names every notebook has: Python's builtins, IPython's, and modules by convention (`_MODULES`)
_KNOWN_NAMES = frozenset(dir(builtins)) | frozenset({"display", "get_ipython", "In", "Out", "_", "__", "___",
                                                     "exit", "quit"}) | _MODULES


def _bindings(target: ast.AST, value: ast.AST) -> set[tuple[str, str]]:
    """``(name, held)`` for each name ``target`` binds and each name whose object the ``value`` bound to it is or
    holds (`_held`): ``a, b = df, 1`` binds a to df (element to element where the two are as long), ``frames =
    [df]`` and ``g = {'frame': df}`` bind the container to what it holds (``frames[0]['y'] *= 2`` changes df)."""
    if isinstance(target, (ast.Tuple, ast.List)) and isinstance(value, (ast.Tuple, ast.List)) \
            and len(target.elts) == len(value.elts) and not any(isinstance(e, ast.Starred) for e in target.elts):
        return {pair for t, v in zip(target.elts, value.elts) for pair in _bindings(t, v)}
    if isinstance(target, (ast.Tuple, ast.List)) and isinstance(value, ast.Call) \
            and _dotted(value.func).rsplit(".", 1)[-1] in _MAKES_FIGURE_AND_AXES:
        # ``fig, ax = plt.subplots()``: the axes are the figure's; a later cell drawing on ax changed the figure
        # a cell showing ``fig`` shows (the inline backend shows it only when a cell names it again)
        bound = _targets(target) | _held(value)  # ``ax1, ax2 = fig.subplots(1, 2)``: fig's axes too
        return {(name, other) for name in bound for other in bound if name != other}
    held = _held(value)
    return {(name, h) for name in _targets(target) for h in held}


def _targets(node: ast.AST) -> set[str]:
    """The names an assignment's (or a loop's) target binds: ``a``, ``a, b``, ``[a, *rest]``."""
    if isinstance(node, ast.Name):
        return {node.id}
    if isinstance(node, (ast.Tuple, ast.List)):
        return set().union(*(_targets(e) for e in node.elts))
    return _targets(node.value) if isinstance(node, ast.Starred) else set()


def _held(node: ast.AST) -> set[str]:
    """The names whose objects an expression is or holds as it is, no call making a new one: a name, the names in
    a tuple, list, set or dict display (its values), starred or not, an item of one, and the figure a part of it
    is got from or the part a figure gives (``fig.add_subplot()``, ``ax.figure``: one drawing)."""
    if isinstance(node, ast.Name):
        return {node.id}
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return set().union(*(_held(e) for e in node.elts))
    if isinstance(node, ast.Dict):
        return set().union(*(_held(v) for v in node.values))
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _FIGURE_PARTS:
        return _held(node.func.value) - _MODULES  # ``ax = fig.add_subplot()``, ``fig = ax.get_figure()``
    if isinstance(node, ast.Attribute) and node.attr in _FIGURE_PARTS:  # ``fig = ax.figure``, ``g.axes``
        return _held(node.value) - _MODULES
    if isinstance(node, ast.Subscript):  # ``ax = axes[0, 1]``, ``first = frames[0]``: part of what it indexes
        return _held(node.value)
    return _held(node.value) if isinstance(node, ast.Starred) else set()


# calls returning a figure with its axes, to be unpacked (``fig, ax = plt.subplots()``, ``fig.subplots(2)``)
_MAKES_FIGURE_AND_AXES = frozenset({"subplots", "subplot_mosaic", "subfigures"})
# methods and attributes giving a part of a figure or the figure of a part: one object to draw on
_FIGURE_PARTS = frozenset({"add_subplot", "add_axes", "subplots", "subplot_mosaic", "subfigures", "add_subfigure",
                           "gca", "twinx", "twiny", "get_figure", "inset_axes", "secondary_xaxis",
                           "secondary_yaxis", "get_axes", "figure", "fig", "axes", "ax", "ax_joint",
                           "ax_marg_x", "ax_marg_y"})


def _given(node: ast.AST) -> str | None:
    """The name whose object a call argument is or is part of (``df``, ``df['y']``, ``df.values``); None for
    anything made by a call (``df.copy()``) or a literal."""
    while isinstance(node, (ast.Attribute, ast.Subscript, ast.Starred)):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def _root(node: ast.AST) -> str | None:
    """The name an item, attribute or call chain starts from (``df`` of ``df.loc[0, "y"]``), if a name."""
    while isinstance(node, (ast.Attribute, ast.Subscript, ast.Call)):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def _dotted(node: ast.AST) -> str:
    """``plt.style.use`` for that attribute chain; items and calls in it are left out (``a.b[0].c``: a.b.c)."""
    parts = []
    while isinstance(node, (ast.Attribute, ast.Subscript, ast.Call)):
        if isinstance(node, ast.Attribute):
            parts.append(node.attr)
        node = node.func if isinstance(node, ast.Call) else node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
    return ".".join(reversed(parts))

