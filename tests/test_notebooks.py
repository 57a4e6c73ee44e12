"""Notebook plots paired with the code that drew them, and every bad notebook rejected with its reason."""

import io
import json

import pytest
from PIL import Image

from samples.make_samples import _NOTEBOOK, notebook_files
from samples.notebook_maker import executed_notebook
from samples.records_maker import PLOT_CODE, notebook_v3, notebook_v4, png, svg_figure, svg_use_bomb
from shards import Reject, Sample
from sources.common.images import ImageRejected
from sources.records.notebook_cells import dependencies
from sources.records.notebooks import NotebookOptions, read_notebook


def read(data, **options):
    return list(read_notebook(data, "mem://nb.ipynb", NotebookOptions(**options)))


def test_pairs_carry_the_plotting_cell_and_what_it_needs():
    out = {r.meta["locator"] if isinstance(r, Sample) else r.locator: r
           for r in read(notebook_files()["notebooks/sales_analysis.ipynb"])}
    line_plot = out["cell=3"]
    assert isinstance(line_plot, Sample) and line_plot.kind == "web_code"
    assert line_plot.meta["cells"] == [1, 2, 3]  # imports, data, the plot: nothing else
    assert line_plot.text.startswith("import numpy as np") and "ax.set_title('Monthly sales')" in line_plot.text
    assert "plt.plot([1, 2, 3])" not in line_plot.text
    svg_bar = out["cell=5"]
    assert svg_bar.meta["image_type"] == "image/svg+xml" and svg_bar.images[0].startswith(b"\x89PNG")
    assert svg_bar.meta["cells"] == [1, 2, 5]
    assert out["cell=4"].reason == "filtered:too_little_code"
    assert out["cell=6"].reason == "filtered:multiple_images"


def test_the_paired_code_draws_the_plot_again():
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    sample = [s for s in read(notebook_files()["notebooks/sales_analysis.ipynb"]) if isinstance(s, Sample)][0]
    namespace = {}
    exec(sample.text, namespace)
    buf = io.BytesIO()
    plt.gcf().savefig(buf, format="png", metadata={"Software": None})
    plt.close("all")
    # the stored image is the notebook's, made RGB: the same pixels
    again = Image.open(buf).convert("RGB")
    stored = Image.open(io.BytesIO(sample.images[0]))
    assert stored.mode == "RGB" and again.tobytes() == stored.tobytes()


def test_dependencies_follow_names_transitively_and_skip_magics():
    cells = ["import pandas as pd\nimport numpy as np", "%matplotlib inline\nraw = pd.read_csv('x.csv')",
             "unused = 3", None, "clean = raw.dropna()", "clean.plot()"]
    assert dependencies(cells, 5) == [0, 1, 4, 5]


@pytest.mark.parametrize("data, reason", [
    (b'{"cells": [', "error:notebook:malformed"),
    (json.dumps({"nbformat": 3, "cells": []}).encode(), "error:notebook:malformed"),  # v3 has worksheets
    (json.dumps({"nbformat": 5, "cells": []}).encode(), "error:notebook:unsupported_version"),
    (json.dumps({"nbformat": "4", "cells": []}).encode(), "error:notebook:unsupported_version"),
    (b"[" * 100_000 + b"]" * 100_000, "error:notebook:malformed"),
    (json.dumps({"nbformat": 4, "cells": [], "metadata": {"kernelspec": {"language": "R"}}}).encode(),
     "filtered:not_python"),
    (json.dumps({"nbformat": 4, "cells": [{"cell_type": "code", "source": "x = 1", "outputs": []}]}).encode(),
     "filtered:no_image_outputs"),
])
def test_bad_notebooks_are_rejected_whole(data, reason):
    [reject] = read(data)
    assert isinstance(reject, Reject) and reject.reason == reason and reject.whole_input


def test_huge_and_broken_images_are_refused_before_decoding():
    data = executed_notebook(_NOTEBOOK[:4])
    [huge] = read(data, max_image_bytes=1000)
    assert huge.reason == "filtered:image_too_large"
    notebook = json.loads(data)
    notebook["cells"][3]["outputs"][0]["data"]["image/png"] = "bm90IGFuIGltYWdl"  # "not an image"
    [bad] = read(json.dumps(notebook).encode())
    assert bad.reason == "error:image:unreadable"


def _png_b64() -> str:
    import base64

    return base64.b64encode(png()).decode()


def test_one_figure_given_as_png_and_svg_is_one_figure():
    both = {"output_type": "display_data", "metadata": {},
            "data": {"image/svg+xml": svg_figure(), "image/png": _png_b64(), "text/plain": "<Figure>"}}
    [sample] = read(notebook_v4([both]))
    assert isinstance(sample, Sample) and sample.meta["image_type"] == "image/png"
    assert sample.text == PLOT_CODE and Image.open(io.BytesIO(sample.images[0])).size == (64, 48)
    [two] = read(notebook_v4([both, both]))  # two outputs are two figures
    assert two.reason == "filtered:multiple_images"


def test_nbformat_3_notebooks_are_converted_as_jupyter_converts_them():
    [sample] = read(notebook_v3(png()))
    assert isinstance(sample, Sample) and sample.text == PLOT_CODE
    assert sample.meta["image_type"] == "image/png" and sample.images[0] == png()


def test_svg_work_is_bounded_before_and_while_drawing():
    import time

    def svg_output(svg: str) -> dict:
        return {"output_type": "display_data", "metadata": {}, "data": {"image/svg+xml": svg}}

    bomb = svg_use_bomb(levels=10, fan=10)  # 10^10 rectangles
    assert len(bomb) < 3000
    started = time.monotonic()
    [reject] = read(notebook_v4([svg_output(bomb)]))
    assert reject.reason == "error:image:svg_too_complex" and time.monotonic() - started < 5
    loop = svg_figure().replace("</svg>", '<g id="a"><use href="#b"/></g><g id="b"><use href="#a"/></g></svg>')
    [looped] = read(notebook_v4([svg_output(loop)]))
    assert looped.reason == "error:image:unreadable" and "loop" in looped.detail
    [slow] = read(notebook_v4([svg_output(svg_figure())]), svg_seconds=0.001)  # what the count cannot foresee
    assert slow.reason == "error:image:svg_timeout"
    [drawn] = read(notebook_v4([svg_output(svg_figure())]))
    assert isinstance(drawn, Sample) and Image.open(io.BytesIO(drawn.images[0])).size == (240, 180)


def test_an_svg_mupdf_warns_about_is_drawn():
    # MuPDF prints its warnings ("svg: ignoring external image 'logo.png'") on stdout, ahead of the PNG the
    # drawing process writes there: a valid figure was refused as error:image:unreadable "SVG: exit 0"
    from sources.records.svg import rasterise_svg

    svg = (b'<svg xmlns="http://www.w3.org/2000/svg" width="100" height="80"><rect width="100" height="80" '
           b'fill="blue"/><image x="0" y="0" width="10" height="10" href="logo.png"/></svg>')
    image = Image.open(io.BytesIO(rasterise_svg(svg)))
    assert image.size == (200, 160) and image.convert("RGB").getpixel((100, 100)) == (0, 0, 255)


def _notebook(cells: list[tuple[str, int | None, bool]], metadata: dict | None = None) -> bytes:
    """Code cells ``(source, execution count, whether it shows a figure)``."""
    import base64

    figure = {"output_type": "display_data", "metadata": {},
              "data": {"image/png": base64.b64encode(png((200, 40, 40))).decode()}}
    return json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": metadata if metadata is not None else {
        "kernelspec": {"name": "python3", "language": "python"}}, "cells": [
        {"cell_type": "code", "execution_count": count, "metadata": {}, "source": source,
         "outputs": [figure] if shows else []} for source, count, shows in cells]}).encode()


