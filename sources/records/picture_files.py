"""Whether a notebook cell shows a picture made elsewhere rather than drawing it (``filtered:image_from_file``).

A plot's target is the code that drew it: a cell that shows a picture file as it is (IPython's
``Image(filename='results.png')``, PIL's ``Image.open('cat.jpg')``) or draws the pixels it reads from one
(``plt.imshow(cv2.imread('cat.jpg'))``, a file's or a URL's bytes decoded) pairs a photo, a training run's
chart or a scan with code that did not make it. What the code saved itself (a figure written to a file or a
buffer, then read back) is its own; a picture read only to be measured (a histogram of its pixels) is data.
The code is read with ``ast``, by the names of the calls it makes: as written, not run.
"""

from __future__ import annotations

import ast
import posixpath

from sources.records.notebook_cells import python_lines

# calls that read a picture file into pixels: matplotlib's, OpenCV's, imageio's, scikit-image's (``imread``),
# Keras' (``load_img``), torchvision's (``read_image``), a video's frames (OpenCV's ``VideoCapture``, imageio's
# ``mimread``, ``imiter``, ``volread``), a DICOM scan's (pydicom's ``dcmread``); PIL's ``Image.open`` is read apart
# (its ``open`` is everyone's)
PICTURE_READERS = frozenset({"imread", "imread_collection", "load_img", "read_image", "VideoCapture", "mimread",
                             "imiter", "volread", "dcmread"})
# calls that decode a picture file's bytes into pixels (OpenCV's, TensorFlow's, torchvision's): a picture reader
# where the bytes are a file's (`_FILE_READS`: ``cv2.imdecode(np.fromfile(path))``,
# ``tf.image.decode_png(tf.io.read_file(path))``), not the code's own (``cv2.imdecode(cv2.imencode(...))``)
PICTURE_DECODERS = frozenset({"imdecode", "decode_image", "decode_png", "decode_jpeg", "decode_bmp", "decode_gif",
                              "decode_webp"})
# calls that read a file's bytes: NumPy's, TensorFlow's and torchvision's, pathlib's; ``open(...).read()`` apart
_FILE_READS = frozenset({"fromfile", "read_file", "read_bytes", "ReadFile"})
# calls that fetch a URL's bytes (urllib's ``urlopen``; requests' and httpx' ``get`` by their whole name, as a
# dict's is no fetch): a photo on the web, decoded (``cv2.imdecode`` of ``urlopen(url).read()``), put in a buffer
# (``Image.open(BytesIO(requests.get(url).content))``) or given as IPython's ``Image(data=...)``
_FETCHES = frozenset({"requests.get", "httpx.get"})
# calls that draw an array's pixels as a picture (``fromarray``: a PIL image, shown as it is)
PIXELS_DRAWN = frozenset({"imshow", "matshow", "figimage", "fromarray", "cv2_imshow"})
# calls that write a figure or pixels to a file: a picture read back from that name the code itself drew; so are
# frames (imageio's ``mimsave``, ``mimwrite``, ``volsave``, ``volwrite``, OpenCV's ``VideoWriter``: read back by
# `PICTURE_READERS`), a file's bytes (TensorFlow's ``write_file``: decoded again) and a DICOM scan (pydicom's)
_SAVES = frozenset({"savefig", "imsave", "imwrite", "save", "mimsave", "mimwrite", "volsave", "volwrite",
                    "VideoWriter", "write_file", "WriteFile", "dcmwrite", "save_as"})


