package org.fedpoison.notebook;

/**
 * A one-line text progress bar for long notebook runs, shown with the kernel's
 * {@code display}/{@code updateDisplay}: {@code String id = display(bar.at(0, "")); ...
 * updateDisplay(id, bar.at(done, detail));}.
 *
 * <p>{@code at(done, detail)} reads {@code "label [#####.....] done/total detail"}: the bar has
 * {@code width} cells of which {@code floor(width * done / total)} are {@code '#'} and the rest
 * {@code '.'}; the detail is appended after one space when it is not empty. The text depends only
 * on its arguments, so the final state a notebook shows is the same on every run.
 *
 * @param label what is running, e.g. {@code "slow injection"}
 * @param total the number of steps, {@code >= 1}
 * @param width the number of cells of the bar, {@code >= 1}
 */
public record RoundBar(String label, int total, int width) {

    /** Validates the settings. */
    public RoundBar {
        if (label == null) {
            throw new IllegalArgumentException("label is null; give a short description of the run");
        }
        if (total < 1) {
            throw new IllegalArgumentException("total is " + total + "; need at least 1 step");
        }
        if (width < 1) {
            throw new IllegalArgumentException("width is " + width + "; need at least 1 cell");
        }
    }

    /** A bar of 30 cells. */
    public static RoundBar of(String label, int total) {
        return new RoundBar(label, total, 30);
    }

    /**
     * The bar after {@code done} of {@code total} steps.
     *
     * @param done   completed steps, in {@code [0, total]}
     * @param detail extra text after the count (may be empty, not null)
     * @throws IllegalArgumentException if {@code done} is outside {@code [0, total]} or {@code detail} is null
     */
    public String at(int done, String detail) {
        if (done < 0 || done > total) {
            throw new IllegalArgumentException("done is " + done + "; allowed 0.." + total);
        }
        if (detail == null) {
            throw new IllegalArgumentException("detail is null; pass \"\" for none");
        }
        int filled = (int) ((long) width * done / total);
        StringBuilder sb = new StringBuilder(label.length() + width + 24 + detail.length());
        sb.append(label).append(" [");
        sb.append("#".repeat(filled)).append(".".repeat(width - filled));
        sb.append("] ").append(done).append('/').append(total);
        if (!detail.isEmpty()) {
            sb.append(' ').append(detail);
        }
        return sb.toString();
    }
}