@pytest.mark.parametrize("update", ["y += 100", "y *= 2\ny -= 1", "for i in range(3):\n    y += i"])
def test_a_cell_updating_a_name_in_place_needs_the_cell_that_bound_it(update):
    # (hunt) `y += 100` was taken for y's definition: the plot's code kept it and left out `y = x ** 2`, and ran
    # into NameError (no code here drew the plot)
    plot = "plt.plot(x, y)\nplt.title('squares')\nplt.xlabel('x')\nplt.ylabel('y')\n"
    cells = [("import matplotlib.pyplot as plt\nimport numpy as np\nx = np.arange(10)", 1, False),
             ("y = x ** 2", 2, False), (update, 3, False), (plot, 4, True)]
    [sample] = read(_notebook(cells))
    assert (sample.meta["cells"], sample.text) == ([0, 1, 2, 3], (
        "import matplotlib.pyplot as plt\nimport numpy as np\nx = np.arange(10)\n\ny = x ** 2\n\n"
        f"{update}\n\n{plot}"))
    # updated where nothing bound it first: a name no cell defines
    [refused] = read(_notebook([cells[0], cells[2], (plot, 4, True)]))
    assert refused.reason == "filtered:undefined_names"


def test_the_code_paired_with_a_plot_is_what_ran_before_it_by_execution_count():
    # a blind hunt: the plot ran (3) after `y = x ** 2` (2) and before a later cell's `y = x ** 3` (5); the
    # notebook's order paired the squares' plot with the cubes
    plot = "plt.plot(x, y)\nplt.title('squares')\nplt.xlabel('x')\nplt.ylabel('y')\n"
    cells = [("import matplotlib.pyplot as plt\nimport numpy as np\nx = np.arange(10)", 1, False),
             ("y = x ** 2", 2, False), ("y = x ** 3", 5, False), (plot, 3, True)]
    [sample] = read(_notebook(cells))
    assert sample.meta["cells"] == [0, 1, 3]
    assert sample.text == ("import matplotlib.pyplot as plt\nimport numpy as np\nx = np.arange(10)\n\ny = x ** 2\n\n"
                           + plot)
    # a cell run later but set higher in the notebook is the one the plot used
    moved = [("import matplotlib.pyplot as plt\nimport numpy as np\nx = np.arange(10)", 1, False),
             ("y = x ** 2", 4, False), (plot, 3, True), ("y = x ** 3", 2, False)]
    assert read(_notebook(moved))[0].meta["cells"] == [0, 3, 2]
    # the imports run again after the plot (to add one) still gave it its names: they come first
    rerun = [("import matplotlib.pyplot as plt\nimport numpy as np", 7, False), ("x = np.arange(10)\ny = x ** 2", 2, False),
             (plot, 3, True)]
    assert read(_notebook(rerun))[0].meta["cells"] == [0, 1, 2]
    restarted = [("import matplotlib.pyplot as plt\nimport numpy as np\nx = np.arange(10)", 1, False),
                 ("y = x ** 2", 1, False), (plot, 3, True)]
    assert [r.reason for r in read(_notebook(restarted))] == ["filtered:out_of_order_execution"]
    # a star import may define what the plot uses: it goes with it
    star = [("from pylab import *", 1, False), ("x = linspace(0, 1)\ny = x ** 2\nplot(x, y)\ntitle('sq')", 2, True)]
    assert read(_notebook(star))[0].meta["cells"] == [0, 1]


def test_a_notebook_in_another_language_is_never_a_python_target():
    # an IJulia notebook (version 3: its language in the notebook's metadata) and one naming no kernel holding
    # R were written as ```python targets; "Python 3" and "ipython3" are Python
    julia = {"nbformat": 3, "nbformat_minor": 0, "metadata": {"language": "Julia", "name": ""},
             "worksheets": [{"cells": [{"cell_type": "code", "language": "julia", "prompt_number": 1,
                                        "input": "using PyPlot\nx = 1:10\nplot(x, x.^2)\ntitle(\"sq\")",
                                        "outputs": [{"output_type": "display_data", "metadata": {},
                                                     "png": __import__("base64").b64encode(png((9, 9, 9))).decode()}]}]}]}
    assert [(r.reason, r.detail) for r in read(json.dumps(julia).encode())] == [
        ("filtered:not_python", "kernel language 'julia'")]
    r_code = [("library(ggplot2)\ndf <- data.frame(x=1:10)\np <- ggplot(df, aes(x, x^2))\nprint(p)", 1, True)]
    [refused] = read(_notebook(r_code, metadata={}))
    assert refused.reason == "filtered:not_python" and refused.detail.startswith("the code does not parse as Python 3")
    plot = [("import matplotlib.pyplot as plt\nx = [1, 2, 3]\nplt.plot(x, x)\nplt.title('a')\nplt.grid()", 1, True)]
    for language in ({"kernelspec": {"language": "Python 3"}}, {"language_info": {"name": "ipython3"}}):
        assert isinstance(read(_notebook(plot, metadata=language))[0], Sample)


@pytest.mark.parametrize("magic", ["%%R", "%%R -i df -w 800", "%%bash", "%%javascript", "%%sql", "%%cython"])
def test_a_cell_magic_running_another_language_is_never_a_python_target(magic):
    # (hunt W12) "%%R\nx <- c(1, 2, 3)..." parses as Python ("x < -c(...)") and was written as ```python
    code = f"{magic}\nx <- c(1, 2, 3)\ny <- c(3, 1, 2)\nbarplot(x)\ntitle('R plot')\nbox()\ngrid()"
    [refused] = read(_notebook([(code, 1, True)]))
    assert (refused.reason, refused.detail) == (
        "filtered:not_python", f"the cell runs under %%{magic[2:].split()[0]}, not as Python")


def test_python_cell_magics_stay_and_another_languages_cell_is_no_dependency():
    plot = "%%time\nplt.plot(x, y)\nplt.title('a')\nplt.xlabel('x')\nplt.ylabel('y')\nplt.grid()"
    cells = [("import matplotlib.pyplot as plt\nx = [1, 2, 3]\ny = x", 1, False), ("%%R\ny <- c(3, 2, 1)", 2, False),
             (plot, 3, True)]
    [sample] = read(_notebook(cells))
    assert sample.meta["cells"] == [0, 2]
    assert sample.conversation[1]["content"] == (
        "```python\nimport matplotlib.pyplot as plt\nx = [1, 2, 3]\ny = x\n\n" + plot + "\n```")


