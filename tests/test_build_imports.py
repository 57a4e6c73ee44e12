"""What a build imports: a heavy library only where its step runs. Each is paid at every build's start
(issue #18: a document build's fixed cost was 4.1 s of CPU, a third of the generated corpus' build)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

# Two document builds in one fresh process (quality off, as `bench.pdf` runs them): the modules loaded after
# the first, whose lines are all too short for the text/image agreement check to read one back, and after
# the second, whose lines are read back.
BUILDS = """
import json, sys
from pathlib import Path
from pipelines.build import main
from samples.pdf_maker import text_pdf

root = Path(sys.argv[1])
loaded = []
for name, lines in (("short", ["Fine.", "Yes, go."]), ("long", ["Grain silos hold the harvest all winter."])):
    (root / name).mkdir()
    (root / name / "doc.pdf").write_bytes(text_pdf(lines))
    flags = ["--input", str(root / name), "--output", str(root / name / "out"), "--progress", "off",
             "--quality", "off", "--kinds", "doc_ocr"]
    assert main(flags) == 0
    loaded.append(sorted({m.split(".")[0] for m in sys.modules}))
print(json.dumps(loaded))
"""


def test_a_document_build_imports_only_what_its_steps_use(tmp_path):
    done = subprocess.run([sys.executable, "-c", BUILDS, str(tmp_path)], capture_output=True, text=True, cwd=REPO)
    assert done.returncode == 0, done.stderr[-3000:]
    short, long = (set(modules) for modules in json.loads(done.stdout.strip().splitlines()[-1]))
    # the dedup stage's MinHash (datasketch, and through it scipy) only where quality is on
    assert not {"datasketch", "scipy"} & long
    # the report's charts are drawn without matplotlib
    assert "matplotlib" not in long
    # rapidocr only once a line is recognised: the first build read none back
    assert "rapidocr" not in short and "rapidocr" in long


def test_a_worker_warms_the_ocr_engine_in_setup_only_for_sources_that_read_every_input_with_it():
    """`SourceContext.warm` (``DoFn.setup``) sets the engine up, import included, where every input needs it
    (scene text), and leaves it to first use for documents, which need it only for some pages."""
    code = ("import sys\n"
            "from sources import SOURCES, SourceContext\n"
            "SourceContext().warm([SOURCES['pdf']])\n"
            "print('rapidocr' in sys.modules)\n"
            "SourceContext().warm([SOURCES['scene_text']])\n"
            "print('rapidocr' in sys.modules)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.split() == ["False", "True"]
