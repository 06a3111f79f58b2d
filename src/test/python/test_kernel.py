"""jupyter_kernel_test suite for jcnn, plus the protocol paths it does not cover
(stdin, interrupt, 10,000 lines, display updates, the ipc transport).

Run with Debian's Python: scripts/kernel-tests.sh (installs the kernelspec into a temporary
prefix and points JUPYTER_PATH at it). JCNN_KERNEL_NAME names the kernelspec (default jcnn).
"""
import os
import queue
import time
import unittest

import jupyter_kernel_test
from jupyter_client.manager import KernelManager

KERNEL_NAME = os.environ.get("JCNN_KERNEL_NAME", "jcnn")
TIMEOUT = 60  # the first cell waits for JShell to start on a loaded machine


class JcnnKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = KERNEL_NAME
    language_name = "java"
    file_extension = ".jsh"

    code_hello_world = 'System.out.println("hello, world")'
    code_stderr = 'System.err.println("to stderr")'

    completion_samples = [
        {"text": "System.out.printl", "matches": {"println("}},
        {"text": "Math.ma"},
        {"text": '"abc".toUpperCa', "matches": {"toUpperCase("}},
    ]

    complete_code_samples = ["int x = 1;", 'System.out.println("hi")', "6*7", "void f() { }"]
    incomplete_code_samples = ["for (int i = 0; i < 3; i++) {", "void g() {", "int[] a = {1, 2,"]
    invalid_code_samples = ["int x = );", "}"]

    code_generate_error = 'throw new IllegalStateException("boom")'

    code_execute_result = [
        {"code": "6*7", "result": "42"},
        {"code": '"hello".length()', "result": "5"},
    ]

    code_display_data = [
        {"code": 'display("shown with display")', "mime": "text/plain"},
        {"code": "var img = new java.awt.image.BufferedImage(4, 4, java.awt.image.BufferedImage.TYPE_INT_RGB);\n"
                 "var png = new java.io.ByteArrayOutputStream();\n"
                 "javax.imageio.ImageIO.write(img, \"png\", png);\n"
                 "display(new jcnn.display.MimeBundle().png(png.toByteArray(), 4, 4).put(\"text/plain\", \"a 4x4 image\"));",
         "mime": "image/png"},
        # through the renderer registry (ServiceLoader): a BufferedImage becomes image/png
        {"code": "display(new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_INT_RGB))",
         "mime": "image/png"},
    ]

    code_clear_output = 'System.out.println("soon gone"); clearOutput();'

    code_history_pattern = "6*7"
    supported_history_operations = ("tail", "range", "search")

    code_inspect_sample = "Math.max"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # JShell starts in the background; wait for the first cell so every test gets the
        # jupyter_kernel_test default timeout for its own work.
        cls.kc.execute_interactive("1", timeout=TIMEOUT)

    # ---- beyond jupyter_kernel_test ----

    def run_cell(self, code, allow_stdin=False, timeout=TIMEOUT, on_stdin=None):
        """Executes code; returns (reply, iopub messages of this request until idle)."""
        self.flush_channels()
        msg_id = self.kc.execute(code, allow_stdin=allow_stdin)
        outputs = []
        deadline = time.time() + timeout
        reply = None
        while time.time() < deadline:
            if on_stdin is not None:
                try:
                    request = self.kc.get_stdin_msg(timeout=0.05)
                    on_stdin(request)
                except queue.Empty:
                    pass
            try:
                msg = self.kc.get_iopub_msg(timeout=0.05)
            except queue.Empty:
                continue
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            outputs.append(msg)
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                break
        reply = self.kc.get_shell_msg(timeout=timeout)
        while reply["parent_header"].get("msg_id") != msg_id:
            reply = self.kc.get_shell_msg(timeout=timeout)
        return reply, outputs

    def test_stdin_sends_input_request_and_reads_the_reply(self):
        seen = []

        def answer(request):
            seen.append(request)
            self.kc.input("Ada")

        code = ('String name = new java.io.BufferedReader(new java.io.InputStreamReader(System.in)).readLine();\n'
                'System.out.println("hello " + name);')
        reply, outputs = self.run_cell(code, allow_stdin=True, on_stdin=answer)
        self.assertEqual(reply["content"]["status"], "ok", reply["content"])
        self.assertEqual(len(seen), 1)
        self.assertEqual(seen[0]["msg_type"], "input_request")
        text = "".join(m["content"]["text"] for m in outputs if m["msg_type"] == "stream")
        self.assertIn("hello Ada", text)

    def test_stdin_fails_clearly_without_allow_stdin(self):
        code = 'new java.io.BufferedReader(new java.io.InputStreamReader(System.in)).readLine()'
        reply, _ = self.run_cell(code, allow_stdin=False)
        self.assertEqual(reply["content"]["status"], "error")
        self.assertIn("allow_stdin", reply["content"]["evalue"] + "".join(reply["content"]["traceback"]))

    def test_ten_thousand_lines_all_arrive_in_order(self):
        reply, outputs = self.run_cell('for (int i = 0; i < 10000; i++) System.out.println("line " + i);')
        self.assertEqual(reply["content"]["status"], "ok")
        text = "".join(m["content"]["text"] for m in outputs
                       if m["msg_type"] == "stream" and m["content"]["name"] == "stdout")
        self.assertEqual(text.splitlines(), ["line %d" % i for i in range(10000)])

    def test_display_update_keeps_the_display_id(self):
        code = ('var h = display("first");\n'
                'h.update("second");')
        reply, outputs = self.run_cell(code)
        self.assertEqual(reply["content"]["status"], "ok", reply["content"])
        shown = [m for m in outputs if m["msg_type"] in ("display_data", "update_display_data")]
        self.assertEqual([m["msg_type"] for m in shown], ["display_data", "update_display_data"])
        ids = {m["content"]["transient"]["display_id"] for m in shown}
        self.assertEqual(len(ids), 1)
        self.assertIn("second", shown[1]["content"]["data"]["text/plain"])

    def interrupt_and_wait(self, code):
        """Runs code, interrupts it after 1 s; returns (reply, seconds from interrupt to reply)."""
        self.flush_channels()
        msg_id = self.kc.execute(code)
        time.sleep(1.0)  # let the cell start
        started = time.time()
        self.km.interrupt_kernel()
        reply = self.kc.get_shell_msg(timeout=TIMEOUT)
        while reply["parent_header"].get("msg_id") != msg_id:
            reply = self.kc.get_shell_msg(timeout=TIMEOUT)
        return reply, time.time() - started

    def assert_interrupted_and_state_kept(self, code):
        self.run_cell("int kept = 41;")
        reply, stopped_after = self.interrupt_and_wait(code)
        self.assertEqual(reply["content"]["status"], "error")
        self.assertIn("nterrupt", reply["content"]["ename"] + reply["content"]["evalue"])
        self.assertLess(stopped_after, 5.0)  # the bound is 2 s; generous on a loaded machine
        reply, outputs = self.run_cell("kept + 1")
        results = [m for m in outputs if m["msg_type"] == "execute_result"]
        self.assertEqual(results[0]["content"]["data"]["text/plain"], "42")

    def test_interrupt_stops_a_busy_loop_and_keeps_state(self):
        self.assert_interrupted_and_state_kept("while (true) { }")

    def test_interrupt_stops_a_long_sleep_and_keeps_state(self):
        self.assert_interrupted_and_state_kept("Thread.sleep(100000);")

    def test_interrupt_stops_training_and_keeps_the_net(self):
        reply, _ = self.run_cell('Class.forName("jcnn.model.Cnn")')
        if reply["content"]["status"] != "ok":
            raise unittest.SkipTest("this build has no jcnn.model.Cnn (the model branch is not merged)")
        reply, _ = self.run_cell("var trainingData = FashionMnist.train();\n"
                                 "Net net = Cnn.input(1, 28, 28).conv(8, 3).relu().maxPool(2)"
                                 ".flatten().dense(10).softmax().build();")
        self.assertEqual(reply["content"]["status"], "ok", reply["content"])
        self.assert_interrupted_and_state_kept("net.train(trainingData).epochs(100).batch(32).quiet().run();")
        reply, outputs = self.run_cell("net.summary()")
        self.assertEqual(reply["content"]["status"], "ok", reply["content"])


class JcnnIpcTransportTest(unittest.TestCase):
    def test_hello_world_over_ipc(self):
        km = KernelManager(kernel_name=KERNEL_NAME, transport="ipc")
        km.start_kernel()
        kc = km.client()
        kc.start_channels()
        try:
            kc.wait_for_ready(timeout=TIMEOUT)
            outputs = []
            reply = kc.execute_interactive('System.out.println("hello over ipc")', timeout=TIMEOUT,
                                           output_hook=outputs.append)
            self.assertEqual(reply["content"]["status"], "ok")
            text = "".join(m["content"].get("text", "") for m in outputs if m["msg_type"] == "stream")
            self.assertIn("hello over ipc", text)
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=False)


if __name__ == "__main__":
    unittest.main(verbosity=2)