@pytest.mark.parametrize("before, plot", [
    # (hunt W11) the cells changing in place what the plot draws, or the state it draws with, were left out
    (["import pandas as pd\nimport matplotlib.pyplot as plt", "df = pd.DataFrame({'x': [1, 2, 3]})",
      "df['y'] = df['x'] ** 2"], "fig, ax = plt.subplots()\nax.plot(df['x'], df['y'])\nax.set_title('squares')"),
    (["import matplotlib.pyplot as plt\nvals = []", "for i in range(5):\n    vals.append(i * i)"],
     "plt.plot(vals)\nplt.xlabel('i')\nplt.ylabel('i squared')"),
    (["import numpy as np\nimport matplotlib.pyplot as plt", "plt.style.use('ggplot')\nnp.random.seed(42)"],
     "data = np.random.randn(100)\nplt.hist(data, bins=10)\nplt.title('hist')"),
    (["import matplotlib.pyplot as plt\nimport matplotlib as mpl",
      "mpl.rcParams['lines.linewidth'] = 6\nplt.rcParams['figure.figsize'] = (2, 2)"],
     "plt.plot([1, 2, 3], [3, 1, 2])\nplt.title('thick')\nplt.xlabel('x')"),
    (["import matplotlib.pyplot as plt\nimport seaborn as sns", "sns.set_theme(style='whitegrid')"],
     "plt.plot([1, 2, 3], [3, 1, 2])\nplt.title('grid')\nplt.xlabel('x')"),
])
def test_cells_changing_what_a_plot_draws_or_how_go_with_it(before, plot):
    cells = [(code, n, False) for n, code in enumerate(before, start=1)] + [(plot + "\nplt.show()", 9, True)]
    [sample] = read(_notebook(cells))
    assert sample.text == "\n\n".join(before + [plot + "\nplt.show()"]) + "\n"


def test_looking_at_an_object_or_calling_a_module_is_no_change_to_it():
    cells = [("import pandas as pd\nimport matplotlib.pyplot as plt\ndf = pd.DataFrame({'x': [1, 2, 3]})", 1, False),
             ("df.head()", 2, False), ("plt.plot([9, 9])\nplt.show()", 3, False),
             ("plt.plot(df['x'])\nplt.title('x')\nplt.xlabel('i')\nplt.ylabel('x')", 4, True)]
    assert read(_notebook(cells))[0].meta["cells"] == [0, 3]


@pytest.mark.parametrize("drew", ["df.plot()", "df['y'].hist()", "df.plot.bar(x='x', y='y')",
                                  "fig0, ax0 = plt.subplots()\nax0.plot(df['x'])\nax0.legend(['x'])"])
def test_a_cell_drawing_before_a_plot_that_opens_its_own_figure_is_not_its_code(drew):
    # a drawing method called on the data (pandas' ``df.plot()``) or on other axes was taken for a change to
    # them, and the cell, which drew a figure of its own, went into the code of the next plot, which opens its own
    # figure: the code drew a stray figure first
    cells = [(_IMPORTS, 1, False), (_DATA, 2, False), (drew, 3, True), (_PLOT, 4, True)]
    assert read(_notebook(cells))[-1].meta["cells"] == [0, 1, 3]


def test_a_cell_stepping_an_object_goes_with_a_plot_of_it_that_opens_its_own_figure():
    # ``step`` is pyplot's name too: a simulation stepped (gym's ``env.step()``, a scheduler's) was taken for a
    # drawing, and left out of the code of a plot of its state (review)
    walker = ("class Walker:\n    def __init__(self):\n        self.x = [0]\n    def step(self):\n"
              "        self.x.append(self.x[-1] + 1)\nw = Walker()")
    cells = [(_IMPORTS, 1, False), (walker, 2, False), ("for _ in range(3):\n    w.step()", 3, False),
             ("fig, ax = plt.subplots()\nax.plot(w.x)\nax.set_title('walk')", 4, True)]
    assert read(_notebook(cells))[-1].meta["cells"] == [0, 1, 2, 3]


@pytest.mark.parametrize("before", ["%run make_data.py", "%store -r df", "globals()['df'] = pd.DataFrame({'x': [1]})"])
def test_a_plot_whose_code_reads_a_name_no_cell_of_it_defines_is_refused(before):
    # a name a magic made (or an exec, a globals() write): the pair's code read df, defined nowhere in it, and
    # would stop at its first use: no code that draws the plot
    cells = [(_IMPORTS, 1, False), (before, 2, False), (_PLOT, 3, True)]
    [reject] = read(_notebook(cells))
    assert isinstance(reject, Reject) and reject.reason == "filtered:undefined_names"
    assert reject.detail.startswith("the code reads df, which none of its cells defines")


def test_names_a_timed_line_or_a_function_binds_are_defined():
    cells = [(_IMPORTS, 1, False), ("%time df = pd.DataFrame({'x': [1, 2], 'y': [2.0, 1.0]})", 2, False),
             ("def scaled(frame, k=2):\n    return [v * k for v in frame['y']]", 3, False),
             ("fig, ax = plt.subplots()\nax.plot(df['x'], scaled(df))\nax.set_title('y')", 4, True)]
    assert read(_notebook(cells))[-1].meta["cells"] == [0, 1, 2, 3]


def test_an_array_a_numpy_call_writes_into_goes_with_the_plot():
    cells = [(_IMPORTS, 1, False), ("vals = np.array([1.0, 2.0, 3.0])", 2, False),
             ("np.multiply(vals, 2, out=vals)", 3, False), ("plt.plot(vals)\nplt.title('v')\nplt.xlabel('i')", 4, True)]
    assert read(_notebook(cells))[-1].meta["cells"] == [0, 1, 2, 3]


def test_a_drawing_cell_before_a_plot_on_its_axes_is_its_code():
    # the plot draws on axes an earlier cell made and drew on: that drawing is the figure's
    cells = [(_IMPORTS, 1, False), (_DATA, 2, False), ("fig, ax = plt.subplots()\nax.plot(df['x'])", 3, False),
             ("ax.plot(df['y'])\nax.set_title('y')\nfig", 4, True)]
    assert read(_notebook(cells))[-1].meta["cells"] == [0, 1, 2, 3]


@pytest.mark.parametrize("draws", ["df2.plot(ax=ax)",
                                   "import seaborn as sns\nsns.lineplot(data=df2, x='x', y='y', ax=ax)"])
def test_a_cell_drawing_on_the_plots_axes_by_a_keyword_goes_with_it(draws):
    # a call given the axes to draw on (pandas' and seaborn's ``ax=``) drew a line the figure shows: the cell was
    # left out (a method of another object, a module's function: no change to what they are given), and the
    # code drew one line of the figure's two
    cells = [("import numpy as np\nimport pandas as pd\nimport matplotlib.pyplot as plt", 1, False),
             ("df = pd.DataFrame({'x': [1, 2, 3, 4], 'y': [1.0, 4.0, 2.0, 3.0]})\ndf2 = df * 2", 2, False),
             ("fig, ax = plt.subplots()", 3, False), (draws, 4, False),
             ("ax.plot(df['x'], df['y'])\nax.set_title('y')\nax.set_xlabel('x')\nfig", 5, True)]
    assert read(_notebook(cells))[0].meta["cells"] == [0, 1, 2, 3, 4]


_IMPORTS = "import numpy as np\nimport pandas as pd\nimport matplotlib.pyplot as plt"
_DATA = "df = pd.DataFrame({'x': [1, 2, 3, 4], 'y': [1.0, 4.0, 2.0, 3.0]})"
_PLOT = "fig, ax = plt.subplots()\nax.plot(df['x'], df['y'])\nax.set_title('y')\nax.set_xlabel('x')"


