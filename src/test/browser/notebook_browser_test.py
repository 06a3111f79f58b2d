"""A committed lecture notebook in classic Notebook (Debian's jupyter-notebook 6.x) in headless
Chromium, with the jcnn kernel (issue 10, frontend metadata):

- once the kernel has started, the notebook is not marked modified ("(unsaved changes)"):
  Notebook 6 replaces the notebook's language_info with the kernel's and marks the notebook
  dirty if they differ, so a kernel_info version "17.0.15" where the notebook says "17", or a
  missing pygments_lexer, made every lecture notebook look modified;
- Java cells are highlighted: CodeMirror 5 knows Java as the MIME type text/x-java (mode
  clike); kernel_info's old codemirror_mode "java" left new cells plain text.

The notebook copy differs from the committed one in its kernelspec name only (the temporary
kernelspec's). language_info.version is the kernel's Java feature release: on a JDK whose
release differs from the one the notebooks were executed on ("17"), the copy carries what the
runner writes on that JDK, so the rest of language_info is still checked.

Run by scripts/browser-tests.sh (installs a temporary kernelspec, sets JCNN_KERNEL_NAME and
JUPYTER_PATH).
"""
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from browser_harness import TIMEOUT, Server, chromium, wait_for  # noqa: E402

ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
KERNEL_NAME = os.environ.get("JCNN_KERNEL_NAME", "jcnn")
NOTEBOOK = os.environ.get("JCNN_BROWSER_NOTEBOOK", sorted(glob.glob(os.path.join(ROOT, "notebooks", "01-*.ipynb")))[0])


def kernelspec():
    for base in os.environ.get("JUPYTER_PATH", "").split(os.pathsep):
        path = os.path.join(base, "kernels", KERNEL_NAME, "kernel.json")
        if base and os.path.exists(path):
            with open(path) as f:
                return json.load(f)
    raise AssertionError("no kernelspec %r under JUPYTER_PATH=%r; run this through scripts/browser-tests.sh"
                         % (KERNEL_NAME, os.environ.get("JUPYTER_PATH")))


def java_feature_release():
    """The feature release of the `java` the kernelspec starts (first on PATH), e.g. "17"."""
    out = subprocess.run(["java", "-XshowSettings:properties", "-version"], capture_output=True, text=True).stderr
    for line in out.splitlines():
        if line.strip().startswith("java.specification.version"):
            return line.split("=", 1)[1].strip()
    raise AssertionError("cannot tell the Java release from `java -XshowSettings:properties`: " + out[-500:])


class LectureNotebookInClassicNotebook(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="jcnn-notebook6-")
        with open(NOTEBOOK) as f:
            nb = json.load(f)
        cls.committed_info = dict(nb["metadata"].get("language_info", {}))
        spec = kernelspec()
        nb["metadata"]["kernelspec"] = {"name": KERNEL_NAME, "display_name": spec["display_name"],
                                        "language": spec["language"]}
        release = java_feature_release()
        if nb["metadata"].get("language_info", {}).get("version") not in (None, release):
            print("note: %s was executed on Java %s, the kernel runs on Java %s; the copy says %s"
                  % (os.path.basename(NOTEBOOK), nb["metadata"]["language_info"]["version"], release, release),
                  file=sys.stderr)
            nb["metadata"]["language_info"]["version"] = release
        cls.name = os.path.basename(NOTEBOOK)
        with open(os.path.join(cls.tmp, cls.name), "w") as f:
            json.dump(nb, f, indent=1)
        cls.server = Server("notebook", "NotebookApp", "notebook_dir", cls.tmp, os.path.join(cls.tmp, "notebook.log"))
        base = cls.server.base
        cls.driver = chromium()
        cls.driver.get("%s/notebooks/%s?token=%s" % (base, cls.name, cls.server.token))
        cls.kernel_info = wait_for(lambda: cls.driver.execute_script(
            "const k = window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel;"
            "return k && k.info_reply && k.info_reply.language_info ? k.info_reply.language_info : null"),
            "the jcnn kernel to start and answer kernel_info", TIMEOUT)
        time.sleep(1.0)  # Notebook 6 handles kernel_ready (and may mark the notebook dirty) right after

    @classmethod
    def tearDownClass(cls):
        try:
            cls.driver.quit()
        finally:
            cls.server.stop()
            shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_1_the_notebook_is_not_marked_modified_after_the_kernel_starts(self):
        dirty = self.driver.execute_script("return Jupyter.notebook.dirty")
        status = self.driver.execute_script("const e = document.querySelector('span.autosave_status'); return e ? e.textContent : ''")
        self.assertFalse(dirty, "the notebook is marked modified (%r) once the kernel started: kernel_info's "
                         "language_info %s, the committed notebook's %s"
                         % (status, json.dumps(self.kernel_info, sort_keys=True),
                            json.dumps(self.committed_info, sort_keys=True)))
        self.assertNotIn("unsaved", status)

    def test_2_java_cells_are_highlighted(self):
        mode = self.driver.execute_script(
            "const cell = Jupyter.notebook.insert_cell_at_bottom('code');"
            "cell.set_text('int answer = 42;\\nString s = \"text\";');"
            "cell.element[0].scrollIntoView(); cell.code_mirror.refresh();"
            "const m = cell.code_mirror.getOption('mode'); return typeof m === 'string' ? m : JSON.stringify(m)")
        keywords = wait_for(lambda: self.driver.execute_script(
            "const cells = Jupyter.notebook.get_cells(); const el = cells[cells.length - 1].element[0];"
            "return Array.from(el.querySelectorAll('.CodeMirror-code .cm-keyword, .CodeMirror-code .cm-type'))"
            ".map(e => e.textContent)") or None,
            "highlighted Java keywords in a new cell (CodeMirror mode %s)" % mode, 15)
        self.assertIn("int", keywords, "CodeMirror mode %s highlighted %s" % (mode, keywords))
        strings = self.driver.execute_script(
            "const cells = Jupyter.notebook.get_cells(); const el = cells[cells.length - 1].element[0];"
            "return Array.from(el.querySelectorAll('.CodeMirror-code .cm-string')).map(e => e.textContent)")
        self.assertIn('"text"', strings)


if __name__ == "__main__":
    unittest.main()