def file_shown(code: str) -> str | None:
    """The picture file or URL the code shows as it is (IPython's ``Image(filename='runs/train/results.png')``,
    ``SVG('diagram.svg')``, PIL's ``Image.open('cat.jpg')``), or whose pixels it draws (``plt.imshow`` of
    ``cv2.imread('cat.jpg')``, `PICTURE_READERS`, `PIXELS_DRAWN`), as written; None where it shows none, and
    where the file is one the code saved (``plt.savefig('fig.png')`` before ``plt.imread('fig.png')``). A picture
    read only to be measured (a histogram of its pixels) is data, as a CSV the code reads is."""
    try:
        tree = ast.parse(python_lines(code))
    except SyntaxError:
        return None
    calls = [(node, _called(node)) for node in ast.walk(tree) if isinstance(node, ast.Call)]
    # the file a save names, by the expression naming it: a name written out ('fig.png'), a variable, an f-string
    saved = {_file_key(named) for node, name in calls if (name in _SAVES or _writes(node))
             and (named := _file_named(node)) is not None}
    saved -= _copied(tree, saved)
    drawn = any(name in PIXELS_DRAWN for _, name in calls)
    # what a read gave (``resp.content``, ``f.read()``, ``np.frombuffer(raw)``), not what the code made of it
    # (``to_png(fig)`` of a figure drawn from a CSV it opened): the bytes a decoder, a buffer or an Image is given
    taken = _file_bytes(tree, saved)
    # a buffer the code makes (``buf = io.BytesIO()``, a figure saved into it): what Image.open reads from it the
    # code drew; so is a file it saves under a name written out. One made of a file's or a URL's bytes is theirs
    buffers = {target.id for node in ast.walk(tree) if isinstance(node, ast.Assign)
               and _own_buffer(node.value, taken, saved) for target in node.targets if isinstance(target, ast.Name)}
    # a file the code saved, opened again to be read (``with open('fig.png', 'rb') as f``, ``f = open(...)``): what
    # Image.open reads from that handle the code drew
    handles = {name for name, opened in _bound(tree) if isinstance(opened, ast.Call)
               and _called(opened) in ("open", "GFile") and not _opens_other(opened, saved)}
    images = {"Image"} | _pil_image_names(tree)  # PIL's Image module as the code names it ("PILImage")
    # a PIL image is shown where it is drawn, displayed or the cell's last expression (Jupyter shows that one);
    # read only to be measured (a histogram of its pixels, the cell ending on the plot's call), it is data
    shown = drawn or any(name == "display" for _, name in calls) or _ends_on_a_value(tree)
    for node, name in calls:
        func, first, named = node.func, node.args[0] if node.args else None, _file_named(node)
        # Image.open(io.BytesIO(png)), Image.open(buf), plt.imread('fig.png') after savefig: pixels the code made
        literal = _literal(first)
        made = _own_buffer(first, taken, saved) or _names_saved(named, saved) or (
            isinstance(first, ast.Name) and first.id in buffers | handles)
        opens = name == "open" and isinstance(func, ast.Attribute) and not made and shown \
            and ast.unparse(func.value).rsplit(".", 1)[-1] in images
        decoded = name in PICTURE_DECODERS and any(_taken_from_read(arg, taken, saved) for arg in node.args)
        # a string given is a file name or URL, unless it is the picture's own markup (SVG('<svg ...')); bytes given
        # are a file's or a URL's where they were read (Image(data=requests.get(url).content))
        file_given = not made and (any(k.arg in ("filename", "url") for k in node.keywords) or (
            literal is not None and not literal.lstrip().startswith("<")) or any(
            _taken_from_read(value, taken, saved) for value in [first] + [k.value for k in node.keywords
                                                                          if k.arg == "data"]
            if value is not None))
        if opens or (name in ("Image", "SVG") and file_given) or (
                (name in PICTURE_READERS and not made or decoded) and drawn):
            return ast.unparse(node)
    return None


# calls that give the bytes they are given, as bytes or an array of them (NumPy's, the builtins, a buffer)
_AS_BYTES = frozenset({"frombuffer", "asarray", "array", "bytearray", "bytes", "fromstring", "BytesIO", "constant"})