@pytest.mark.parametrize("changes", [
    # (hunt W11 again) the plot's data changed through another name bound to it, or by a call given it: the
    # cell was left out, and the paired code drew the data as it was before
    ["d = df\nd['y'] *= 2"],
    ["d = df", "d['y'] += 10"],
    ["def normalise(frame):\n    frame['y'] = frame['y'] / frame['y'].max()", "normalise(df)"],
    ["np.random.seed(0)\nvals = df['y'].to_numpy(copy=True)", "np.random.shuffle(vals)", "df['y'] = vals"],
    ["def double(frame):\n    frame['y'] *= 2\n    return frame", "df.pipe(double)"],
    ["def halve(frame):\n    g = frame\n    g['y'] /= 2\n    return g", "halved = halve(df)"],
    ["def scale():\n    df['y'] *= 3", "scale()"],
    # bound by a tuple, a loop or a container: the Titanic tutorials' ``combine = [train_df, test_df]`` and ``for
    # dataset in combine: dataset['Title'] = ...`` changed the plot's data through a name no plain assignment made
    ["a, b = df, 1\na['y'] += 5"],
    ["combine = [df]", "for frame in combine:\n    frame['y'] *= 2"],
    ["g = {'frame': df}\ng['frame']['y'] *= 2"],
])
def test_a_change_through_an_alias_or_a_call_goes_with_the_plot_and_the_code_draws_it_again(changes):
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    # drawing, printing or measuring the data changes nothing: such cells stay out
    looks = ["plt.plot(df['x'])\nprint(df)\nsorted(df['x'])", "def show(frame):\n    plt.hist(frame['y'])",
             "show(df)\nshown = show(df)"]
    cells = [_IMPORTS, _DATA, *looks, *changes, _PLOT]
    data = executed_notebook([("code", code) for code in cells])
    [*_, sample] = [s for s in read(data) if isinstance(s, Sample)]
    assert sample.text == "\n\n".join([_IMPORTS, _DATA, *changes, _PLOT]) + "\n"
    exec(sample.text, {})
    buf = io.BytesIO()
    plt.gcf().savefig(buf, format="png", metadata={"Software": None})
    plt.close("all")
    assert Image.open(buf).convert("RGB").tobytes() == Image.open(io.BytesIO(sample.images[0])).tobytes()


@pytest.mark.parametrize("made, shown", [
    ("fig, ax = plt.subplots()", "fig"), ("fig = plt.figure()\nax = fig.add_subplot(111)", "display(fig)"),
    ("fig, axes = plt.subplots(1, 2)\nax = axes[0]", "fig"),
    ("ax = plt.figure().add_subplot()\nfig = ax.figure", "fig"),
    ("fig = plt.figure()\nax, ax2 = fig.subplots(1, 2)", "fig"),
])
def test_a_figure_shown_again_carries_the_cells_that_drew_on_its_axes(made, shown):
    # (hunt) the figure made in one cell, drawn on through its axes in the next and shown by naming it in a third, as
    # the inline backend needs: the drawing cell (and the data it read) was left out, and the code drew empty axes
    drawn = "ax.plot(df['x'], df['y'])\nax.set_title('y')"
    cells = [(_IMPORTS, 1, False), (_DATA, 2, False), (made, 3, False), (drawn, 4, False), (shown, 5, True)]
    [sample] = read(_notebook(cells))
    assert sample.meta["cells"] == [0, 1, 2, 3, 4]
    assert sample.text == "\n\n".join([_IMPORTS, _DATA, made, drawn, shown]) + "\n"


@pytest.mark.parametrize("state", ["plt.style.use('dark_background')", "np.random.seed(7)",
                                   "plt.rcParams['lines.linewidth'] = 6"])
def test_a_cell_setting_the_style_or_seed_is_never_left_out_for_length(state):
    # (hunt) the long set-up cell was the earliest and was dropped to fit max_code_chars: no name showed it missing
    # (np and plt are known by convention), and the code drew the plot in another style or from other numbers
    setup = "import numpy as np\nimport matplotlib.pyplot as plt\n" + "# set-up notes\n" * 20 + state
    plot = "plt.plot(x, x ** 2)\nplt.title('t')\nplt.xlabel('x')\nplt.ylabel('y')\nplt.grid()"
    cells = [(setup, 1, False), ("x = np.random.rand(10)", 2, False), (plot, 3, True)]
    [refused] = read(_notebook(cells), max_code_chars=300)
    assert refused.reason == "filtered:code_too_long" and refused.detail.startswith("cell 0, setting the style")
    [sample] = read(_notebook(cells), max_code_chars=1000)
    assert sample.meta["cells"] == [0, 1, 2]


@pytest.mark.parametrize("state", ["plt.xkcd()", "tf.random.set_seed(7)", "keras.utils.set_random_seed(7)",
                                   "torch.cuda.manual_seed_all(7)", "L.seed_everything(7)"])
def test_a_cell_setting_a_sketch_style_or_a_framework_seed_goes_with_every_later_plot(state):
    # (hunt) plt.xkcd() in a cell of its own sketches every later figure, and TensorFlow's, Keras', PyTorch's GPU
    # and Lightning's seeds fix the numbers drawn: those cells were left out, and the code drew another plot
    plot = "y = np.random.rand(10)\nplt.plot(x, y)\nplt.title('t')\nplt.xlabel('x')\nplt.ylabel('y')"
    setup = "import keras\nimport lightning as L\nimport numpy as np\nimport matplotlib.pyplot as plt\nimport torch\n"
    cells = [(setup + "import tensorflow as tf\nx = np.arange(10)", 1, False), (state, 2, False), (plot, 3, True)]
    [sample] = read(_notebook(cells))
    assert (sample.meta["cells"], sample.text.split("\n\n")[1]) == ([0, 1, 2], state)


def test_a_sketch_style_in_a_with_block_is_no_style_for_later_plots():
    # (review) `with plt.xkcd():` sketches its own block's figure only: taken for a style set for good, its cell (and
    # its bar chart) went into the code of every later plot, which then drew two figures for one
    plot = "y = np.random.rand(10)\nplt.plot(x, y)\nplt.title('t')\nplt.xlabel('x')\nplt.ylabel('y')"
    sketch = "with plt.xkcd():\n    plt.bar(x, x ** 2)\n    plt.title('sketch')\n    plt.show()"
    cells = [("import numpy as np\nimport matplotlib.pyplot as plt\nx = np.arange(10)", 1, False), (sketch, 2, True),
             (plot, 3, True)]
    assert [s.meta["cells"] for s in read(_notebook(cells))] == [[0, 1], [0, 2]]


def _with_error(data: bytes, index: int) -> bytes:
    notebook = json.loads(data)
    notebook["cells"][index]["outputs"].append({"output_type": "error", "ename": "KeyError", "evalue": "'z'",
                                                "traceback": ["KeyError: 'z'"]})
    return json.dumps(notebook).encode()


@pytest.mark.parametrize("raised", [2, 1])
def test_a_plot_whose_cell_or_a_cell_it_needs_raised_is_refused(raised):
    # (hunt) a traceback after the figure: the plot cell (or the data cell before it) stopped at its error, the
    # lines after it never ran, and the code given as drawing the figure stops there too
    plot = "plt.plot(df['x'], df['y'])\nplt.title('y')\ndf['w'] = df['z'] * 2\nplt.plot(df['x'], df['w'])"
    cells = [(_IMPORTS, 1, False), (_DATA + "\ndf['y'] = df['z'] + 1", 2, False), (plot, 3, True)]
    [refused] = read(_with_error(_notebook(cells), raised))
    assert refused.reason == "filtered:cell_raised"
    assert refused.detail == f"cell {raised} stopped at KeyError: 'z': what came after it never ran"
    [sample] = read(_notebook(cells))  # the same cells, run without an error: a pair
    assert sample.meta["cells"] == [0, 1, 2]


