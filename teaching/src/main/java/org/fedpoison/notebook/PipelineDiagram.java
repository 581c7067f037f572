package org.fedpoison.notebook;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * The poisoning pipeline of one federated round (the text's Figure 35.4.1), drawn with Java2D into
 * a {@link BufferedImage}: honest clients (green) and one malicious client (red) send updates to
 * the averaging server, which sees only the update vectors, never the data behind them; the
 * malicious client's update is scaled up ({@code K * delta}) so that it survives the division by
 * {@code K}; the result is a backdoored global model that still labels a clean input correctly but
 * sends a trigger-stamped input to the attacker's label.
 *
 * <p>Settings: {@code width} in pixels, in [{@value #MIN_WIDTH}, {@value #MAX_WIDTH}] (the height
 * follows from the width and the number of clients drawn); {@code honestClients}, the number of
 * honest client boxes, in [1, {@value #MAX_HONEST}] (labelled {@code client 2, client 3, ...} and
 * the last one {@code client K}). The malicious client is {@code client 1}.
 *
 * <p>The boxes' positions are exposed ({@link #honestBoxes()}, {@link #maliciousBox()},
 * {@link #serverBox()}, {@link #modelBox()}, {@link #cleanPanel()}, {@link #triggerPanel()}) in
 * image coordinates, so that a test (or a reader) can check what is drawn where. Drawing is
 * deterministic: the same settings give the same pixels.
 */
public final class PipelineDiagram {
    /** Smallest width accepted, in pixels. */
    public static final int MIN_WIDTH = 480;
    /** Largest width accepted, in pixels. */
    public static final int MAX_WIDTH = 4000;
    /** Most honest client boxes drawn. */
    public static final int MAX_HONEST = 5;
    /** Default width, in pixels. */
    public static final int DEFAULT_WIDTH = 960;

    /** Fill of an honest client's box. */
    public static final Color HONEST_FILL = new Color(0xD5, 0xF0, 0xDC);
    /** Border and arrows of honest clients. */
    public static final Color HONEST_INK = new Color(0x1E, 0x84, 0x49);
    /** Fill of the malicious client's box. */
    public static final Color MALICIOUS_FILL = new Color(0xFA, 0xD4, 0xCF);
    /** Border and arrow of the malicious client. */
    public static final Color MALICIOUS_INK = new Color(0xC0, 0x39, 0x2B);
    /** Fill of the server's box. */
    public static final Color SERVER_FILL = new Color(0xDC, 0xE6, 0xF2);
    /** Border of the server's box. */
    public static final Color SERVER_INK = new Color(0x2C, 0x3E, 0x50);
    /** Fill of the global model's box. */
    public static final Color MODEL_FILL = new Color(0xEB, 0xDE, 0xF0);
    /** Border of the global model's box. */
    public static final Color MODEL_INK = new Color(0x6C, 0x34, 0x83);
    /** Background. */
    public static final Color BACKGROUND = Color.WHITE;

    // Everything is laid out on a canvas 1000 units wide and scaled to the requested width.
    private static final double BASE_WIDTH = 1000;
    private static final int TOP = 62;
    private static final int HONEST_H = 46;
    private static final int HONEST_GAP = 14;
    private static final int MALICIOUS_H = 86;

    /** A 7 on 8x8 pixels (1 = ink), the input shown at inference. */
    private static final String[] SEVEN = {
        "........",
        ".######.",
        "......#.",
        ".....#..",
        "....#...",
        "...#....",
        "...#....",
        "...#....",
    };

    private final int width;
    private final int honestClients;
    private final double scale;
    private final int baseHeight;
    private final List<Rectangle> honestBase;
    private final Rectangle maliciousBase;
    private final Rectangle serverBase;
    private final Rectangle modelBase;
    private final Rectangle cleanBase;
    private final Rectangle triggerBase;

    /**
     * @param width         image width in pixels, in [{@value #MIN_WIDTH}, {@value #MAX_WIDTH}]
     * @param honestClients honest client boxes to draw, in [1, {@value #MAX_HONEST}]
     * @throws IllegalArgumentException naming the setting, its value and the allowed range
     */
    public PipelineDiagram(int width, int honestClients) {
        if (width < MIN_WIDTH || width > MAX_WIDTH) {
            throw new IllegalArgumentException("width is " + width + ", must be in [" + MIN_WIDTH + ", " + MAX_WIDTH + "]");
        }
        if (honestClients < 1 || honestClients > MAX_HONEST) {
            throw new IllegalArgumentException("honestClients is " + honestClients + ", must be in [1, " + MAX_HONEST + "]");
        }
        this.width = width;
        this.honestClients = honestClients;
        this.scale = width / BASE_WIDTH;
        List<Rectangle> honest = new ArrayList<>();
        int y = TOP;
        for (int i = 0; i < honestClients; i++) {
            if (i == honestClients - 1 && honestClients > 1) {
                y += 18; // room for the vertical ellipsis before client K
            }
            honest.add(new Rectangle(24, y, 210, HONEST_H));
            y += HONEST_H + HONEST_GAP;
        }
        this.honestBase = List.copyOf(honest);
        this.maliciousBase = new Rectangle(24, y + 16, 210, MALICIOUS_H);
        // tall enough for the clients and for the two inference panels beside the model
        this.baseHeight = Math.max(maliciousBase.y + maliciousBase.height + 30, 400);
        int mid = baseHeight / 2 + 10;
        this.serverBase = new Rectangle(352, mid - 78, 220, 156);
        this.modelBase = new Rectangle(612, mid - 56, 150, 112);
        this.cleanBase = new Rectangle(800, mid - 150, 186, 128);
        this.triggerBase = new Rectangle(800, mid + 22, 186, 128);
    }

    /** The diagram at {@value #DEFAULT_WIDTH} pixels wide with three honest clients (client 2, client 3, client K). */
    public PipelineDiagram() {
        this(DEFAULT_WIDTH, 3);
    }

    /** Draws the default diagram. */
    public static BufferedImage draw() {
        return new PipelineDiagram().render();
    }

    /** Image width in pixels. */
    public int width() {
        return width;
    }

    /** Image height in pixels (follows from the width and the number of honest clients). */
    public int height() {
        return (int) Math.round(baseHeight * scale);
    }

    /** Number of honest client boxes. */
    public int honestClients() {
        return honestClients;
    }

    /** The honest clients' boxes, top to bottom, in image coordinates. */
    public List<Rectangle> honestBoxes() {
        return honestBase.stream().map(this::scaled).toList();
    }

    /** The malicious client's box. */
    public Rectangle maliciousBox() {
        return scaled(maliciousBase);
    }

    /** The averaging server's box. */
    public Rectangle serverBox() {
        return scaled(serverBase);
    }

    /** The backdoored global model's box. */
    public Rectangle modelBox() {
        return scaled(modelBase);
    }

    /** The panel showing a clean input and its (correct) prediction. */
    public Rectangle cleanPanel() {
        return scaled(cleanBase);
    }

    /** The panel showing a trigger-stamped input and its (attacker's) prediction. */
    public Rectangle triggerPanel() {
        return scaled(triggerBase);
    }

    private Rectangle scaled(Rectangle r) {
        int x0 = (int) Math.round(r.x * scale);
        int y0 = (int) Math.round(r.y * scale);
        int x1 = (int) Math.round((r.x + r.width) * scale);
        int y1 = (int) Math.round((r.y + r.height) * scale);
        return new Rectangle(x0, y0, x1 - x0, y1 - y0);
    }

    /** Draws the diagram into a new RGB image of {@link #width()} x {@link #height()} pixels. */
    public BufferedImage render() {
        BufferedImage img = new BufferedImage(width, height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setColor(BACKGROUND);
            g.fillRect(0, 0, img.getWidth(), img.getHeight());
            g.setTransform(AffineTransform.getScaleInstance(scale, scale));
            drawHeadings(g);
            drawArrows(g);
            drawClients(g);
            drawServer(g);
            drawModel(g);
            drawPanel(g, cleanBase, false);
            drawPanel(g, triggerBase, true);
        } finally {
            g.dispose();
        }
        return img;
    }

    private void drawHeadings(Graphics2D g) {
        g.setFont(font(Font.BOLD, 14));
        g.setColor(new Color(0x55, 0x55, 0x55));
        text(g, "clients (data stays local)", 24 + 105, 30, true);
        text(g, "server", serverBase.x + serverBase.width / 2, 30, true);
        text(g, "global model", modelBase.x + modelBase.width / 2, 30, true);
        text(g, "at inference", cleanBase.x + cleanBase.width / 2, 30, true);
    }

    private void drawClients(Graphics2D g) {
        for (int i = 0; i < honestBase.size(); i++) {
            Rectangle r = honestBase.get(i);
            box(g, r, HONEST_FILL, HONEST_INK, 2f);
            drawDataIcon(g, r.x + 12, r.y + 10, HONEST_INK);
            g.setColor(Color.BLACK);
            g.setFont(font(Font.BOLD, 14));
            String name = i == honestBase.size() - 1 && honestBase.size() > 1 ? "client K" : "client " + (i + 2);
            g.drawString(name, r.x + 50, r.y + 20);
            g.setFont(font(Font.PLAIN, 12));
            g.drawString("trains honestly", r.x + 50, r.y + 37);
            if (i == honestBase.size() - 2) {
                g.setColor(HONEST_INK);
                g.setFont(font(Font.BOLD, 16));
                text(g, "\u22ee", r.x + r.width / 2, r.y + r.height + HONEST_GAP + 10, true);
            }
        }
        Rectangle m = maliciousBase;
        box(g, m, MALICIOUS_FILL, MALICIOUS_INK, 3f);
        drawDataIcon(g, m.x + 12, m.y + 12, MALICIOUS_INK);
        g.setColor(Color.BLACK);
        g.setFont(font(Font.BOLD, 14));
        g.drawString("client 1 (malicious)", m.x + 50, m.y + 22);
        g.setFont(font(Font.PLAIN, 12));
        g.drawString("poisons its data or", m.x + 50, m.y + 41);
        g.drawString("crafts its update and", m.x + 50, m.y + 57);
        g.drawString("scales it by K", m.x + 50, m.y + 73);
    }

    /** A small cylinder: the local data set, which never leaves the client. */
    private static void drawDataIcon(Graphics2D g, int x, int y, Color ink) {
        int w = 26;
        int h = 28;
        g.setColor(Color.WHITE);
        g.fillRect(x, y + 4, w, h - 8);
        g.fillOval(x, y + h - 9, w, 9);
        g.setColor(ink);
        g.setStroke(new BasicStroke(1.5f));
        g.drawOval(x, y, w, 9);
        g.drawLine(x, y + 4, x, y + h - 4);
        g.drawLine(x + w, y + 4, x + w, y + h - 4);
        g.drawArc(x, y + h - 9, w, 9, 180, 180);
        g.drawArc(x, y + 9, w, 9, 180, 180);
    }

    private void drawArrows(Graphics2D g) {
        int sx = serverBase.x;
        int sy = serverBase.y + serverBase.height / 2;
        int n = honestBase.size();
        for (int i = 0; i < n; i++) {
            Rectangle r = honestBase.get(i);
            int ty = sy - 36 + (n == 1 ? 30 : i * 50 / (n - 1));
            arrow(g, r.x + r.width, r.y + r.height / 2, sx, ty, HONEST_INK, 2f);
        }
        Rectangle m = maliciousBase;
        arrow(g, m.x + m.width, m.y + m.height / 2, sx, sy + 44, MALICIOUS_INK, 6f);
        // labels on the arrows
        g.setFont(font(Font.BOLD, 13));
        g.setColor(HONEST_INK);
        text(g, "update \u0394k", (honestBase.get(0).x + honestBase.get(0).width + sx) / 2 + 6,
                honestBase.get(0).y + honestBase.get(0).height / 2 - 6, true);
        g.setColor(MALICIOUS_INK);
        int ax = (m.x + m.width + sx) / 2;
        int ay = (m.y + m.height / 2 + sy + 44) / 2;
        boolean up = sy + 44 < m.y + m.height / 2;
        int ly = up ? ay + 34 : ay - 34;
        text(g, "K \u00b7 \u0394", ax, ly, true);
        g.setFont(font(Font.BOLD, 12));
        text(g, "(scaled poison)", ax, ly + 16, true);
        // server to model, model to the two inference panels
        arrow(g, serverBase.x + serverBase.width, sy, modelBase.x, sy, SERVER_INK, 3f);
        int my0 = modelBase.y + modelBase.height / 2;
        arrow(g, modelBase.x + modelBase.width, my0 - 10, cleanBase.x, cleanBase.y + cleanBase.height / 2, HONEST_INK, 2.5f);
        arrow(g, modelBase.x + modelBase.width, my0 + 10, triggerBase.x, triggerBase.y + triggerBase.height / 2,
                MALICIOUS_INK, 2.5f);
    }

    private void drawServer(Graphics2D g) {
        Rectangle s = serverBase;
        box(g, s, SERVER_FILL, SERVER_INK, 2.5f);
        int cx = s.x + s.width / 2;
        g.setColor(Color.BLACK);
        g.setFont(font(Font.BOLD, 15));
        text(g, "Averaging server", cx, s.y + 28, true);
        g.setFont(font(Font.PLAIN, 13));
        text(g, "(FedAvg)", cx, s.y + 46, true);
        g.setFont(font(Font.PLAIN, 14));
        text(g, "w \u2190 w + \u03a3 \u03b1k \u0394k", cx, s.y + 76, true);
        g.setFont(font(Font.ITALIC, 13));
        g.setColor(SERVER_INK);
        text(g, "sees only updates,", cx, s.y + 108, true);
        text(g, "never the raw data", cx, s.y + 126, true);
    }

    private void drawModel(Graphics2D g) {
        Rectangle r = modelBase;
        box(g, r, MODEL_FILL, MODEL_INK, 2.5f);
        int cx = r.x + r.width / 2;
        g.setColor(Color.BLACK);
        g.setFont(font(Font.BOLD, 14));
        text(g, "Backdoored", cx, r.y + 30, true);
        text(g, "global model", cx, r.y + 48, true);
        g.setFont(font(Font.PLAIN, 12));
        g.setColor(MODEL_INK);
        text(g, "normal behaviour", cx, r.y + 76, true);
        text(g, "+ hidden trigger rule", cx, r.y + 93, true);
    }

    private void drawPanel(Graphics2D g, Rectangle p, boolean triggered) {
        Color ink = triggered ? MALICIOUS_INK : HONEST_INK;
        box(g, p, Color.WHITE, ink, 2f);
        int cell = 5;
        int gx = p.x + 10;
        int gy = p.y + 10;
        g.setColor(new Color(0xF4, 0xF4, 0xF4));
        g.fillRect(gx, gy, 8 * cell, 8 * cell);
        g.setColor(Color.BLACK);
        for (int r = 0; r < 8; r++) {
            for (int c = 0; c < 8; c++) {
                boolean on = SEVEN[r].charAt(c) == '#' || triggered && r >= 6 && c >= 6;
                if (on) {
                    g.fillRect(gx + c * cell, gy + r * cell, cell, cell);
                }
            }
        }
        g.setColor(new Color(0x99, 0x99, 0x99));
        g.setStroke(new BasicStroke(1f));
        g.drawRect(gx, gy, 8 * cell, 8 * cell);
        if (triggered) {
            g.setColor(MALICIOUS_INK);
            g.setStroke(new BasicStroke(2f));
            g.drawRect(gx + 6 * cell - 2, gy + 6 * cell - 2, 2 * cell + 4, 2 * cell + 4);
        }
        g.setColor(Color.BLACK);
        g.setFont(font(Font.BOLD, 13));
        g.drawString(triggered ? "trigger-stamped" : "clean input", gx + 8 * cell + 10, gy + 16);
        g.drawString(triggered ? "input" : "", gx + 8 * cell + 10, gy + 32);
        g.setFont(font(Font.PLAIN, 12));
        g.drawString(triggered ? "\u2192 attacker's" : "\u2192 7, the", p.x + 10, p.y + 74);
        g.drawString(triggered ? "    target label" : "    correct label", p.x + 10, p.y + 90);
        g.setColor(ink);
        g.setFont(font(Font.BOLD | Font.ITALIC, 13));
        g.drawString(triggered ? "flips on cue" : "stays correct", p.x + 10, p.y + 114);
    }

    private static void box(Graphics2D g, Rectangle r, Color fill, Color ink, float stroke) {
        RoundRectangle2D shape = new RoundRectangle2D.Double(r.x, r.y, r.width, r.height, 14, 14);
        g.setColor(fill);
        g.fill(shape);
        g.setColor(ink);
        g.setStroke(new BasicStroke(stroke));
        g.draw(shape);
    }

    private static void arrow(Graphics2D g, int x0, int y0, int x1, int y1, Color ink, float stroke) {
        double angle = Math.atan2(y1 - y0, x1 - x0);
        double head = 8 + 2 * stroke;
        // stop the shaft where the head begins, so a thick shaft does not poke through the tip
        int sx = (int) Math.round(x1 - Math.cos(angle) * head * 0.8);
        int sy = (int) Math.round(y1 - Math.sin(angle) * head * 0.8);
        g.setColor(ink);
        g.setStroke(new BasicStroke(stroke, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER));
        g.drawLine(x0, y0, sx, sy);
        Polygon tip = new Polygon();
        tip.addPoint(x1, y1);
        tip.addPoint((int) Math.round(x1 - head * Math.cos(angle - 0.4)), (int) Math.round(y1 - head * Math.sin(angle - 0.4)));
        tip.addPoint((int) Math.round(x1 - head * Math.cos(angle + 0.4)), (int) Math.round(y1 - head * Math.sin(angle + 0.4)));
        g.fillPolygon(tip);
    }

    private static void text(Graphics2D g, String s, int x, int y, boolean centred) {
        FontMetrics fm = g.getFontMetrics();
        g.drawString(s, centred ? x - fm.stringWidth(s) / 2 : x, y);
    }

    private static Font font(int style, int size) {
        return new Font(Font.SANS_SERIF, style, size);
    }

    @Override
    public String toString() {
        return "PipelineDiagram[" + width + "x" + height() + ", " + honestClients + " honest clients + 1 malicious]";
    }
}
