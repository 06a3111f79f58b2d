package jcnn.display.widgets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.List;
import jcnn.display.CommMessage;
import jcnn.display.CommTransport;
import jcnn.display.Comms;
import jcnn.display.Display;
import jcnn.display.MimeBundle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Widget models and their protocol messages, with a transport that records instead of a kernel. */
class WidgetsTest {
    record Sent(String type, String commId, String target, JsonObject data, JsonObject metadata, List<byte[]> buffers) {
        String method() {
            return data.has("method") ? data.get("method").getAsString() : "";
        }
    }

    private final List<Sent> sent = new ArrayList<>();
    private CommTransport previous;

    @BeforeEach
    void record() {
        Comms.reset();
        Widgets.reset();
        previous = Comms.setTransport((type, id, target, data, metadata, buffers) ->
                sent.add(new Sent(type, id, target, data.deepCopy(), metadata.deepCopy(), List.copyOf(buffers))));
    }

    @AfterEach
    void restore() {
        Comms.setTransport(previous);
        Comms.reset();
        Widgets.reset();
    }

    private List<Sent> of(String commId, String method) {
        return sent.stream().filter(s -> s.commId.equals(commId) && s.method().equals(method)).toList();
    }

    private static CommMessage update(String json, byte[]... buffers) {
        return new CommMessage(JsonParser.parseString(json).getAsJsonObject(), null, List.of(buffers));
    }

    @Test
    void aWidgetOpensItsReferencesFirstAndOnlyWhenShown() {
        IntSlider k = new IntSlider(1, 7).value(3).description("kernel size");
        assertTrue(sent.isEmpty(), "nothing is sent before the widget is shown");
        MimeBundle bundle = Display.render(k);
        assertEquals(List.of("LayoutModel", "SliderStyleModel", "IntSliderModel"),
                sent.stream().map(s -> s.data.getAsJsonObject("state").get("_model_name").getAsString()).toList());
        Sent open = sent.get(2);
        assertEquals("comm_open", open.type);
        assertEquals("jupyter.widget", open.target);
        assertEquals("2.1.0", open.metadata.get("version").getAsString());
        assertEquals("IPY_MODEL_" + sent.get(0).commId, open.data.getAsJsonObject("state").get("layout").getAsString());
        @SuppressWarnings("unchecked")
        var view = (java.util.Map<String, Object>) bundle.data().get(Widgets.VIEW_MIME);
        assertEquals(open.commId, view.get("model_id"));
        assertEquals("IntSlider(value=3, min=1, max=7, description='kernel size')", bundle.plain());
    }

    @Test
    void frontendUpdatesAreEchoedAppliedAndObservedWithoutBeingSentBack() {
        IntSlider k = new IntSlider(0, 10);
        String id = k.modelId();
        List<Integer> seen = new ArrayList<>();
        k.onChange(s -> seen.add(s.value()));
        sent.clear();
        Comms.received("comm_msg", id, null, update("{\"method\":\"update\",\"state\":{\"value\":4},\"buffer_paths\":[]}"));
        assertEquals(4, k.value());
        assertEquals(List.of(4), seen);
        assertEquals(1, of(id, "echo_update").size());
        assertEquals(JsonParser.parseString("{\"value\":4}"), of(id, "echo_update").get(0).data.get("state"));
        assertEquals(List.of(), of(id, "update"), "the frontend's own value is not sent back as an update");

        k.value(11); // clamped to max, as the frontend would
        assertEquals(10, k.value());
        assertEquals(JsonParser.parseString("{\"value\":10}"), of(id, "update").get(0).data.get("state"));
    }

    @Test
    void anObserverThatCorrectsTheFrontendsValueSendsTheCorrection() {
        IntSlider odd = new IntSlider(1, 9);
        odd.onChange(s -> {
            if (s.value() % 2 == 0) {
                s.value(s.value() + 1);
            }
        });
        String id = odd.modelId();
        sent.clear();
        Comms.received("comm_msg", id, null, update("{\"method\":\"update\",\"state\":{\"value\":4},\"buffer_paths\":[]}"));
        assertEquals(5, odd.value());
        assertEquals(List.of(JsonParser.parseString("{\"value\":5}")),
                of(id, "update").stream().map(s -> s.data.get("state")).toList());
    }