def test_code_with_windows_line_ends_is_written_with_newlines():
    # (hunt) a notebook saved with CRLF line ends (or a script's lone CR) gave a target mixing "\r\n" with the
    # "\n" its cells are joined by
    plot = [line + "\r\n" for line in ["fig, ax = plt.subplots()", "ax.plot([1, 2])", "ax.set_title('a')"]]
    cells = [(_IMPORTS.replace("\n", "\r\n"), 1, False), (plot, 2, True)]
    [sample] = read(_notebook(cells))
    assert sample.text == _IMPORTS + "\n\nfig, ax = plt.subplots()\nax.plot([1, 2])\nax.set_title('a')\n"
    assert "\r" not in sample.conversation[1]["content"]


_SVG_PLOTS = {
    "a line past the axes limits": "plt.plot([0, 10], [0, 10], lw=8, color='red')\nplt.xlim(0, 5)\nplt.ylim(0, 5)",
    "hatched bars": "plt.bar([0, 1], [1, 2], hatch='//', color='white', edgecolor='tab:blue')",
    "a dashed ellipse": "from matplotlib.patches import Ellipse\n"
                        "plt.gca().add_patch(Ellipse((1, 4), 2, 4, ls='--', fill=False))",
}


@pytest.mark.parametrize("plot", _SVG_PLOTS.values(), ids=list(_SVG_PLOTS))
def test_an_svg_figure_mupdf_would_draw_otherwise_is_refused(plot):
    # (hunt) MuPDF clips nothing and draws patterns black: a line beyond the axes limits ran over the figure's
    # margins, matplotlib's hatched bars came out solid black, and the pair was written
    setup = "import numpy as np\nimport matplotlib.pyplot as plt\nx = np.arange(4)"
    cells = [("code", setup), ("code", plot + "\nplt.title('t')\nplt.xlabel('x')")]
    [refused] = read(executed_notebook(cells, svg_cells=frozenset({1})))
    assert refused.reason == "unsupported:svg_feature", refused


@pytest.mark.parametrize("paint", ["rgba(255, 0, 0, 0.5)", "hsl(0, 100%, 50%)", "currentColor",
                                   "url(#g)"])
def test_svg_paint_mupdf_draws_black_is_refused(paint):
    from sources.records.svg import rasterise_svg

    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><rect width="100" height="100" '
           f'fill="{paint}"/></svg>').encode()
    with pytest.raises(ImageRejected) as refused:
        rasterise_svg(svg)
    assert refused.value.reason == "unsupported:svg_feature" and "MuPDF draws black" in str(refused.value)
    sheet = (b'<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><style>.b { fill: #f00 }</style>'
             b'<rect class="b" width="100" height="100"/></svg>')
    with pytest.raises(ImageRejected, match="a style sheet sets fill"):
        rasterise_svg(sheet)


@pytest.mark.parametrize("plot", [
    "plt.plot(x, x ** 2, 'o-', alpha=0.5)\nplt.bar(x, x)\nplt.errorbar(x, x, yerr=0.5)\nplt.grid(True)\nplt.axhline(4)",
    "plt.imshow(np.eye(3))\nplt.colorbar()", "plt.hist(np.sin(x * 7), bins=3)\nplt.fill_between(x, x / 4)"])
def test_a_matplotlib_svg_whose_clips_cut_nothing_is_drawn(plot):
    # lines, markers, bars, images within autoscaled axes: their clips change nothing, and MuPDF draws them as is
    cells = [("code", "import numpy as np\nimport matplotlib.pyplot as plt\nx = np.arange(4)"), ("code", plot)]
    [sample] = read(executed_notebook(cells, svg_cells=frozenset({1})))
    assert sample.meta["image_type"] == "image/svg+xml"


@pytest.mark.parametrize("shown", ["Image(filename='runs/train/exp/results.png', width=800)",
                                   "display(Image('results.png'))", "img = PIL.Image.open('cat.jpg')\nimg"])
def test_a_picture_file_shown_as_it_is_is_not_code_that_draws_it(shown):
    # (hunt) YOLOv5's tutorial: a training script drew results.png and the last cell shows the file; its setup cell
    # gave the lines, and `Image(filename=...)` was written as the code that produces the plot
    setup = ("!git clone https://github.com/ultralytics/yolov5\n%cd yolov5\n%pip install -qr requirements.txt\n"
             "import torch\nimport PIL.Image\nfrom IPython.display import Image, display\nprint(torch.__version__)")
    cells = [(setup, 1, False), ("!python train.py --img 640 --epochs 3 --data coco128.yaml", 2, False),
             (shown, 3, True)]
    [refused] = read(_notebook(cells))
    assert refused.reason == "filtered:image_from_file"
    drawn = ("import io\nbuf = io.BytesIO()\nplt.plot([1, 2])\nplt.savefig(buf)\n"
             "display(Image(data=buf.getvalue()))\nPIL.Image.open(io.BytesIO(buf.getvalue()))")
    [sample] = read(_notebook([(_IMPORTS + "\nimport PIL.Image\nfrom IPython.display import Image", 1, False),
                               (drawn, 2, True)]))
    assert isinstance(sample, Sample)


@pytest.mark.parametrize("setup, shown, call", [
    ("", "img = plt.imread('photos/cat.png')\nplt.imshow(img)", "plt.imread('photos/cat.png')"),
    ("import cv2", "img = cv2.imread('cat.jpg')\nplt.imshow(cv2.cvtColor(img, cv2.COLOR_BGR2RGB))",
     "cv2.imread('cat.jpg')"),
    ("import imageio.v3 as iio", "plt.imshow(iio.imread('https://example.com/cat.png'))",
     "iio.imread('https://example.com/cat.png')"),
    ("from skimage import io", "scan = io.imread(path)\nplt.matshow(scan[:, :, 0])", "io.imread(path)"),
    # (review) a file's bytes decoded, a PIL image under another name: the same kind, once missed
    ("import cv2", "img = cv2.imdecode(np.fromfile(path, dtype=np.uint8), cv2.IMREAD_COLOR)\nplt.imshow(img)",
     "cv2.imdecode(np.fromfile(path, dtype=np.uint8), cv2.IMREAD_COLOR)"),
    ("import tensorflow as tf", "raw = tf.io.read_file('digit.png')\nplt.imshow(tf.image.decode_png(raw, channels=3))",
     "tf.image.decode_png(raw, channels=3)"),
    ("import cv2", "with open(path, 'rb') as f:\n    data = f.read()\nplt.imshow(cv2.imdecode(np.frombuffer(data, "
     "np.uint8), 1))", "cv2.imdecode(np.frombuffer(data, np.uint8), 1)"),
    ("from PIL import Image as PILImage", "photo = PILImage.open(path)\ndisplay(photo)", "PILImage.open(path)"),
    ("import cv2", "cap = cv2.VideoCapture('clip.mp4')\nok, frame = cap.read()\nplt.imshow(frame)",
     "cv2.VideoCapture('clip.mp4')"),
    ("import pydicom", "scan = pydicom.dcmread(path)\nplt.imshow(scan.pixel_array, cmap='gray')",
     "pydicom.dcmread(path)"),
    # (review) a photo fetched from a URL, decoded from its bytes: a buffer made of them is no picture the code drew
    ("import requests\nfrom io import BytesIO\nfrom PIL import Image",
     "response = requests.get('https://example.com/cat.jpg')\ndisplay(Image.open(BytesIO(response.content)))",
     "Image.open(BytesIO(response.content))"),
    ("import cv2\nimport urllib.request", "resp = urllib.request.urlopen('https://example.com/cat.jpg')\n"
     "arr = np.asarray(bytearray(resp.read()), dtype=np.uint8)\nplt.imshow(cv2.imdecode(arr, cv2.IMREAD_COLOR))",
     "cv2.imdecode(arr, cv2.IMREAD_COLOR)"),
    ("import requests\nfrom IPython.display import Image",
     "png = requests.get('https://example.com/cat.png').content\ndisplay(Image(data=png))", "Image(data=png)"),
    ("import io\nimport PIL.Image",
     "with open(path, 'rb') as f:\n    buf = io.BytesIO(f.read())\ndisplay(PIL.Image.open(buf))",
     "PIL.Image.open(buf)"),
])
def test_pixels_read_from_a_picture_file_and_drawn_are_not_code_that_draws_them(setup, shown, call):
    # (review) Image.open and IPython's Image were refused, but plt.imread / cv2.imread / imageio / skimage of a
    # photo the notebook does not ship, drawn by imshow, was paired as "the code that produces this plot"
    cells = [(_IMPORTS + "\n" + setup + "\npath = 'scan.tif'", 1, False),
             (shown + "\nplt.axis('off')\nplt.title('a photo')", 2, True)]
    [refused] = read(_notebook(cells))
    assert (refused.reason, refused.detail) == ("filtered:image_from_file", (
        f"the code shows {call}, a picture made elsewhere (a photo, a script, a training run): no code here draws it"))
    # read in a cell the plot needs, drawn in the plot's: the same picture
    before, _, drawn = shown.rpartition("\n")
    if before:
        cells = [cells[0], (before, 2, False), (drawn + "\nplt.axis('off')\nplt.title('a photo')", 3, True)]
        [refused] = read(_notebook(cells))
        assert (refused.reason, refused.detail.split(", a picture")[0]) == ("filtered:image_from_file",
                                                                            f"the code shows {call}")


