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
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from widgets_browser_test import free_port, wait_for  # noqa: E402

ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
KERNEL_NAME = os.environ.get("JCNN_KERNEL_NAME", "jcnn")
NOTEBOOK = os.environ.get("JCNN_BROWSER_NOTEBOOK", sorted(glob.glob(os.path.join(ROOT, "notebooks", "01-*.ipynb")))[0])
TIMEOUT = 120


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
        cls.port = free_port()
        cls.token = secrets.token_hex(16)
        cls.server_log = open(os.path.join(cls.tmp, "notebook.log"), "w")
        cls.server = subprocess.Popen(
            [sys.executable, "-m", "notebook", "--no-browser", "--ip=127.0.0.1", "--port=%d" % cls.port,
             "--port-retries=0", "--NotebookApp.token=" + cls.token, "--NotebookApp.notebook_dir=" + cls.tmp]
            + (["--allow-root"] if os.geteuid() == 0 else []),
            stdout=cls.server_log, stderr=subprocess.STDOUT)
        base = "http://127.0.0.1:%d" % cls.port

        def up():
            if cls.server.poll() is not None:
                cls.server_log.flush()
                raise AssertionError("the Notebook server exited: " + open(cls.server_log.name).read()[-2000:])
            return urllib.request.urlopen(base + "/api/status?token=" + cls.token, timeout=5).status == 200
        wait_for(up, "the Notebook server on port %d" % cls.port, 60)
        options = webdriver.ChromeOptions()
        options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
        for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--window-size=1200,900"):
            options.add_argument(arg)
        cls.driver = webdriver.Chrome(service=Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")),
                                      options=options)
        cls.driver.get("%s/notebooks/%s?token=%s" % (base, cls.name, cls.token))
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
            cls.server.terminate()
            try:
                cls.server.wait(20)
            except subprocess.TimeoutExpired:
                cls.server.kill()
            cls.server_log.close()
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
