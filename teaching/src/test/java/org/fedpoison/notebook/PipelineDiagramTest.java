package org.fedpoison.notebook;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PipelineDiagramTest {

    /** Share of the pixels inside {@code r} that have exactly colour {@code c}. */
    private static double share(BufferedImage img, Rectangle r, Color c) {
        int hits = 0;
        int total = 0;
        for (int y = r.y; y < r.y + r.height; y++) {
            for (int x = r.x; x < r.x + r.width; x++) {
                total++;
                if ((img.getRGB(x, y) & 0xFFFFFF) == (c.getRGB() & 0xFFFFFF)) {
                    hits++;
                }
            }
        }
        return (double) hits / total;
    }

    @Test
    void theDefaultDiagramHasTheDocumentedSizeAndIsNotBlank() {
        PipelineDiagram d = new PipelineDiagram();
        BufferedImage img = d.render();
        assertEquals(PipelineDiagram.DEFAULT_WIDTH, img.getWidth());
        assertEquals(d.height(), img.getHeight());
        assertEquals(3, d.honestBoxes().size());
        double white = share(img, new Rectangle(0, 0, img.getWidth(), img.getHeight()), Color.WHITE);
        assertTrue(white < 0.9, "only " + (1 - white) + " of the image is drawn on");
    }

    @Test
    void eachBoxIsMostlyFilledWithItsRolesColour() {
        PipelineDiagram d = new PipelineDiagram();
        BufferedImage img = d.render();
        for (Rectangle r : d.honestBoxes()) {
            assertTrue(share(img, r, PipelineDiagram.HONEST_FILL) > 0.5, "honest box " + r);
            assertEquals(0.0, share(img, r, PipelineDiagram.MALICIOUS_FILL), "honest box " + r + " has red fill");
        }
        assertTrue(share(img, d.maliciousBox(), PipelineDiagram.MALICIOUS_FILL) > 0.5);
        assertEquals(0.0, share(img, d.maliciousBox(), PipelineDiagram.HONEST_FILL));
        assertTrue(share(img, d.serverBox(), PipelineDiagram.SERVER_FILL) > 0.5);
        assertTrue(share(img, d.modelBox(), PipelineDiagram.MODEL_FILL) > 0.5);
    }

    @ParameterizedTest
    @CsvSource({"480, 1", "700, 2", "960, 3", "1200, 4", "1200, 5"})
    void theBoxesLieInsideTheImageAndDoNotOverlap(int width, int honest) {
        PipelineDiagram d = new PipelineDiagram(width, honest);
        List<Rectangle> boxes = new ArrayList<>(d.honestBoxes());
        boxes.addAll(List.of(d.maliciousBox(), d.serverBox(), d.modelBox(), d.cleanPanel(), d.triggerPanel()));
        Rectangle image = new Rectangle(0, 0, d.width(), d.height());
        for (int i = 0; i < boxes.size(); i++) {
            assertTrue(image.contains(boxes.get(i)), boxes.get(i) + " outside " + image);
            for (int j = i + 1; j < boxes.size(); j++) {
                assertFalse(boxes.get(i).intersects(boxes.get(j)), boxes.get(i) + " overlaps " + boxes.get(j));
            }
        }
    }

    @Test
    void theDataFlowsLeftToRight() {
        PipelineDiagram d = new PipelineDiagram();
        Rectangle m = d.maliciousBox();
        Rectangle s = d.serverBox();
        assertTrue(m.x + m.width < s.x);
        assertTrue(s.x + s.width < d.modelBox().x);
        assertTrue(d.modelBox().x + d.modelBox().width < d.cleanPanel().x);
        assertTrue(d.cleanPanel().y + d.cleanPanel().height < d.triggerPanel().y, "clean panel above triggered one");
    }

    @Test
    void theMaliciousArrowIsRedBetweenClientAndServer() {
        PipelineDiagram d = new PipelineDiagram();
        BufferedImage img = d.render();
        Rectangle m = d.maliciousBox();
        Rectangle s = d.serverBox();
        Rectangle gap = new Rectangle(m.x + m.width + 1, Math.min(m.y, s.y), s.x - m.x - m.width - 2,
                Math.max(m.y + m.height, s.y + s.height) - Math.min(m.y, s.y));
        assertTrue(share(img, gap, PipelineDiagram.MALICIOUS_INK) > 0.001, "no red arrow in " + gap);
    }

    @Test
    void moreHonestClientsMakeATallerImageWithTheSameWidth() {
        PipelineDiagram two = new PipelineDiagram(800, 2);
        PipelineDiagram five = new PipelineDiagram(800, 5);
        assertEquals(800, five.render().getWidth());
        assertTrue(five.height() > two.height());
        assertEquals(five.height(), five.render().getHeight());
    }

    @Test
    void drawingIsDeterministic() {
        BufferedImage a = PipelineDiagram.draw();
        BufferedImage b = PipelineDiagram.draw();
        assertArrayEquals(a.getRGB(0, 0, a.getWidth(), a.getHeight(), null, 0, a.getWidth()),
                b.getRGB(0, 0, b.getWidth(), b.getHeight(), null, 0, b.getWidth()));
    }

    @ParameterizedTest
    @CsvSource({"479, 3, width", "4001, 3, width", "960, 0, honestClients", "960, 6, honestClients"})
    void badSettingsAreRejectedByName(int width, int honest, String setting) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PipelineDiagram(width, honest));
        assertTrue(e.getMessage().startsWith(setting + " is "), e.getMessage());
    }
}