def test_pixels_the_code_encoded_and_decoded_again_are_drawn_by_the_code():
    # a decoder reads a picture file only where its bytes are a file's: cv2.imencode's buffer is the code's own
    code = ("plt.plot(df['x'], df['y'])\nimport cv2\nok, buf = cv2.imencode('.png', np.zeros((8, 8)))\n"
            "plt.imshow(cv2.imdecode(buf, 1))\nplt.axis('off')")
    [sample] = read(_notebook([(_IMPORTS, 1, False), (_DATA, 2, False), (code, 3, True)]))
    assert isinstance(sample, Sample), sample


def test_a_picture_read_to_be_measured_or_one_the_code_saved_is_drawn_by_the_code():
    # a histogram of a photo's pixels is data read from a file, as a CSV is; a figure saved and read back the code drew
    hist = "img = plt.imread('cat.png')\nplt.hist(img.ravel(), bins=32)\nplt.title('pixels')\nplt.xlabel('v')"
    # (review) so is one PIL opens, under any name, and shows nowhere (no display, not drawn, not the cell's last
    # expression): it was refused as filtered:image_from_file, though the plot is the code's histogram
    pil_hist = ("from PIL import Image as PILImage\nimg = PILImage.open('cat.png')\n"
                "plt.hist(np.asarray(img).ravel(), bins=32)\nplt.title('pixels')")
    saved = ("plt.plot(df['x'], df['y'])\nplt.savefig('fig.png')\nplt.close()\nplt.imshow(plt.imread('fig.png'))\n"
             "plt.axis('off')")
    # (review) saved under a name kept in a variable, or shown by IPython's Image(filename=): refused as a picture
    # made elsewhere, though the code drew it
    by_name = ("path = 'out/fig.png'\nplt.plot(df['x'], df['y'])\nplt.savefig(path)\nplt.close()\n"
               "plt.imshow(plt.imread(path))\nplt.axis('off')")
    by_keyword = ("from IPython.display import Image, display\nplt.plot(df['x'], df['y'])\n"
                  "plt.savefig(fname=f'{out}/fig.png')\nplt.close()\ndisplay(Image(filename=f'{out}/fig.png'))")
    for code in (hist, pil_hist, saved, by_name, by_keyword):
        [sample] = read(_notebook([(_IMPORTS + "\nout = 'runs'", 1, False), (_DATA, 2, False), (code, 3, True)]))
        assert isinstance(sample, Sample), sample
    # a file read back under another name than the one saved is still a picture from elsewhere
    other = "plt.plot(df['x'], df['y'])\nplt.savefig('fig.png')\nplt.imshow(plt.imread('photo.png'))"
    [refused] = read(_notebook([(_IMPORTS, 1, False), (_DATA, 2, False), (other, 3, True)]))
    assert (refused.reason, refused.detail.split(",")[0]) == (
        "filtered:image_from_file", "the code shows plt.imread('photo.png')")


@pytest.mark.parametrize("read_back", [
    "cv2.imdecode(np.fromfile('fig.png', dtype=np.uint8), cv2.IMREAD_COLOR)",
    "tf.image.decode_png(tf.io.read_file('fig.png'), channels=3)",
    "cv2.imdecode(np.frombuffer(open('fig.png', 'rb').read(), np.uint8), 1)",
    "cv2.imdecode(np.frombuffer(Path('fig.png').read_bytes(), np.uint8), 1)",
])
def test_a_figure_the_code_saved_and_decoded_again_is_drawn_by_the_code(read_back):
    # (review) a figure saved and read back by a decoder (np.fromfile + cv2.imdecode: OpenCV's way to read a path
    # it cannot open itself; tf.io.read_file) was refused as filtered:image_from_file, "a picture made
    # elsewhere", though the code drew it: a reader's read-back of its own file was let through, a decoder's not
    code = (f"import cv2\nimport tensorflow as tf\nfrom pathlib import Path\nplt.plot(df['x'], df['y'])\n"
            f"plt.savefig('fig.png')\nplt.close()\nimg = {read_back}\nplt.imshow(img)\nplt.axis('off')")
    [sample] = read(_notebook([(_IMPORTS, 1, False), (_DATA, 2, False), (code, 3, True)]))
    assert isinstance(sample, Sample), sample
    # another file decoded is still a picture from elsewhere
    other = code.replace("img = " + read_back, "img = " + read_back.replace("fig.png", "photo.png"))
    [refused] = read(_notebook([(_IMPORTS, 1, False), (_DATA, 2, False), (other, 3, True)]))
    assert refused.reason == "filtered:image_from_file", refused


@pytest.mark.parametrize("opened", ["Image.open(open('fig.png', 'rb'))", "Image.open(Path('fig.png'))",
                                    "Image.open(f)", "Image.open('./fig.png')"])
def test_a_figure_the_code_saved_and_opened_again_as_a_file_is_drawn_by_the_code(opened):
    # (hunt) savefig('fig.png'), then PIL reading the file back through an open handle, a Path or as './fig.png':
    # refused as filtered:image_from_file, "a picture made elsewhere", though the code drew every pixel of it
    shown = f"with open('fig.png', 'rb') as f:\n    img = {opened}\n" if "(f)" in opened else f"img = {opened}\n"
    code = ("from pathlib import Path\nfrom PIL import Image\nplt.plot(df['x'], df['y'])\nplt.savefig('fig.png')\n"
            "plt.close()\n{}display(img)")
    [sample] = read(_notebook([(_IMPORTS, 1, False), (_DATA, 2, False), (code.format(shown), 3, True)]))
    assert sample.meta["cells"] == [0, 1, 2]
    # another file opened so is still a picture from elsewhere
    other = code.format(shown.replace("fig.png", "cat.png"))
    [refused] = read(_notebook([(_IMPORTS, 1, False), (_DATA, 2, False), (other, 3, True)]))
    assert refused.reason == "filtered:image_from_file", refused


