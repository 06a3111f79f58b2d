"""Comms and Jupyter widgets (protocol 2.1) against the jcnn kernel, driven by jupyter_client
as a frontend would: comm_open/comm_msg/comm_close with binary buffers both ways, comm_info,
widget state sync with echo_update, callbacks (interact, button clicks) and their Output,
an exception in a callback, interrupting a callback.

Run with Debian's Python: scripts/widget-tests.sh (a temporary kernelspec, like kernel-tests.sh).
"""
import os
import queue
import time
import unittest
import uuid

from jupyter_client.manager import KernelManager

KERNEL_NAME = os.environ.get("JCNN_KERNEL_NAME", "jcnn")
TIMEOUT = 60
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


class WidgetProtocolTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.km = KernelManager(kernel_name=KERNEL_NAME)
        cls.km.start_kernel()
        cls.kc = cls.km.client()
        cls.kc.start_channels()
        cls.kc.wait_for_ready(timeout=TIMEOUT)
        cls.kc.execute_interactive("1", timeout=TIMEOUT)

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel(now=True)

    # ---- helpers ----

    def drain(self):
        while True:
            try:
                self.kc.get_iopub_msg(timeout=0.2)
            except queue.Empty:
                return

    def cell(self, code, timeout=TIMEOUT):
        """Runs code; returns (reply content, iopub messages until idle). Fails on an error reply."""
        self.drain()
        msg_id = self.kc.execute(code)
        reply = self.kc.get_shell_msg(timeout=timeout)
        while reply["parent_header"].get("msg_id") != msg_id:
            reply = self.kc.get_shell_msg(timeout=timeout)
        messages = self.until_idle(msg_id, timeout)
        self.assertEqual(reply["content"]["status"], "ok", reply["content"])
        return reply["content"], messages

    def until_idle(self, parent_id, timeout=TIMEOUT):
        messages = []
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                m = self.kc.get_iopub_msg(timeout=1)
            except queue.Empty:
                continue
            messages.append(m)
            if (m["msg_type"] == "status" and m["content"]["execution_state"] == "idle"
                    and m["parent_header"].get("msg_id") == parent_id):
                return messages
        self.fail("no idle for %s within %s s; got %s" % (parent_id, timeout, [x["msg_type"] for x in messages]))

    def send(self, msg_type, content, buffers=None):
        msg = self.kc.session.msg(msg_type, content)
        self.kc.session.send(self.kc.shell_channel.socket, msg, buffers=buffers or [])
        return msg["header"]["msg_id"]

    def comm_msg(self, comm_id, data, buffers=None):
        """Sends a comm_msg and returns the iopub messages it caused (until idle)."""
        self.drain()
        msg_id = self.send("comm_msg", {"comm_id": comm_id, "data": data}, buffers)
        return msg_id, self.until_idle(msg_id)

    def comm_info(self, target=None):
        content = {} if target is None else {"target_name": target}
        msg_id = self.send("comm_info_request", content)
        reply = self.kc.get_shell_msg(timeout=TIMEOUT)
        while reply["parent_header"].get("msg_id") != msg_id:
            reply = self.kc.get_shell_msg(timeout=TIMEOUT)
        self.assertEqual(reply["msg_type"], "comm_info_reply")
        return reply["content"]

    @staticmethod
    def of_type(messages, msg_type):
        return [m for m in messages if m["msg_type"] == msg_type]

    def opened_widget(self, messages, model_name):
        opens = [m for m in self.of_type(messages, "comm_open")
                 if m["content"]["data"]["state"].get("_model_name") == model_name]
        self.assertEqual(len(opens), 1, [m["content"]["data"]["state"].get("_model_name")
                                         for m in self.of_type(messages, "comm_open")])
        return opens[0]

    def widget_updates(self, messages, comm_id, method="update"):
        return [m for m in self.of_type(messages, "comm_msg")
                if m["content"]["comm_id"] == comm_id and m["content"]["data"].get("method") == method]

    @staticmethod
    def output_texts(update):
        outs = update["content"]["data"]["state"]["outputs"]
        texts = []
        for o in outs:
            if o["output_type"] == "stream":
                texts.append(o["text"])
            elif o["output_type"] in ("display_data", "execute_result"):
                texts.append(o["data"].get("text/plain", ""))
            elif o["output_type"] == "error":
                texts.append(o["ename"] + ": " + o["evalue"])
        return texts

    # ---- comms ----

    def test_comm_open_to_an_unknown_target_is_closed_at_once(self):
        comm_id = uuid.uuid4().hex
        self.drain()
        msg_id = self.send("comm_open", {"comm_id": comm_id, "target_name": "no.such.target", "data": {}})
        messages = self.until_idle(msg_id)
        closes = self.of_type(messages, "comm_close")
        self.assertEqual([c["content"]["comm_id"] for c in closes], [comm_id])
        self.assertNotIn(comm_id, self.comm_info()["comms"])

    def test_echo_target_round_trips_data_and_binary_buffers(self):
        self.cell('Comms.registerTarget("test.echo", (comm, open) -> {\n'
                  '    comm.send(open.data());\n'
                  '    comm.onMessage(m -> comm.send(m.data(), null, m.buffers()));\n'
                  '});')
        comm_id = uuid.uuid4().hex
        self.drain()
        msg_id = self.send("comm_open", {"comm_id": comm_id, "target_name": "test.echo", "data": {"hello": 1}})
        opened = self.of_type(self.until_idle(msg_id), "comm_msg")
        self.assertEqual([m["content"]["data"] for m in opened], [{"hello": 1}])
        self.assertEqual(opened[0]["parent_header"]["msg_id"], msg_id)
        info = self.comm_info("test.echo")
        self.assertEqual(info["comms"], {comm_id: {"target_name": "test.echo"}})

        payload = bytes(range(256)) * 4
        _, messages = self.comm_msg(comm_id, {"n": [1, 2, 3]}, buffers=[payload, b"second"])
        echoed = self.of_type(messages, "comm_msg")
        self.assertEqual(len(echoed), 1)
        self.assertEqual(echoed[0]["content"]["data"], {"n": [1, 2, 3]})
        self.assertEqual([bytes(b) for b in echoed[0]["buffers"]], [payload, b"second"])

        self.drain()
        msg_id = self.send("comm_close", {"comm_id": comm_id, "data": {}})
        self.until_idle(msg_id)
        self.assertNotIn(comm_id, self.comm_info()["comms"])

    def test_a_comm_opened_from_a_background_thread_reaches_the_frontend(self):
        _, messages = self.cell(
            'var t = new Thread(() -> {\n'
            '    Comms.open("test.client", Map.of("from", "thread"), null, List.of(new byte[] {1, 2, 3}));\n'
            '});\n'
            't.start(); t.join();')
        opens = [m for m in self.of_type(messages, "comm_open") if m["content"]["target_name"] == "test.client"]
        self.assertEqual(len(opens), 1)
        self.assertEqual(opens[0]["content"]["data"], {"from": "thread"})
        self.assertEqual([bytes(b) for b in opens[0]["buffers"]], [b"\x01\x02\x03"])
        comm_id = opens[0]["content"]["comm_id"]
        self.assertEqual(self.comm_info()["comms"][comm_id], {"target_name": "test.client"})

    # ---- widgets ----

    def test_slider_opens_a_model_displays_a_view_and_syncs_both_ways(self):
        _, messages = self.cell('var k = new IntSlider(1, 7).value(3).description("kernel size");\nk')
        slider = self.opened_widget(messages, "IntSliderModel")
        self.assertEqual(slider["content"]["target_name"], "jupyter.widget")
        self.assertEqual(slider["metadata"], {"version": "2.1.0"})
        state = slider["content"]["data"]["state"]
        self.assertEqual((state["value"], state["min"], state["max"], state["description"]), (3, 1, 7, "kernel size"))
        self.assertEqual(state["_model_module"], "@jupyter-widgets/controls")
        layout = self.opened_widget(messages, "LayoutModel")
        self.assertEqual(state["layout"], "IPY_MODEL_" + layout["content"]["comm_id"])
        style = self.opened_widget(messages, "SliderStyleModel")
        self.assertEqual(state["style"], "IPY_MODEL_" + style["content"]["comm_id"])
        model_id = slider["content"]["comm_id"]

        result = self.of_type(messages, "execute_result")[0]["content"]["data"]
        self.assertEqual(result["application/vnd.jupyter.widget-view+json"],
                         {"version_major": 2, "version_minor": 0, "model_id": model_id})
        self.assertEqual(result["text/plain"], "IntSlider(value=3, min=1, max=7, description='kernel size')")

        # frontend -> kernel: the update is applied and echoed with the frontend's message as parent
        msg_id, messages = self.comm_msg(model_id, {"method": "update", "state": {"value": 5}, "buffer_paths": []})
        echoes = self.widget_updates(messages, model_id, "echo_update")
        self.assertEqual([e["content"]["data"]["state"] for e in echoes], [{"value": 5}])
        self.assertEqual(echoes[0]["parent_header"]["msg_id"], msg_id)
        self.assertEqual(self.widget_updates(messages, model_id), [], "an applied value is not sent back as update")
        _, messages = self.cell("k.value()")
        self.assertEqual(self.of_type(messages, "execute_result")[0]["content"]["data"]["text/plain"], "5")

        # kernel -> frontend
        _, messages = self.cell("k.value(2);")
        self.assertEqual([u["content"]["data"]["state"] for u in self.widget_updates(messages, model_id)],
                         [{"value": 2}])

        # request_state answers with the whole state
        _, messages = self.comm_msg(model_id, {"method": "request_state"})
        full = self.widget_updates(messages, model_id)[0]["content"]["data"]["state"]
        self.assertEqual((full["value"], full["_model_name"]), (2, "IntSliderModel"))

    def test_interact_reruns_the_lambda_into_its_output(self):
        _, messages = self.cell(
            'var n = new IntSlider(5, 32).value(7).description("input");\n'
            'var f = new IntSlider(1, 7).value(3).description("kernel");\n'
            'Widgets.interact(() -> "out = " + Conv.outSize(n.value(), f.value(), 0, 1), n, f)')
        output = self.opened_widget(messages, "OutputModel")
        self.assertEqual(self.output_texts(output), ['"out = 5"'])
        box = self.opened_widget(messages, "VBoxModel")
        self.assertEqual(len(box["content"]["data"]["state"]["children"]), 3)
        sliders = [m for m in self.of_type(messages, "comm_open")
                   if m["content"]["data"]["state"].get("_model_name") == "IntSliderModel"]
        kernel_slider = [s for s in sliders if s["content"]["data"]["state"]["description"] == "kernel"][0]
        _, messages = self.comm_msg(kernel_slider["content"]["comm_id"],
                                    {"method": "update", "state": {"value": 5}, "buffer_paths": []})
        updates = self.widget_updates(messages, output["content"]["comm_id"])
        self.assertTrue(updates, [m["msg_type"] for m in messages])
        self.assertEqual(self.output_texts(updates[-1]), ['"out = 3"'])

        # a geometry the formula refuses: its message shows in the Output, the kernel lives on
        _, messages = self.comm_msg(kernel_slider["content"]["comm_id"],
                                    {"method": "update", "state": {"value": 7}, "buffer_paths": []})
        self.assertEqual(self.output_texts(self.widget_updates(messages, output["content"]["comm_id"])[-1]),
                         ['"out = 1"'])
        _, messages = self.cell("n.value(6);")
        texts = self.output_texts(self.widget_updates(messages, output["content"]["comm_id"])[-1])
        self.assertEqual(texts, ["IllegalArgumentException: (6 + 2·0 − 7)/1 + 1 = 0: the 7-wide kernel does not fit"
                                 " an input of 6 with padding 0; use a smaller kernel or padding(1)"])
        _, messages = self.cell("f.value()")
        self.assertEqual(self.of_type(messages, "execute_result")[0]["content"]["data"]["text/plain"], "7")

    def test_button_click_runs_java_and_exceptions_show_in_the_output(self):
        _, messages = self.cell(
            'var out = new Output();\n'
            'var clicks = new int[1];\n'
            'var b = new Button("go").onClick(x -> out.capture(() -> {\n'
            '    clicks[0]++;\n'
            '    System.out.println("click " + clicks[0]);\n'
            '    if (clicks[0] == 2) throw new IllegalStateException("second click fails");\n'
            '}));\n'
            'display(b); display(out);')
        button = self.opened_widget(messages, "ButtonModel")["content"]["comm_id"]
        out_id = self.opened_widget(messages, "OutputModel")["content"]["comm_id"]
        views = [m["content"]["data"]["application/vnd.jupyter.widget-view+json"]["model_id"]
                 for m in self.of_type(messages, "display_data")]
        self.assertEqual(views, [button, out_id])

        _, messages = self.comm_msg(button, {"method": "custom", "content": {"event": "click"}})
        self.assertEqual(self.output_texts(self.widget_updates(messages, out_id)[-1]), ["click 1\n"])
        _, messages = self.comm_msg(button, {"method": "custom", "content": {"event": "click"}})
        self.assertEqual(self.output_texts(self.widget_updates(messages, out_id)[-1]),
                         ["click 1\nclick 2\n", "IllegalStateException: second click fails"])
        _, messages = self.cell("clicks[0]")
        self.assertEqual(self.of_type(messages, "execute_result")[0]["content"]["data"]["text/plain"], "2")

    def test_interrupt_stops_a_callback(self):
        _, messages = self.cell(
            'var spin = new Button("spin").onClick(x -> { long i = 0; while (true) { i++; } });\nspin')
        button = self.opened_widget(messages, "ButtonModel")["content"]["comm_id"]
        self.drain()
        msg_id = self.send("comm_msg", {"comm_id": button, "data": {"method": "custom", "content": {"event": "click"}}})
        time.sleep(1.5)
        started = time.time()
        self.km.interrupt_kernel()
        messages = self.until_idle(msg_id)
        self.assertLess(time.time() - started, 10)
        errors = "".join(m["content"]["text"] for m in self.of_type(messages, "stream") if m["content"]["name"] == "stderr")
        self.assertIn("interrupted", errors)
        _, messages = self.cell("6*7")
        self.assertEqual(self.of_type(messages, "execute_result")[0]["content"]["data"]["text/plain"], "42")

    def test_a_waiting_cell_runs_callbacks_until_a_stop_button_is_clicked(self):
        _, messages = self.cell('var stop = new boolean[1];\n'
                                'var stopButton = new Button("stop").onClick(x -> stop[0] = true);\nstopButton')
        button = self.opened_widget(messages, "ButtonModel")["content"]["comm_id"]
        self.drain()
        cell_id = self.kc.execute('int rounds = 0;\n'
                                  'while (!stop[0]) { Widgets.processEvents(50); rounds++; }\n'
                                  'System.out.println("stopped");')
        time.sleep(1.0)
        click_id = self.send("comm_msg", {"comm_id": button, "data": {"method": "custom", "content": {"event": "click"}}})
        reply = self.kc.get_shell_msg(timeout=TIMEOUT)
        while reply["parent_header"].get("msg_id") != cell_id:
            reply = self.kc.get_shell_msg(timeout=TIMEOUT)
        self.assertEqual(reply["content"]["status"], "ok", reply["content"])
        messages = self.until_idle(cell_id)
        statuses = [m["parent_header"].get("msg_id") for m in self.of_type(messages, "status")]
        self.assertIn(click_id, statuses, "the click was handled while the cell ran")
        _, messages = self.cell("rounds > 0")
        self.assertEqual(self.of_type(messages, "execute_result")[0]["content"]["data"]["text/plain"], "true")

    def test_image_bytes_travel_as_a_binary_buffer(self):
        _, messages = self.cell(
            'var pic = Image.of(new java.awt.image.BufferedImage(6, 4, java.awt.image.BufferedImage.TYPE_INT_RGB));\n'
            'pic')
        image = self.opened_widget(messages, "ImageModel")
        self.assertEqual(image["content"]["data"]["buffer_paths"], [["value"]])
        self.assertNotIn("value", image["content"]["data"]["state"])
        self.assertTrue(bytes(image["buffers"][0]).startswith(PNG_MAGIC))
        self.assertEqual(image["content"]["data"]["state"]["format"], "png")

    def test_control_target_sends_every_state_at_once(self):
        self.cell('var probe = new Checkbox().value(true).description("probe");\nprobe')
        comm_id = uuid.uuid4().hex
        self.drain()
        msg_id = self.send("comm_open", {"comm_id": comm_id, "target_name": "jupyter.widget.control", "data": {}})
        self.until_idle(msg_id)
        _, messages = self.comm_msg(comm_id, {"method": "request_states"})
        states = self.of_type(messages, "comm_msg")[0]["content"]["data"]
        self.assertEqual(states["method"], "update_states")
        checkboxes = [s for s in states["states"].values() if s.get("_model_name") == "CheckboxModel"
                      and s.get("description") == "probe"]
        self.assertEqual([c["value"] for c in checkboxes], [True])


if __name__ == "__main__":
    unittest.main()
