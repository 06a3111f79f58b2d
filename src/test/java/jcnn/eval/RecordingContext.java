package jcnn.eval;

import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import jcnn.display.MimeBundle;

/** A CellContext that records what a cell sends, as the kernel or notebook runner would see it. */
public final class RecordingContext implements CellContext {
    /** One output event in arrival order: "out", "err" or "display". */
    record Event(String kind, String text, MimeBundle bundle) {
    }

    final List<Event> events = new ArrayList<>();
    final Deque<String> inputLines = new ConcurrentLinkedDeque<>();
    final int count;
    boolean allowInput;

    public RecordingContext(int count) {
        this.count = count;
    }

    @Override
    public synchronized void stdout(String text) {
        events.add(new Event("out", text, null));
    }

    @Override
    public synchronized void stderr(String text) {
        events.add(new Event("err", text, null));
    }

    @Override
    public String input(String prompt, boolean password) {
        if (!allowInput) {
            throw new IllegalStateException("this client does not accept input (allow_stdin is false)");
        }
        String line = inputLines.poll();
        return line == null ? "" : line;
    }

    @Override
    public int executionCount() {
        return count;
    }

    @Override
    public synchronized void display(MimeBundle bundle, String displayId, boolean update) {
        events.add(new Event("display", displayId, bundle));
    }

    public synchronized String out() {
        StringBuilder b = new StringBuilder();
        events.stream().filter(e -> e.kind.equals("out")).forEach(e -> b.append(e.text));
        return b.toString();
    }

    public synchronized String err() {
        StringBuilder b = new StringBuilder();
        events.stream().filter(e -> e.kind.equals("err")).forEach(e -> b.append(e.text));
        return b.toString();
    }
}