@pytest.mark.parametrize("opened", ["Image.open('cat.png')", "Image.open('./cat.png')", "Image.open(g)"])
def test_a_picture_downloaded_into_a_file_and_opened_again_is_from_elsewhere(opened):
    # (review) a download written out (`open('cat.png', 'wb')`, `f.write(requests.get(url).content)`) counted as a
    # file the code saved: opened again it was taken for the code's own drawing, a photo paired with its code
    shown = f"with open('cat.png', 'rb') as g:\n    img = {opened}\n" if "(g)" in opened else f"img = {opened}\n"
    code = ("import requests\nfrom PIL import Image\nwith open('cat.png', 'wb') as f:\n"
            f"    f.write(requests.get('https://example.org/cat.png').content)\n{shown}display(img)")
    [refused] = read(_notebook([(_IMPORTS, 1, False), (code, 2, True)]))
    assert (refused.reason, refused.detail) == ("filtered:image_from_file", (
        f"the code shows {opened}, a picture made elsewhere (a photo, a script, a training run): "
        "no code here draws it"))


@pytest.mark.parametrize("shown", ["display(Image(filename='plot.png'))", "plt.imshow(plt.imread('plot.png'))",
                                   "display(Image(data=open('plot.png', 'rb').read()))"])
def test_a_figure_the_code_wrote_to_a_file_it_opened_is_drawn_by_the_code(shown):
    # (review) a figure saved into a buffer and written to a file the code opens for writing, then shown from
    # that file, was refused as filtered:image_from_file, "a picture made elsewhere": open(..., 'wb') saves too
    code = ("import io\nfrom IPython.display import Image, display\nbuf = io.BytesIO()\nplt.plot(df['x'], df['y'])\n"
            "plt.savefig(buf, format='png')\nplt.close()\nwith open('plot.png', 'wb') as f:\n"
            f"    f.write(buf.getvalue())\n{shown}")
    [sample] = read(_notebook([(_IMPORTS, 1, False), (_DATA, 2, False), (code, 3, True)]))
    assert isinstance(sample, Sample), sample


@pytest.mark.parametrize("shown", [
    "display(Image(data=to_png(fig)))", "display(PIL.Image.open(io.BytesIO(to_png(fig))))",
    "plt.imshow(cv2.imdecode(np.frombuffer(to_png(fig), np.uint8), cv2.IMREAD_COLOR))"])
def test_a_figure_drawn_from_a_csv_the_code_opened_is_drawn_by_the_code(shown):
    # (review) the bytes a cell shows were taken for a file's wherever a name read from a file stood anywhere in
    # them: a figure drawn from a CSV read through open(), turned into PNG bytes by the code, was refused as
    # filtered:image_from_file; a file's bytes are those read, or taken from what read them (resp.content)
    code = ("import io\nimport cv2\nimport PIL.Image\nfrom IPython.display import Image, display\ndef to_png(figure):\n"
            "    buf = io.BytesIO()\n    figure.savefig(buf, format='png')\n    return buf.getvalue()\n"
            "with open('data.csv') as f:\n    table = pd.read_csv(f)\n"
            f"fig = table.plot(x='x', y='y').get_figure()\n{shown}")
    [sample] = read(_notebook([(_IMPORTS, 1, False), (code, 2, True)]))
    assert isinstance(sample, Sample), sample


@pytest.mark.parametrize("write, read_back", [
    ("iio.mimsave('anim.gif', frames)", "iio.mimread('anim.gif')[0]"),
    ("iio.volwrite('stack.tif', np.stack(frames))", "iio.volread('stack.tif')[0]"),
    ("out = cv2.VideoWriter('anim.avi', cv2.VideoWriter_fourcc(*'MJPG'), 5, (64, 48))\nfor f in frames:\n"
     "    out.write(f)\nout.release()", "cv2.VideoCapture('anim.avi').read()[1]"),
    ("tf.io.write_file('frame.png', tf.image.encode_png(frames[0]))",
     "tf.image.decode_png(tf.io.read_file('frame.png'))"),
])
def test_frames_the_code_wrote_and_read_back_are_drawn_by_the_code(write, read_back):
    # (review) the readers of a video's frames and a stack's (mimread, volread, VideoCapture) came without their
    # writers (mimsave, volwrite, VideoWriter, tf.io.write_file): frames the code drew, written and read back to
    # be shown, were refused as filtered:image_from_file, "a picture made elsewhere"
    code = (f"import cv2\nimport imageio as iio\nimport tensorflow as tf\n"
            f"frames = [np.full((48, 64, 3), i * 40, np.uint8) for i in range(5)]\n{write}\n"
            f"plt.imshow({read_back})\nplt.axis('off')")
    [sample] = read(_notebook([(_IMPORTS, 1, False), (_DATA, 2, False), (code, 3, True)]))
    assert isinstance(sample, Sample), sample


def test_a_polar_plot_clipped_by_its_circle_is_drawn_where_the_circle_cuts_nothing():
    # (review) matplotlib clips a polar axes by its circle (one path of Béziers, and a "hole" of radius 0): every
    # polar plot was refused as "a clip-path other than one rectangle". MuPDF clips nothing; where nothing lies
    # outside the circle it draws the figure as Chromium does (checked: 0.07% of pixels differ, by antialiasing)
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    from sources.records.svg import rasterise_svg

    def polar(rmax=None) -> bytes:
        fig = plt.figure(figsize=(3, 3))
        ax = fig.add_subplot(projection="polar")
        t = [k * 6.2832 / 48 for k in range(49)]
        ax.plot(t, [1 + 0.9 * ((k % 6) / 5) for k in range(49)])
        if rmax:
            ax.set_rmax(rmax)
        buf = io.BytesIO()
        fig.savefig(buf, format="svg")
        plt.close(fig)
        return buf.getvalue()

    image = Image.open(io.BytesIO(rasterise_svg(polar()))).convert("RGB")
    assert image.size == (432, 432) and image.getpixel((8, 8)) == (255, 255, 255)
    # the line past a smaller rmax would be drawn over the margins: still refused
    with pytest.raises(ImageRejected) as refused:
        rasterise_svg(polar(rmax=1.2))
    assert str(refused.value) == ("SVG: a clip-path cutting its drawing, which MuPDF does not apply (it would draw "
                                  "past the clip)")


def test_a_rotated_shape_past_its_clips_rectangle_is_refused():
    # (review) a clipped rectangle's extent was the box of two opposite corners, which bounds it only upright: a bar
    # turned 45 degrees whose other two corners stick out of the clip (x 11..89 past 15..85) was drawn unclipped
    from sources.records.svg import rasterise_svg

    svg = (b'<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><defs><clipPath id="c">'
           b'<rect x="15" y="0" width="70" height="100"/></clipPath></defs><g clip-path="url(#c)"><rect x="0" '
           b'y="45" width="100" height="10" fill="#000000" transform="rotate(45 50 50)"/></g></svg>')
    with pytest.raises(ImageRejected) as refused:
        rasterise_svg(svg)
    assert str(refused.value) == ("SVG: a clip-path cutting its drawing, which MuPDF does not apply (it would draw "
                                  "past the clip)")
    # upright, within the clip: drawn
    upright = svg.replace(b'x="0" y="45" width="100"', b'x="20" y="45" width="60"').replace(
        b' transform="rotate(45 50 50)"', b"")
    assert Image.open(io.BytesIO(rasterise_svg(upright))).size


