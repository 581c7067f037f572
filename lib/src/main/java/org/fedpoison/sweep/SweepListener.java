package org.fedpoison.sweep;

/**
 * Told how a sweep is going, always on the thread that called {@link Sweep#run}, in the order the
 * runs finish (so a notebook may update a display from it). {@link SweepProgress} is the one that
 * shows it.
 */
public interface SweepListener {
    /** The sweep starts: {@code total} runs, of which {@code alreadyDone} were read from the runs file. */
    default void started(int total, int alreadyDone) {}

    /** A run finished (successfully or with its error recorded). */
    void finished(RunResult result);

    /** Every run has finished. */
    default void ended() {}

    /** A listener that listens to nothing. */
    static SweepListener none() {
        return r -> {};
    }
}