def _taken_from_read(node, read: set[str], saved: set[str]) -> bool:
    """Whether the expression ``node`` is what a read gave (`_read_call`, a name in ``read``), or taken from it by
    attributes, indexing, method calls and `_AS_BYTES` (``resp.content``, ``f.read()``, ``raw[4:]``,
    ``np.frombuffer(raw, np.uint8)``), not something the code made of it (``to_png(fig)``)."""
    while node is not None:
        if isinstance(node, ast.Name):
            return node.id in read
        if isinstance(node, ast.Call) and _read_call(node, saved):
            return True
        if isinstance(node, ast.Call) and _called(node) in _AS_BYTES:
            node = node.args[0] if node.args else None
        elif isinstance(node, ast.Call):
            node = node.func.value if isinstance(node.func, ast.Attribute) else None
        else:
            node = node.value if isinstance(node, (ast.Attribute, ast.Subscript)) else None
    return False


def _read_call(node: ast.Call, saved: set[str]) -> bool:
    """Whether the call ``node`` reads a file other than one the code saved (`_FILE_READS`, ``open(path,
    'rb').read()``: `_opens_other`) or fetches a URL (`_FETCHES`)."""
    if _called(node) == "urlopen" or ast.unparse(node.func) in _FETCHES:
        return True
    if _called(node) in _FILE_READS:
        return _opens_other(node, saved)
    func = node.func
    return _called(node) == "read" and isinstance(func, ast.Attribute) and isinstance(func.value, ast.Call) and (
        _called(func.value) in ("open", "GFile") and _opens_other(func.value, saved))


def _names_saved(node, saved: set[str]) -> bool:
    """Whether ``node`` names a file the code saved (``saved``: `_file_key` of the expressions naming them), as
    written (``'fig.png'``, ``path``) or opened or made a path again (``open('fig.png', 'rb')``, ``Path(...)``)."""
    while node is not None:
        if _file_key(node) in saved:
            return True
        node = _file_named(node) if isinstance(node, ast.Call) and _called(node) in _REOPENS else None
    return False


def _copied(tree, saved: set[str]) -> set[str]:
    """The files (`_file_key`) the code writes a read's or a download's bytes into (``with open('cat.png', 'wb') as
    f: f.write(requests.get(url).content)``): copies of a picture made elsewhere, none of its own (opened again, it
    was taken for a figure the code saved)."""
    taken = _file_bytes(tree, saved)
    handles = {name: opened for name, opened in _bound(tree) if isinstance(opened, ast.Call) and _writes(opened)}
    copied = set()
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "write"
                and node.args and _taken_from_read(node.args[0], taken, saved)):
            continue
        handle = node.func.value
        opened = handles.get(handle.id) if isinstance(handle, ast.Name) else handle
        if isinstance(opened, ast.Call) and _writes(opened) and (named := _file_named(opened)) is not None:
            copied.add(_file_key(named))
    return copied


