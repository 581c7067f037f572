package org.fedpoison.notebook;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.fedpoison.core.Dataset;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A row-wrapped grid of small grey-scale images with a caption under each (a cell is as wide as
 * the image or its widest caption, the image centred in it), for looking at the
 * examples an attack produces (a clean digit beside its trigger-stamped or feature-collision
 * twin). Pixel value {@code v} in [0, 1] is drawn as grey level {@code round(255 (1 - v))}: ink
 * (1) is black, background (0) white, as the digits are written. Values outside [0, 1] are clipped.
 *
 * <p>Settings: {@code scale}, screen pixels per image pixel, in [1, 64]; {@code columns} per row,
 * at least 1; captions, one per image (may be empty strings). Each image must have
 * {@code height * width} values. The input arrays are not modified.
 */
public final class ImageGrid {
    /** Grey between cells and around the grid. */
    public static final Color BACKGROUND = new Color(0xEE, 0xEE, 0xEE);
    /** Blank space between cells, in screen pixels. */
    public static final int GAP = 8;
    /** Height of the caption strip under each cell, in screen pixels. */
    public static final int CAPTION_HEIGHT = 18;

    private ImageGrid() {}

    /**
     * Draws {@code images} (each {@code height * width} values, row-major) in a grid.
     *
     * @throws IllegalArgumentException naming the bad setting or the image whose size is wrong
     */
    public static BufferedImage of(List<double[]> images, int height, int width, List<String> captions, int scale,
                                   int columns) {
        if (images == null || images.isEmpty()) {
            throw new IllegalArgumentException("images is " + (images == null ? "null" : "empty") + ", needs at least 1 image");
        }
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("image shape is " + height + "x" + width + ", both must be >= 1");
        }
        if (scale < 1 || scale > 64) {
            throw new IllegalArgumentException("scale is " + scale + ", must be in [1, 64]");
        }
        if (columns < 1) {
            throw new IllegalArgumentException("columns is " + columns + ", must be >= 1");
        }
        if (captions == null || captions.size() != images.size()) {
            throw new IllegalArgumentException("captions has " + (captions == null ? "no" : captions.size())
                    + " entries for " + images.size() + " images, needs one per image");
        }
        for (int k = 0; k < images.size(); k++) {
            if (images.get(k) == null || images.get(k).length != height * width) {
                throw new IllegalArgumentException("image " + k + " has " + (images.get(k) == null ? "no" : images.get(k).length)
                        + " values, a " + height + "x" + width + " image needs " + height * width);
            }
        }
        int cols = Math.min(columns, images.size());
        int rows = (images.size() + cols - 1) / cols;
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
        int cellW = Math.max(width * scale, widestCaption(captions, font) + 4);
        int cellH = height * scale + CAPTION_HEIGHT;
        BufferedImage img = new BufferedImage(GAP + cols * (cellW + GAP), GAP + rows * (cellH + GAP), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setColor(BACKGROUND);
            g.fillRect(0, 0, img.getWidth(), img.getHeight());
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(font);
            FontMetrics fm = g.getFontMetrics();
            for (int k = 0; k < images.size(); k++) {
                int cx = GAP + (k % cols) * (cellW + GAP);
                int x0 = cx + (cellW - width * scale) / 2;
                int y0 = GAP + (k / cols) * (cellH + GAP);
                double[] px = images.get(k);
                for (int r = 0; r < height; r++) {
                    for (int c = 0; c < width; c++) {
                        g.setColor(grey(px[r * width + c]));
                        g.fillRect(x0 + c * scale, y0 + r * scale, scale, scale);
                    }
                }
                String caption = captions.get(k) == null ? "" : captions.get(k);
                g.setColor(Color.BLACK);
                g.drawString(caption, cx + (cellW - fm.stringWidth(caption)) / 2, y0 + height * scale + fm.getAscent() + 2);
            }
        } finally {
            g.dispose();
        }
        return img;
    }

    /** The examples of {@code data} at {@code rows}, captioned with {@code captions}, at {@code scale}, in one row per {@code columns}. */
    public static BufferedImage of(Dataset data, int[] rows, List<String> captions, int scale, int columns) {
        if (data == null || !data.isImage()) {
            throw new IllegalArgumentException("data must be an image dataset (with an image shape), got " + data);
        }
        List<double[]> images = new ArrayList<>(rows.length);
        for (int r : rows) {
            if (r < 0 || r >= data.size()) {
                throw new IllegalArgumentException("row " + r + " is out of range [0, " + data.size() + ")");
            }
            images.add(data.features().getRow(r).castTo(DataType.DOUBLE).toDoubleVector());
        }
        int[] shape = data.imageShape();
        return of(images, shape[0], shape[1], captions, scale, columns);
    }

    /** Width in pixels of the widest caption in {@code font} (0 if all are empty). */
    private static int widestCaption(List<String> captions, Font font) {
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scratch.createGraphics();
        try {
            FontMetrics fm = g.getFontMetrics(font);
            int widest = 0;
            for (String c : captions) {
                if (c != null && !c.isEmpty()) {
                    widest = Math.max(widest, fm.stringWidth(c));
                }
            }
            return widest;
        } finally {
            g.dispose();
        }
    }

    /** The grey level of pixel value {@code v} (clipped to [0, 1]): 0 white, 1 black. */
    public static Color grey(double v) {
        double clipped = Double.isNaN(v) ? 0 : Math.max(0, Math.min(1, v));
        int level = (int) Math.round(255 * (1 - clipped));
        return new Color(level, level, level);
    }
}
