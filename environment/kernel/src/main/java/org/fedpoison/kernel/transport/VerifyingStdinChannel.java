package org.fedpoison.kernel.transport;

import org.dflib.jjava.jupyter.channels.StdinChannel;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.messages.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZMQ;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The stdin channel (answers to a cell's request for input), reading only authentic, well-formed
 * messages: anything that fails {@link SignedFrames} or parsing is dropped and logged, and the cell keeps
 * waiting for the real answer. The wait ends early, with an exception in the cell, when the cell is interrupted.
 */
final class VerifyingStdinChannel extends StdinChannel {

    private static final Logger LOG = LoggerFactory.getLogger(VerifyingStdinChannel.class);
    private static final int POLL_MS = 100;

    private final SignedFrames verifier;
    private volatile BooleanSupplier cancelled = () -> false;

    VerifyingStdinChannel(ZMQ.Context ctx, KernelConnectionProperties props, ReplayGuard replays) throws Exception {
        super(ctx, props.createHMACGenerator());
        this.verifier = new SignedFrames(props.getSignatureScheme(), props.getKey(), replays);
        setReceiveTimeOut(POLL_MS);
    }

    void cancelWhen(BooleanSupplier cancelled) {
        this.cancelled = cancelled;
    }

    @Override
    public synchronized Message<?> readMessage() {
        while (true) {
            List<byte[]> frames = new ArrayList<>();
            byte[] first = recv(0);
            if (first == null) {
                if (closed) {
                    throw new IllegalStateException("stdin channel closed");
                }
                if (cancelled.getAsBoolean()) {
                    throw new IllegalStateException("interrupted while waiting for input");
                }
                Thread.interrupted(); // an interrupt that woke the poll: keep waiting unless cancelled
                continue;
            }
            frames.add(first);
            while (hasReceiveMore()) {
                byte[] frame = recv(0);
                if (frame == null) {
                    break;
                }
                frames.add(frame);
            }
            try {
                return VerifyingShellChannel.parse(verifier.verify(frames));
            } catch (SignedFrames.Rejected e) {
                LOG.warn("dropped a message on the stdin channel: {}", e.getMessage());
            } catch (RuntimeException e) {
                LOG.warn("dropped a malformed message on the stdin channel: {}", e.toString());
            }
        }
    }
}
