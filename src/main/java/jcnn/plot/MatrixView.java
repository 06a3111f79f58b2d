package jcnn.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Small matrices shown as tables, side by side, with cells highlighted: the worked examples of
 * the convolution lectures ("the 3×3 window at output position (0, 0) gives 4"). One view has
 * three forms: {@link #html()} (a notebook shows it as a table), {@link #text()} (aligned text,
 * the highlighted cells in brackets) and {@link #image()} (a picture for slides or files).
 * Made by {@link Plots#matrix} and {@link ConvolutionSteps#at}.
 */
public final class MatrixView extends Plot<MatrixView> {
    private static final Color HIGHLIGHT = new Color(0xFFD966);
    private static final Color HIGHLIGHT_EDGE = new Color(0xC00000);
    private static final Color PADDING = new Color(0xEEEEEE);
    private static final Font CELL = new Font(Font.MONOSPACED, Font.PLAIN, 16);
    private static final Font CELL_BOLD = new Font(Font.MONOSPACED, Font.BOLD, 16);
    private static final Font NAME = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 15);
    private static final Font CAPTION = new Font(Font.MONOSPACED, Font.PLAIN, 13);

    /**
     * One table: {@code values[r][c]}; {@code marks[r][c]} is 1 for a highlighted cell, 2 for a
     * padding cell (greyed), 3 for a cell not computed yet (blank), 0 otherwise.
     */
    record Table(String name, double[][] values, int[][] marks) {
    }

    private final List<Object> items = new ArrayList<>();
    private final String what;
    private String caption = "";

    MatrixView(String title, String what) {
        super(title, 0, 0);
        this.what = what;
    }

    MatrixView add(Table table) {
        items.add(table);
        return this;
    }

    MatrixView operator(String symbol) {
        items.add(symbol);
        return this;
    }

    /** Sets the line printed under the tables (e.g. the worked sum); returns this. */
    public MatrixView caption(String text) {
        this.caption = text == null ? "" : text;
        return this;
    }

    /** The line printed under the tables ("" when none). */
    public String caption() {
        return caption;
    }

    /**
     * Highlights a {@code height × width} window whose top-left cell is {@code (row, col)} in
     * the first table; returns this.
     *
     * @throws IndexOutOfBoundsException if the window leaves the table
     */
    public MatrixView highlight(int row, int col, int height, int width) {
        Table t = tables().get(0);
        if (row < 0 || col < 0 || height < 1 || width < 1 || row + height > t.values.length || col + width > t.values[0].length) {
            throw new IndexOutOfBoundsException("highlight: the " + height + "x" + width + " window at (" + row + ", " + col
                    + ") does not fit the " + t.values.length + "x" + t.values[0].length + " matrix; rows and columns count from 0");
        }
        for (int r = row; r < row + height; r++) {
            for (int c = col; c < col + width; c++) {
                t.marks[r][c] = 1;
            }
        }
        return this;
    }

    /** The tables shown, left to right. */
    List<Table> tables() {
        List<Table> list = new ArrayList<>();
        for (Object o : items) {
            if (o instanceof Table t) {
                list.add(t);
            }
        }
        return list;
    }

    /** The values of table {@code index} (0 = leftmost), copied. */
    public double[][] values(int index) {
        double[][] v = tables().get(index).values;
        double[][] copy = new double[v.length][];
        for (int r = 0; r < v.length; r++) {
            copy[r] = v[r].clone();
        }
        return copy;
    }

    /** True when cell {@code (row, col)} of table {@code index} is highlighted. */
    public boolean isHighlighted(int index, int row, int col) {
        return tables().get(index).marks[row][col] == 1;
    }

    // ---- text and HTML ------------------------------------------------------------------------

    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return String.valueOf((long) v);
        }
        String s = String.format(Locale.ROOT, "%.3g", v);
        return s.contains("e") ? s : s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    private static String cell(Table t, int r, int c) {
        return t.marks[r][c] == 3 ? "" : number(t.values[r][c]);
    }

    /** The tables as aligned text, side by side; highlighted cells in brackets: {@code [1]}. */
    public String text() {
        List<List<String>> blocks = new ArrayList<>();
        List<Boolean> operators = new ArrayList<>();
        for (Object o : items) {
            operators.add(!(o instanceof Table));
            List<String> lines = new ArrayList<>();
            if (o instanceof Table t) {
                int w = 1;
                for (int r = 0; r < t.values.length; r++) {
                    for (int c = 0; c < t.values[r].length; c++) {
                        w = Math.max(w, cell(t, r, c).length());
                    }
                }
                lines.add(t.name);
                for (int r = 0; r < t.values.length; r++) {
                    StringBuilder sb = new StringBuilder();
                    for (int c = 0; c < t.values[r].length; c++) {
                        String s = cell(t, r, c);
                        String padded = " ".repeat(w - s.length()) + s;
                        sb.append(t.marks[r][c] == 1 ? "[" + padded + "]" : t.marks[r][c] == 2 ? "(" + padded + ")" : " " + padded + " ");
                    }
                    lines.add(sb.toString());
                }
            } else {
                lines.add(o.toString());
            }
            blocks.add(lines);
        }
        int height = 0;
        for (List<String> b : blocks) {
            height = Math.max(height, b.size());
        }
        StringBuilder out = new StringBuilder();
        if (!title().isEmpty()) {
            out.append(title()).append('\n');
        }
        for (int line = 0; line < height; line++) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < blocks.size(); i++) {
                List<String> b = blocks.get(i);
                int w = 0;
                for (String s : b) {
                    w = Math.max(w, s.length());
                }
                String s = line < b.size() ? b.get(line) : "";
                if (operators.get(i)) {
                    // operators sit on the middle row of the tables (below the names line)
                    s = line == (height + 1) / 2 ? b.get(0) : "";
                }
                sb.append(s).append(" ".repeat(w - s.length())).append("   ");
            }
            out.append(sb.toString().stripTrailing()).append('\n');
        }
        if (!caption.isEmpty()) {
            out.append(caption).append('\n');
        }
        return out.toString();
    }

    /** The tables as HTML (inline styles only, so every notebook front end shows it the same). */
    public String html() {
        StringBuilder sb = new StringBuilder("<div class=\"jcnn-matrix\">");
        if (!title().isEmpty()) {
            sb.append("<div style=\"font-weight:bold;margin-bottom:4px\">").append(escape(title())).append("</div>");
        }
        sb.append("<div style=\"display:flex;align-items:center;gap:14px;font-family:monospace\">");
        for (Object o : items) {
            if (o instanceof Table t) {
                sb.append("<div><div style=\"font-family:sans-serif;font-size:90%;text-align:center\">")
                        .append(escape(t.name)).append("</div><table style=\"border-collapse:collapse\">");
                for (int r = 0; r < t.values.length; r++) {
                    sb.append("<tr>");
                    for (int c = 0; c < t.values[r].length; c++) {
                        String style = "border:1px solid #999;padding:3px 8px;text-align:right;min-width:1.5em";
                        if (t.marks[r][c] == 1) {
                            style += ";background:#ffd966;font-weight:bold;outline:2px solid #c00000";
                        } else if (t.marks[r][c] == 2) {
                            style += ";background:#eeeeee;color:#888";
                        }
                        // NOTE: an empty cell (a result not computed yet) gets a no-break space: with no line box
                        // its row shrank to the padding, 7 px, in the browser
                        String text = cell(t, r, c);
                        sb.append("<td style=\"").append(style).append("\">").append(text.isEmpty() ? "&nbsp;" : escape(text)).append("</td>");
                    }
                    sb.append("</tr>");
                }
                sb.append("</table></div>");
            } else {
                sb.append("<div style=\"font-size:150%\">").append(escape(o.toString())).append("</div>");
            }
        }
        sb.append("</div>");
        if (!caption.isEmpty()) {
            sb.append("<div style=\"font-family:monospace;margin-top:6px\">").append(escape(caption)).append("</div>");
        }
        return sb.append("</div>").toString();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    // ---- picture ------------------------------------------------------------------------------

    @Override
    public BufferedImage image() {
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D sg = scratch.createGraphics();
        FontMetrics cellFm = sg.getFontMetrics(CELL_BOLD);
        FontMetrics nameFm = sg.getFontMetrics(NAME);
        FontMetrics titleFm = sg.getFontMetrics(TITLE);
        FontMetrics capFm = sg.getFontMetrics(CAPTION);
        sg.dispose();
        int margin = 14;
        int spacing = 18;
        List<int[]> sizes = new ArrayList<>();
        int x = margin;
        int maxH = 0;
        for (Object o : items) {
            int w;
            int h;
            if (o instanceof Table t) {
                int cw = cellWidth(t, cellFm);
                w = Math.max(cw * t.values[0].length, nameFm.stringWidth(t.name));
                h = nameFm.getHeight() + 4 + cellHeight(cellFm) * t.values.length;
            } else {
                w = nameFm.stringWidth(o.toString()) * 2;
                h = 0;
            }
            sizes.add(new int[] {w, h});
            x += w + spacing;
            maxH = Math.max(maxH, h);
        }
        int titleH = title().isEmpty() ? 0 : titleFm.getHeight() + 8;
        int capH = caption.isEmpty() ? 0 : capFm.getHeight() + 10;
        int naturalW = Math.max(x - spacing + margin, Math.max(titleFm.stringWidth(title()), capFm.stringWidth(caption)) + 2 * margin);
        int naturalH = margin + titleH + maxH + capH + margin;
        int w = width() > 0 ? width() : naturalW;
        int h = height() > 0 ? height() : naturalH;
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, w, h);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            int ox = Math.max(0, (w - naturalW) / 2);
            int oy = Math.max(0, (h - naturalH) / 2);
            if (titleH > 0) {
                g.setColor(Color.BLACK);
                g.setFont(TITLE);
                g.drawString(title(), ox + margin, oy + margin + titleFm.getAscent());
            }
            int top = oy + margin + titleH;
            x = ox + margin;
            for (int i = 0; i < items.size(); i++) {
                Object o = items.get(i);
                int[] size = sizes.get(i);
                if (o instanceof Table t) {
                    drawTable(g, t, x, top + (maxH - size[1]) / 2, size[0], cellFm, nameFm);
                } else {
                    g.setColor(Color.BLACK);
                    g.setFont(TITLE.deriveFont(22f));
                    g.drawString(o.toString(), x + 2, top + nameFm.getHeight() + (maxH - nameFm.getHeight()) / 2 + 8);
                }
                x += size[0] + spacing;
            }
            if (capH > 0) {
                g.setColor(Color.BLACK);
                g.setFont(CAPTION);
                g.drawString(caption, ox + margin, top + maxH + 10 + capFm.getAscent());
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    private static int cellWidth(Table t, FontMetrics fm) {
        int w = fm.stringWidth("00");
        for (int r = 0; r < t.values.length; r++) {
            for (int c = 0; c < t.values[r].length; c++) {
                w = Math.max(w, fm.stringWidth(number(t.values[r][c])));
            }
        }
        return w + 16;
    }

    private static int cellHeight(FontMetrics fm) {
        return fm.getHeight() + 10;
    }

    private static void drawTable(Graphics2D g, Table t, int x, int y, int blockW, FontMetrics cellFm, FontMetrics nameFm) {
        int cw = cellWidth(t, cellFm);
        int ch = cellHeight(cellFm);
        int tableW = cw * t.values[0].length;
        int tx = x + (blockW - tableW) / 2;
        g.setColor(new Color(0x444444));
        g.setFont(NAME);
        g.drawString(t.name, x + (blockW - nameFm.stringWidth(t.name)) / 2, y + nameFm.getAscent());
        int ty = y + nameFm.getHeight() + 4;
        for (int r = 0; r < t.values.length; r++) {
            for (int c = 0; c < t.values[r].length; c++) {
                int cx = tx + c * cw;
                int cy = ty + r * ch;
                int mark = t.marks[r][c];
                g.setColor(mark == 1 ? HIGHLIGHT : mark == 2 ? PADDING : Color.WHITE);
                g.fillRect(cx, cy, cw, ch);
                g.setColor(new Color(0x999999));
                g.setStroke(new BasicStroke(1f));
                g.drawRect(cx, cy, cw, ch);
                String s = cell(t, r, c);
                g.setFont(mark == 1 ? CELL_BOLD : CELL);
                g.setColor(mark == 2 ? new Color(0x888888) : Color.BLACK);
                g.drawString(s, cx + cw - 8 - cellFm.stringWidth(s), cy + (ch + cellFm.getAscent()) / 2 - 2);
            }
        }
        // outline the highlighted block(s) cell by cell on their outer edges
        g.setColor(HIGHLIGHT_EDGE);
        g.setStroke(new BasicStroke(2.5f));
        for (int r = 0; r < t.values.length; r++) {
            for (int c = 0; c < t.values[r].length; c++) {
                if (t.marks[r][c] != 1) {
                    continue;
                }
                int cx = tx + c * cw;
                int cy = ty + r * ch;
                if (r == 0 || t.marks[r - 1][c] != 1) {
                    g.drawLine(cx, cy, cx + cw, cy);
                }
                if (r == t.values.length - 1 || t.marks[r + 1][c] != 1) {
                    g.drawLine(cx, cy + ch, cx + cw, cy + ch);
                }
                if (c == 0 || t.marks[r][c - 1] != 1) {
                    g.drawLine(cx, cy, cx, cy + ch);
                }
                if (c == t.values[r].length - 1 || t.marks[r][c + 1] != 1) {
                    g.drawLine(cx + cw, cy, cx + cw, cy + ch);
                }
            }
        }
    }

    @Override
    public String describe() {
        return what;
    }
}
