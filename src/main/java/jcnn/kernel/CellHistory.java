package jcnn.kernel;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonPrimitive;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * This session's cells, for {@code history_request}: tail, range and search (a glob
 * pattern, {@code *} and {@code ?}, matched against the whole cell, as IPython does).
 * Entries are {@code [session, line, input]} or, with output, {@code [session, line, [input, output]]}.
 * The session is always {@link #SESSION}; 0 and negative numbers in a range request also mean
 * this session, since nothing is kept across restarts.
 */
final class CellHistory {
    static final int SESSION = 1;

    private record Entry(int line, String input, String output) {
    }

    private final List<Entry> entries = new ArrayList<>();

    synchronized void add(int line, String input, String output) {
        entries.add(new Entry(line, input, output));
    }

    /** The last {@code n} cells (all when n &lt;= 0). */
    synchronized JsonArray tail(int n, boolean output) {
        int from = n <= 0 ? 0 : Math.max(0, entries.size() - n);
        return toJson(entries.subList(from, entries.size()), output);
    }

    /** Cells with {@code start <= line < stop} (stop &lt;= 0: to the end). */
    synchronized JsonArray range(int session, int start, int stop, boolean output) {
        if (session > 0 && session != SESSION) {
            return new JsonArray();
        }
        List<Entry> picked = new ArrayList<>();
        for (Entry e : entries) {
            if (e.line >= start && (stop <= 0 || e.line < stop)) {
                picked.add(e);
            }
        }
        return toJson(picked, output);
    }

    /** The last {@code n} cells matching the glob (all when n &lt;= 0); {@code unique} keeps the latest of equal inputs. */
    synchronized JsonArray search(String glob, int n, boolean unique, boolean output) {
        Pattern pattern = globToRegex(glob == null || glob.isEmpty() ? "*" : glob);
        List<Entry> picked = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = entries.size() - 1; i >= 0 && (n <= 0 || picked.size() < n); i--) {
            Entry e = entries.get(i);
            if (pattern.matcher(e.input).matches() && (!unique || seen.add(e.input))) {
                picked.add(0, e);
            }
        }
        return toJson(picked, output);
    }

    static Pattern globToRegex(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    private static JsonArray toJson(List<Entry> list, boolean output) {
        JsonArray array = new JsonArray();
        for (Entry e : list) {
            JsonArray item = new JsonArray();
            item.add(SESSION);
            item.add(e.line);
            if (output) {
                JsonArray pair = new JsonArray();
                pair.add(e.input);
                pair.add(e.output == null ? JsonNull.INSTANCE : (JsonElement) new JsonPrimitive(e.output));
                item.add(pair);
            } else {
                item.add(e.input);
            }
            array.add(item);
        }
        return array;
    }
}