    @Test
    void binaryBuffersTravelBothWaysAndAreSavedAsBase64() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3};
        Image image = new Image(png);
        String id = image.modelId();
        Sent open = sent.get(sent.size() - 1);
        assertEquals(JsonParser.parseString("[[\"value\"]]"), open.data.get("buffer_paths"));
        assertFalse(open.data.getAsJsonObject("state").has("value"));
        assertArrayEquals(png, open.buffers.get(0));

        byte[] next = {9, 8, 7};
        Comms.received("comm_msg", id, null, update("{\"method\":\"update\",\"state\":{},\"buffer_paths\":[[\"value\"]]}", next));
        assertArrayEquals(next, image.value());

        JsonObject saved = Widgets.savedState();
        JsonObject entry = saved.getAsJsonObject("state").getAsJsonObject(id);
        assertEquals("ImageModel", entry.get("model_name").getAsString());
        JsonObject buffer = entry.getAsJsonArray("buffers").get(0).getAsJsonObject();
        assertEquals("CQgH", buffer.get("data").getAsString());
        assertEquals("base64", buffer.get("encoding").getAsString());
    }

    @Test
    void interactRedrawsItsOutputAndShowsAnException() {
        IntSlider size = new IntSlider(1, 32).value(7);
        IntSlider kernel = new IntSlider(1, 9).value(3);
        VBox box = Widgets.interact(() -> jcnn.nn.Conv.outSize(size.value(), kernel.value(), 0, 1), size, kernel);
        Output out = (Output) box.children().get(2);
        assertEquals("5", out.outputs().get(0).getAsJsonObject().getAsJsonObject("data").get("text/plain").getAsString());
        kernel.value(9);
        JsonArray outputs = out.outputs();
        assertEquals(1, outputs.size(), "the redraw replaces the earlier result");
        JsonObject error = outputs.get(0).getAsJsonObject();
        assertEquals("error", error.get("output_type").getAsString());
        assertEquals("IllegalArgumentException", error.get("ename").getAsString());
        assertTrue(error.get("evalue").getAsString().startsWith("(7 + 2·0 − 9)/1 + 1 = -1"), error.toString());
        kernel.value(5);
        assertEquals("3", out.outputs().get(0).getAsJsonObject().getAsJsonObject("data").get("text/plain").getAsString());
    }

    @Test
    void outputCapturesPrintsOfTheCallbackNotOfTheCell() {
        Output out = new Output();
        out.display(jcnn.display.Display.html("<b>x</b>"));
        Button b = new Button("go").onClick(x -> out.capture(() -> Display.display(MimeBundle.text("clicked"))));
        String id = b.modelId();
        Comms.received("comm_msg", id, null, update("{\"method\":\"custom\",\"content\":{\"event\":\"click\"}}"));
        assertEquals(2, out.outputs().size());
        assertEquals("clicked", out.outputs().get(1).getAsJsonObject().getAsJsonObject("data").get("text/plain").getAsString());
    }

    @Test
    void selectionsSyncTheIndexAndLinksFollow() {
        Dropdown layer = new Dropdown("conv1", "conv2", "conv3");
        ToggleButtons mode = new ToggleButtons("a", "b", "c");
        Widgets.link(layer, mode);
        Comms.received("comm_msg", layer.modelId(), null, update("{\"method\":\"update\",\"state\":{\"index\":2},\"buffer_paths\":[]}"));
        assertEquals("conv3", layer.value());
        assertEquals("c", mode.value());
        assertEquals("Dropdown(value='conv3', options=[conv1, conv2, conv3])", layer.toString());
        var e = assertThrows(IllegalArgumentException.class, () -> layer.value("conv9"));
        assertEquals("Dropdown: expected one of [conv1, conv2, conv3] but got 'conv9'", e.getMessage());

        Play play = new Play(0, 10);
        IntSlider slider = new IntSlider(0, 10);
        JsLink link = Widgets.jslink(play, slider);
        JsonObject state = sent.stream().filter(s -> s.commId.equals(link.modelId())).findFirst().orElseThrow()
                .data.getAsJsonObject("state");
        assertEquals("IPY_MODEL_" + play.modelId(), state.getAsJsonArray("source").get(0).getAsString());
        assertEquals("value", state.getAsJsonArray("target").get(1).getAsString());
    }

    @Test
    void closedWidgetsLeaveTheSavedStateAndUnknownMethodsAreIgnored() {
        Checkbox c = new Checkbox().value(true);
        Label l = new Label("hi");
        c.modelId();
        l.modelId();
        int before = Widgets.savedState().getAsJsonObject("state").size();
        l.close();
        assertEquals(before - 1, Widgets.savedState().getAsJsonObject("state").size());
        assertEquals("comm_close", sent.get(sent.size() - 1).type);
        Widgets.reset();
        assertNull(Widgets.savedState());
    }
}
