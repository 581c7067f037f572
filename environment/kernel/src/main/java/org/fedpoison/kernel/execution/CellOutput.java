package org.fedpoison.kernel.execution;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A cell's {@code System.out} and {@code System.err}, coalesced into few stream messages.
 *
 * <p>Text is buffered and handed to the sink every {@code flushMillis}, when a buffer reaches
 * {@code flushBytes}, when the other stream is written to (so stdout and stderr keep their order), before any
 * other message of the cell is sent ({@link #flush()}, called by the iopub channel), and when the cell ends
 * ({@link #close()}). One message per {@code println} (a loop of 100,000 lines gave ~98,000 messages) is more
 * than the iopub socket and the notebook's rate limit keep. Past {@code maxBytes} per cell, text is counted
 * but not sent, and {@link #close()} sends a note with the number of lines and bytes left out.
 */
public final class CellOutput {

    /** Where coalesced text goes: one stream message. */
    public interface Sink {
        void send(boolean stderr, String text);
    }

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fedpoison-output-flush");
        t.setDaemon(true);
        return t;
    });

    private final Sink sink;
    private final long maxBytes;
    private final int flushBytes;
    private final Buffer out = new Buffer(false);
    private final Buffer err = new Buffer(true);
    private final PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
    private final PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
    private final ScheduledFuture<?> ticker;
    private long accepted;
    private long nextOrder;
    private long droppedBytes;
    private long droppedLines;
    private boolean closed;

    /**
     * @param sink        receives the coalesced text
     * @param maxBytes    the most bytes of output a cell sends; must be positive
     * @param flushMillis the longest text waits before it is sent; must be positive
     * @param flushBytes  the buffer size that triggers a send; must be positive
     */
    public CellOutput(Sink sink, long maxBytes, long flushMillis, int flushBytes) {
        if (maxBytes <= 0 || flushMillis <= 0 || flushBytes <= 0) {
            throw new IllegalArgumentException("maxBytes, flushMillis and flushBytes must be positive, got "
                    + maxBytes + ", " + flushMillis + ", " + flushBytes);
        }
        this.sink = sink;
        this.maxBytes = maxBytes;
        this.flushBytes = flushBytes;
        this.ticker = TIMER.scheduleWithFixedDelay(this::flush, flushMillis, flushMillis, TimeUnit.MILLISECONDS);
    }

    public PrintStream out() {
        return outStream;
    }

    public PrintStream err() {
        return errStream;
    }

    /** Sends what is buffered now, stdout and stderr in the order they were written. */
    public synchronized void flush() {
        Buffer first = out.firstWrite <= err.firstWrite ? out : err;
        first.drain();
        (first == out ? err : out).drain();
    }

    /** Sends the rest, and the truncation note if any text was left out; later writes are dropped. */
    public synchronized void close() {
        if (closed) {
            return;
        }
        out.finish();
        err.finish();
        flush();
        closed = true;
        ticker.cancel(false);
        if (droppedBytes > 0) {
            sink.send(true, "\n[output truncated: " + droppedLines + " more lines (" + droppedBytes
                    + " bytes) not shown; a cell shows at most " + maxBytes
                    + " bytes (setting FEDPOISON_MAX_OUTPUT_BYTES)]\n");
        }
    }

    /** Bytes of text written, sent or not. */
    public synchronized long totalBytes() {
        return accepted + droppedBytes;
    }

    private synchronized void write(Buffer to, byte[] b, int off, int len) {
        if (closed || len == 0) {
            return;
        }
        Buffer other = to == out ? err : out;
        if (other.size > 0) {
            other.drain(); // keep the order of stdout and stderr
        }
        long room = maxBytes - accepted;
        int keep = (int) Math.max(0, Math.min(len, room));
        if (keep < len) {
            // cut at a line end where possible, so the note counts whole lines
            for (int i = off + keep; i < off + len; i++) {
                if (b[i] == '\n') {
                    droppedLines++;
                }
            }
            if (droppedBytes == 0 && b[off + len - 1] != '\n') {
                droppedLines++;
            }
            droppedBytes += len - keep;
        }
        if (keep > 0) {
            accepted += keep;
            to.append(b, off, keep);
            if (to.size >= flushBytes) {
                to.drain();
            }
        }
    }

    /** One stream's buffer: bytes, decoded to text only at whole characters. */
    private final class Buffer extends OutputStream {
        private final boolean stderr;
        private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
        private byte[] bytes = new byte[8192];
        private int size;
        private long firstWrite = Long.MAX_VALUE;

        Buffer(boolean stderr) {
            this.stderr = stderr;
        }

        @Override
        public void write(int b) {
            CellOutput.this.write(this, new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            CellOutput.this.write(this, b, off, len);
        }

        void append(byte[] b, int off, int len) {
            if (size == 0) {
                firstWrite = nextOrder++; // which stream has the older pending text
            }
            if (size + len > bytes.length) {
                bytes = java.util.Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + len));
            }
            System.arraycopy(b, off, bytes, size, len);
            size += len;
        }

        /** Sends the whole characters buffered; an incomplete UTF-8 sequence at the end waits for its rest. */
        void drain() {
            if (size == 0) {
                return;
            }
            ByteBuffer in = ByteBuffer.wrap(bytes, 0, size);
            CharBuffer chars = CharBuffer.allocate(size);
            decoder.decode(in, chars, false);
            int left = in.remaining();
            System.arraycopy(bytes, in.position(), bytes, 0, left);
            size = left;
            firstWrite = size == 0 ? Long.MAX_VALUE : firstWrite;
            if (bytes.length > (1 << 20) && size < 8192) {
                bytes = java.util.Arrays.copyOf(bytes, 8192); // do not keep a large buffer between bursts
            }
            chars.flip();
            if (chars.hasRemaining()) {
                sink.send(stderr, chars.toString());
            }
        }

        /** At the end of the cell, an incomplete sequence is sent as a replacement character. */
        void finish() {
            if (size > 0) {
                ByteBuffer in = ByteBuffer.wrap(bytes, 0, size);
                CharBuffer chars = CharBuffer.allocate(size + 1);
                decoder.decode(in, chars, true);
                decoder.flush(chars);
                decoder.reset();
                size = 0;
                firstWrite = Long.MAX_VALUE;
                chars.flip();
                if (chars.hasRemaining()) {
                    sink.send(stderr, chars.toString());
                }
            }
        }
    }
}
