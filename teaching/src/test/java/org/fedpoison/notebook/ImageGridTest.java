package org.fedpoison.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;
import org.fedpoison.core.Dataset;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class ImageGridTest {

    // 3x3 images: a diagonal and its mirror
    private static final double[] DIAG = {1, 0, 0, 0, 1, 0, 0, 0, 1};
    private static final double[] ANTI = {0, 0, 1, 0, 1, 0, 1, 0, 0};

    private static int rgb(BufferedImage img, int x, int y) {
        return img.getRGB(x, y) & 0xFFFFFF;
    }

    @Test
    void inkIsBlackAndBackgroundWhiteAtThePixelsOfTheImage() {
        int s = 4;
        BufferedImage img = ImageGrid.of(List.of(DIAG), 3, 3, List.of(""), s, 1);
        int g = ImageGrid.GAP;
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                int expected = DIAG[r * 3 + c] == 1 ? 0x000000 : 0xFFFFFF;
                // every screen pixel of the image pixel has its colour
                for (int dy = 0; dy < s; dy++) {
                    for (int dx = 0; dx < s; dx++) {
                        assertEquals(expected, rgb(img, g + c * s + dx, g + r * s + dy), "pixel " + r + "," + c);
                    }
                }
            }
        }
    }

    @Test
    void imagesWrapIntoRowsOfTheRequestedColumns() {
        int s = 2;
        BufferedImage img = ImageGrid.of(List.of(DIAG, ANTI, DIAG), 3, 3, List.of("", "", ""), s, 2);
        int cellW = 3 * s;
        int cellH = 3 * s + ImageGrid.CAPTION_HEIGHT;
        assertEquals(ImageGrid.GAP + 2 * (cellW + ImageGrid.GAP), img.getWidth());
        assertEquals(ImageGrid.GAP + 2 * (cellH + ImageGrid.GAP), img.getHeight());
        int g = ImageGrid.GAP;
        // second image (top right): its top-right pixel is ink, its top-left background
        int x1 = g + cellW + g;
        assertEquals(0x000000, rgb(img, x1 + 2 * s, g));
        assertEquals(0xFFFFFF, rgb(img, x1, g));
        // third image starts the second row
        int y2 = g + cellH + g;
        assertEquals(0x000000, rgb(img, g, y2));
    }

    @Test
    void aLongCaptionWidensEveryCellAndTheImageStaysCentred() {
        int s = 2;
        BufferedImage bare = ImageGrid.of(List.of(DIAG, ANTI), 3, 3, List.of("", ""), s, 2);
        BufferedImage captioned = ImageGrid.of(List.of(DIAG, ANTI), 3, 3, List.of("a rather long caption", ""), s, 2);
        assertTrue(captioned.getWidth() > bare.getWidth() + 2 * 50, "cells did not widen: " + captioned.getWidth());
        int cellW = (captioned.getWidth() - ImageGrid.GAP) / 2 - ImageGrid.GAP;
        int x0 = ImageGrid.GAP + (cellW - 3 * s) / 2;
        // the diagonal's top-left pixel is ink, the pixel left of the image is background grey
        assertEquals(0x000000, rgb(captioned, x0, ImageGrid.GAP));
        assertEquals(ImageGrid.BACKGROUND.getRGB() & 0xFFFFFF, rgb(captioned, x0 - 1, ImageGrid.GAP));
    }

    @Test
    void greyLevelsAreLinearAndClipped() {
        assertEquals(new Color(255, 255, 255), ImageGrid.grey(0));
        assertEquals(new Color(0, 0, 0), ImageGrid.grey(1));
        assertEquals(new Color(128, 128, 128), ImageGrid.grey(0.5 - 0.5 / 255));
        assertEquals(ImageGrid.grey(1), ImageGrid.grey(3.5));
        assertEquals(ImageGrid.grey(0), ImageGrid.grey(-2));
    }

    @Test
    void aDatasetsRowsAreDrawnInTheOrderAsked() {
        float[] flat = new float[18];
        for (int j = 0; j < 9; j++) {
            flat[j] = (float) DIAG[j];
            flat[9 + j] = (float) ANTI[j];
        }
        Dataset data = new Dataset(Nd4j.create(flat, new long[] {2, 9}, 'c'), new int[] {0, 1}, 2, new int[] {3, 3}, null);
        BufferedImage viaData = ImageGrid.of(data, new int[] {1, 0}, List.of("x", "y"), 3, 2);
        BufferedImage direct = ImageGrid.of(List.of(ANTI, DIAG), 3, 3, List.of("x", "y"), 3, 2);
        assertEquals(direct.getWidth(), viaData.getWidth());
        for (int y = 0; y < direct.getHeight(); y++) {
            for (int x = 0; x < direct.getWidth(); x++) {
                assertEquals(rgb(direct, x, y), rgb(viaData, x, y), "at " + x + "," + y);
            }
        }
    }

    @Test
    void badInputsAreRejectedByName() {
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> ImageGrid.of(List.of(DIAG), 3, 3, List.of(""), 0, 1)).getMessage().startsWith("scale is 0"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> ImageGrid.of(List.of(DIAG), 3, 3, List.of(""), 2, 0)).getMessage().startsWith("columns is 0"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> ImageGrid.of(List.of(DIAG), 3, 3, List.of(), 2, 1)).getMessage().startsWith("captions has 0"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> ImageGrid.of(List.of(DIAG, new double[4]), 3, 3, List.of("", ""), 2, 1)).getMessage()
                .startsWith("image 1 has 4 values"));
    }
}