def test_an_svg_figures_transparency_is_drawn_as_matplotlib_draws_it():
    # (hunt) matplotlib writes alpha in style attributes (style="fill: #1f77b4; fill-opacity: 0.3"), which MuPDF
    # ignored: a band filled at alpha 0.3 was stored solid blue
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    from sources.records.svg import rasterise_svg

    fig, ax = plt.subplots(figsize=(3, 3))
    ax.fill_between([0, 1, 2], [0, 1, 0], alpha=0.3)
    buf = io.BytesIO()
    fig.savefig(buf, format="svg")
    plt.close(fig)
    image = Image.open(io.BytesIO(rasterise_svg(buf.getvalue()))).convert("RGB")
    # tab:blue (31, 119, 180) at 0.3 over white
    assert all(abs(a - b) <= 3 for a, b in zip(image.getpixel((221, 280)), (188, 214, 232))), image.getpixel((221, 280))


@pytest.mark.parametrize("plot", ["plt.plot(x, x ** 2, '--')\nplt.axhline(4, color='k', ls=':')",
                                  "plt.plot(x, x ** 2)\nplt.grid(True, linestyle='--')",
                                  "with plt.style.context('bmh'):\n    plt.bar(x, x + 1)"])
def test_an_svg_figures_dashed_lines_are_drawn_dashed_not_refused(plot):
    # (review) MuPDF draws stroke-dasharray solid, so every SVG figure with a dashed line, a dashed grid (bmh's, every
    # plot) or a threshold line was refused: 5 of 29 common plot types in the default style, 28 of 29 under bmh.
    # Straight-line paths, matplotlib's every dashed line, are cut into their dashes before MuPDF draws them
    setup = "import numpy as np\nimport matplotlib.pyplot as plt\nx = np.arange(4)"
    cells = [("code", setup), ("code", plot + "\nplt.title('t')\nplt.xlabel('x')")]
    [sample] = read(executed_notebook(cells, svg_cells=frozenset({1})))
    assert sample.meta["image_type"] == "image/svg+xml"


def test_a_dashed_svg_line_is_drawn_with_its_gaps_where_a_browser_draws_them():
    from sources.records.svg import rasterise_svg

    # dashes of 10 and gaps of 10 from 5 into the pattern: ink on 0-5, 15-25, 35-45...; drawn at 2x
    svg = (b'<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><path d="M 0 50 L 100 50" '
           b'style="fill: none; stroke-dasharray: 10,10; stroke-dashoffset: 5; stroke: #000000; stroke-width: 4"/>'
           b'</svg>')
    image = Image.open(io.BytesIO(rasterise_svg(svg))).convert("L")
    inked = [image.getpixel((2 * x, 100)) < 128 for x in range(100)]
    assert [x for x in range(100) if inked[x] != (x < 5 or (x + 5) % 20 < 10)] == []
    # a curve's dashes are not worked out here: still refused
    curve = svg.replace(b"M 0 50 L 100 50", b"M 0 50 C 20 0 80 0 100 50")
    with pytest.raises(ImageRejected, match="dashed lines"):
        rasterise_svg(curve)


@pytest.mark.parametrize("opened", ["Image.open(buf)", "Image.open(buf).convert('RGB')"])
def test_a_figure_saved_to_a_buffer_and_opened_by_pil_is_drawn_by_the_code(opened):
    # (review) the figure saved into an io.BytesIO, closed, and shown as a PIL image: the code draws every pixel of
    # it, but Image.open of a name was refused as a picture file made elsewhere
    drawn = ("fig, ax = plt.subplots()\nax.plot(df['x'], df['y'])\nbuf = io.BytesIO()\nfig.savefig(buf, format='png')\n"
             f"plt.close(fig)\nbuf.seek(0)\n{opened}")
    cells = [(_IMPORTS + "\nimport io\nfrom PIL import Image", 1, False), (_DATA, 2, False), (drawn, 3, True)]
    [sample] = read(_notebook(cells))
    assert sample.meta["cells"] == [0, 1, 2]
    path = "path = 'photos/cat.jpg'\nimg = Image.open(path)\nimg"  # a name for a file's path: still refused
    [refused] = read(_notebook([(_IMPORTS + "\nfrom PIL import Image", 1, False), (path, 2, True)]))
    assert refused.reason == "filtered:image_from_file"


def test_an_svg_line_with_more_dashes_than_can_be_cut_is_refused_at_once():
    import time

    from sources.records.svg import rasterise_svg

    # (review) a kilometre of line dashed every thousandth of a unit: cutting it would take hours before any limit
    svg = (b'<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><path d="M 0 50 L 1e9 50" '
           b'style="fill: none; stroke-dasharray: 0.001,0.001; stroke: #000000"/></svg>')
    started = time.monotonic()
    with pytest.raises(ImageRejected, match="dashed lines"):
        rasterise_svg(svg)
    assert time.monotonic() - started < 5


_GRAPHVIZ_SVG = b'''<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<svg width="62pt" height="116pt" viewBox="0.00 0.00 62.00 116.00" xmlns="http://www.w3.org/2000/svg"
 xmlns:xlink="http://www.w3.org/1999/xlink">
<g id="graph0" class="graph" transform="scale(1 1) rotate(0) translate(4 112)">
<title>%3</title>
<polygon fill="white" stroke="transparent" stroke-width="8" points="-4,4 -4,-112 58,-112 58,4 -4,4"/>
<g id="node1" class="node"><title>a</title>
<ellipse fill="none" stroke="black" cx="27" cy="-90" rx="27" ry="18"/>
<text text-anchor="middle" x="27" y="-86.3" font-family="Times,serif" font-size="14.00">a</text>
</g>
<g id="edge1" class="edge"><title>a&#45;&gt;b</title>
<path fill="none" stroke="black" d="M27,-71.7C27,-63.98 27,-54.71 27,-46.11"/>
<polygon style="fill: transparent; stroke: black" points="30.5,-46.1 27,-36.1 23.5,-46.1 30.5,-46.1"/>
</g>
</g>
</svg>
'''


def test_a_transparent_paint_is_drawn_as_none_not_refused():
    # (review) graphviz before 2.46 paints each graph's background polygon with stroke="transparent": MuPDF draws that
    # black, so every such diagram (decision trees shown by graphviz.Source, Digraph outputs) was refused. A fully
    # transparent paint is none: written so, it is drawn as a browser draws it
    from sources.records.svg import rasterise_svg

    image = Image.open(io.BytesIO(rasterise_svg(_GRAPHVIZ_SVG))).convert("RGB")
    assert image.getpixel((2, image.height // 2)) == (255, 255, 255)  # no black frame round the white background
    assert image.getpixel((62, 136)) == (255, 255, 255)  # an arrow head's fill (style: transparent) not black


@pytest.mark.parametrize("element", ['<rect width="100" height="100" fill="black" style="fill: #ff0000"/>',
                                     '<rect width="100" height="100" style="fill: none" fill="black"/>',
                                     '<rect width="90" height="90" stroke="black" style="stroke: #00ff00"/>'])
def test_a_paint_set_both_as_an_attribute_and_in_the_style_is_refused(element):
    # (review) a browser draws the style attribute's value; MuPDF draws the attribute's (a red square stored black,
    # an unfilled one solid): the picture showed a colour the SVG does not
    from sources.records.svg import rasterise_svg

    svg = f'<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">{element}</svg>'.encode()
    with pytest.raises(ImageRejected, match="MuPDF draws the attribute's"):
        rasterise_svg(svg)
    same = '<rect width="100" height="100" fill="#ff0000" style="fill: #ff0000"/>'  # the same either way: drawn
    assert rasterise_svg(f'<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">{same}</svg>'.encode())