def _bound(tree):
    """Each name the code binds and the expression bound: ``f = open(path)``, ``with open(path) as f``."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            yield from ((target.id, node.value) for target in node.targets if isinstance(target, ast.Name))
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            yield from ((item.optional_vars.id, item.context_expr) for item in node.items
                        if isinstance(item.optional_vars, ast.Name))


# calls that open a file again or name it as a path: its name is the file they give
_REOPENS = frozenset({"open", "GFile", "Path", "PurePath", "PosixPath", "WindowsPath", "fspath", "str"})


def _own_buffer(node, taken: set[str], saved: set[str]) -> bool:
    """Whether ``node`` makes a buffer of the code's own (``io.BytesIO()``, ``io.BytesIO(to_png(fig))``), not one of
    a file's or a URL's bytes (`_taken_from_read`: ``io.BytesIO(requests.get(url).content)``)."""
    return _makes_buffer(node) and not any(_taken_from_read(arg, taken, saved) for arg in node.args)


def _ends_on_a_value(tree: ast.Module) -> bool:
    """Whether the code's last statement is an expression Jupyter shows, other than a call to matplotlib's pyplot
    (``plt.title('pixels')``: a figure's own, drawn as the plot)."""
    last = tree.body[-1] if tree.body else None
    if not isinstance(last, ast.Expr):
        return False
    value = last.value
    return not (isinstance(value, ast.Call) and ast.unparse(value.func).split(".", 1)[0] in ("plt", "pyplot"))


def _writes(node: ast.Call) -> bool:
    """Whether ``node`` opens a file to write it (``open('plot.png', 'wb')``, ``mode='w'``): a file the code saves
    (a figure's bytes from a buffer, written out)."""
    if _called(node) not in ("open", "GFile"):
        return False
    mode = next((k.value for k in node.keywords if k.arg == "mode"), node.args[1] if len(node.args) > 1 else None)
    text = _literal(mode)
    return text is not None and any(c in text for c in "wax")


def _opens_other(node: ast.Call, saved: set[str]) -> bool:
    """Whether the call ``node`` reads a file other than one the code saved (``saved``: `_file_key` of the expressions
    naming them): ``np.fromfile('fig.png')`` after ``plt.savefig('fig.png')`` reads back the figure the code drew; so
    does ``Path('fig.png').read_bytes()`` (no argument: the file is the path it is called on)."""
    named = _file_named(node)
    if named is None and isinstance(node.func, ast.Attribute):
        receiver = node.func.value
        named = _file_named(receiver) if isinstance(receiver, ast.Call) else receiver
    return named is None or _file_key(named) not in saved


def _file_bytes(tree, saved: set[str]) -> set[str]:
    """The names the code binds to a file's or a URL's bytes as read (``raw = tf.io.read_file(path)``, ``buf =
    np.frombuffer(raw)``: `_taken_from_read`), however many assignments away from the read, and to a file it opens
    (``with open(path, 'rb') as f``: what ``f.read()`` gives); not to a file the code saved (``saved``:
    `_opens_other`)."""
    read = {item.optional_vars.id for node in ast.walk(tree) if isinstance(node, (ast.With, ast.AsyncWith))
            for item in node.items if isinstance(item.context_expr, ast.Call)
            and _called(item.context_expr) in ("open", "GFile") and isinstance(item.optional_vars, ast.Name)
            and _opens_other(item.context_expr, saved)}
    assigns = [node for node in ast.walk(tree) if isinstance(node, ast.Assign)]
    while True:
        more = {target.id for node in assigns if _taken_from_read(node.value, read, saved)
                for target in node.targets if isinstance(target, ast.Name)} - read
        if not more:
            return read
        read |= more


def _pil_image_names(tree) -> set[str]:
    """The names the code binds PIL's Image module to: ``from PIL import Image as PILImage``, ``import PIL.Image
    as pim``."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "PIL":
            names |= {alias.asname for alias in node.names if alias.name == "Image" and alias.asname}
        elif isinstance(node, ast.Import):
            names |= {alias.asname for alias in node.names if alias.name == "PIL.Image" and alias.asname}
    return names


def _called(node: ast.Call) -> str:
    """The name a call calls: ``imread`` of ``cv2.imread(...)`` and of ``imread(...)``."""
    func = node.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


# the keywords a reader or a writer names its file by: IPython's Image(filename=), savefig(fname=), PIL's save(fp=)
_FILE_KEYWORDS = ("filename", "fname", "fp", "url", "uri")


def _file_named(node: ast.Call):
    """The expression ``node`` names its file by (`_FILE_KEYWORDS`, else its first argument), None without one."""
    return next((k.value for k in node.keywords if k.arg in _FILE_KEYWORDS), node.args[0] if node.args else None)


def _file_key(node) -> str:
    """How a file's name is compared: a name written out as its normal path (``'./fig.png'`` is ``'fig.png'``,
    ``'out//fig.png'`` is ``'out/fig.png'``), any other expression as it is written (a variable, an f-string)."""
    literal = _literal(node)
    return f"path:{posixpath.normpath(literal)}" if literal else ast.dump(node)


def _literal(node) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def made_elsewhere(shown: str) -> str:
    """The reject's detail for a cell that shows ``shown`` (`file_shown`)."""
    return (f"the code shows {shown[:200]}, a picture made elsewhere (a photo, a script, a training run): no code "
            "here draws it")


def _makes_buffer(node) -> bool:
    return isinstance(node, ast.Call) and ast.unparse(node.func).endswith("BytesIO")
