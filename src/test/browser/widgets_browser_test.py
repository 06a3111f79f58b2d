"""jcnn's widgets in a real widget frontend: headless Chromium shows page.html (bundled from
@jupyterlab/services and @jupyter-widgets/html-manager/controls), served by a local Jupyter
server that runs the jcnn kernel. The test drags a slider, clicks a button and moves an
interact control, and waits for what the kernel's Java callbacks send back.

Run by scripts/browser-tests.sh (builds the page, installs a temporary kernelspec, sets
JCNN_KERNEL_NAME and JUPYTER_PATH).
"""
import json
import os
import sys
import tempfile
import unittest

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from browser_harness import TIMEOUT, Server, chromium, wait_for  # noqa: E402

DIST = os.path.join(HERE, "dist")
KERNEL_NAME = os.environ.get("JCNN_KERNEL_NAME", "jcnn")


class WidgetsInChromium(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="jcnn-browser-")
        cls.server = Server("jupyter_server", "ServerApp", "root_dir", cls.tmp, os.path.join(cls.tmp, "server.log"),
                            ["--ServerApp.extra_static_paths=" + DIST])
        cls.token, base = cls.server.token, cls.server.base
        cls.driver = chromium()
        cls.driver.get("%s/static/page.html?token=%s&kernel=%s" % (base, cls.token, KERNEL_NAME))
        wait_for(lambda: cls.driver.execute_script("return window.jcnn && (window.jcnn.ready || window.jcnn.error)"),
                 "the page to connect to the kernel")
        error = cls.driver.execute_script("return window.jcnn.error")
        if error:
            raise AssertionError("the page could not start a jcnn kernel: " + error)
        assert cls.run_cell("1") == "ok"  # JShell has started

    @classmethod
    def tearDownClass(cls):
        try:
            cls.driver.quit()
        finally:
            cls.server.stop()

    @classmethod
    def run_cell(cls, code):
        return cls.driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "window.jcnn.run(arguments[0]).then(done, (e) => done('failed: ' + e));", code)

    def cell(self, code):
        """Runs a cell; returns its element (where its widgets are drawn)."""
        self.assertEqual(self.run_cell(code), "ok")
        n = self.driver.execute_script("return window.jcnn.cells")
        return self.driver.find_element(By.ID, "cell-%d" % n)

    def value_of(self, expression):
        before = self.driver.execute_script("return window.jcnn.outputs.length")
        self.assertEqual(self.run_cell(expression), "ok")
        return self.driver.execute_script("return window.jcnn.outputs.slice(arguments[0]).join('')", before)

    @staticmethod
    def output_text(cell):
        return cell.find_element(By.CSS_SELECTOR, ".widget-output").text

    def test_dragging_a_slider_runs_the_kernel_callback(self):
        cell = self.cell(
            'var dragged = new IntSlider(0, 100).value(10).description("drag me");\n'
            'var dragOut = new Output();\n'
            'dragged.onChange(s -> dragOut.capture(true, () -> System.out.println("kernel saw " + s.value())));\n'
            'display(dragged); display(dragOut);')
        handle = wait_for(lambda: cell.find_element(By.CSS_SELECTOR, ".noUi-handle"), "the slider's handle")
        ActionChains(self.driver).click_and_hold(handle).move_by_offset(60, 0).pause(0.3) \
            .move_by_offset(60, 0).release().perform()
        text = wait_for(lambda: self.output_text(cell).startswith("kernel saw ") and self.output_text(cell),
                        "the callback's print in the Output")
        self.assertGreater(int(text.split()[-1]), 10, text)
        # the kernel's value follows the last message from the browser: the drag sends several, and
        # on a loaded machine the Output may first show an earlier one, so compare with its latest
        wait_for(lambda: self.value_of("dragged.value()").strip() == self.output_text(cell).split()[-1] or None,
                 "the kernel's value to be the last one its callback saw (%s)" % self.output_text(cell), 30)

    def test_a_button_click_runs_java(self):
        cell = self.cell(
            'var clicks = new int[1];\n'
            'var clickOut = new Output();\n'
            'var runJava = new Button("run Java").onClick(b -> clickOut.capture(() ->\n'
            '    System.out.println("Java ran, click " + (++clicks[0]) + ", 6*7 = " + (6 * 7))));\n'
            'display(runJava); display(clickOut);')
        button = wait_for(lambda: cell.find_element(By.CSS_SELECTOR, "button.jupyter-button"), "the button")
        self.assertEqual(button.text, "run Java")
        button.click()
        wait_for(lambda: self.output_text(cell) == "Java ran, click 1, 6*7 = 42", "the first click's output")
        button.click()
        wait_for(lambda: self.output_text(cell).endswith("Java ran, click 2, 6*7 = 42"), "the second click's output")
        self.assertEqual(self.value_of("clicks[0]").strip(), "2")

    def test_interact_redraws_a_feature_map(self):
        cell = self.cell(
            'Tensor picture = Tensor.rand(7, 1, 1, 16, 16);\n'
            'Tensor featureMap(int k) { return F.relu(F.conv2d(picture, Tensor.randn(10 + k, 1, 1, 3, 3), null, 1, 1)); }\n'
            'var channel = new IntSlider(0, 3).value(0).description("map");\n'
            'Widgets.interact(() -> Plots.featureMaps(featureMap(channel.value()), "feature map " + channel.value()),\n'
            '    channel)')
        image = lambda: cell.find_element(By.CSS_SELECTOR, ".widget-output img").get_attribute("src")
        first = wait_for(image, "the first feature map")
        handle = cell.find_element(By.CSS_SELECTOR, ".noUi-handle")
        ActionChains(self.driver).click_and_hold(handle).move_by_offset(400, 0).release().perform()
        second = wait_for(lambda: image() != first and image(), "a redrawn feature map")
        self.assertTrue(second.startswith("data:image/png;base64,"), second[:40])
        self.assertEqual(self.value_of("channel.value()").strip(), "3")

    def test_an_executed_notebook_shows_its_widgets_without_a_kernel(self):
        # notebook 06 as the headless runner saved it: the explorer's last state, drawn from metadata alone
        with open(os.path.join(HERE, "..", "..", "..", "notebooks", "06-zero-padding.ipynb"), encoding="utf-8") as f:
            nb = json.load(f)
        saved = nb["metadata"]["widgets"]["application/vnd.jupyter.widget-state+json"]
        view = [o["data"]["application/vnd.jupyter.widget-view+json"] for c in nb["cells"] if c["cell_type"] == "code"
                for o in c["outputs"] if "application/vnd.jupyter.widget-view+json" in o.get("data", {})][0]
        cell_id = self.driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "window.jcnn.renderSaved(arguments[0], arguments[1]).then(done, (e) => done('failed: ' + e));",
            saved, view["model_id"])
        self.assertTrue(cell_id.startswith("cell-"), cell_id)
        cell = self.driver.find_element(By.ID, cell_id)
        labels = wait_for(lambda: [e.text for e in cell.find_elements(By.CSS_SELECTOR, ".widget-label")
                                   if e.text] or None, "the sliders' labels")
        self.assertEqual(labels[:4], ["width W", "filter F", "stride S", "padding P"])
        self.assertIn("feature map = (7 + 2·1 − 3)/2 + 1 = 4", self.output_text(cell))


if __name__ == "__main__":
    unittest.main()
