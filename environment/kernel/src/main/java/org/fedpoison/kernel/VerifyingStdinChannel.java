package org.fedpoison.kernel;

import org.dflib.jjava.jupyter.channels.StdinChannel;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.messages.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZMQ;

import java.util.ArrayList;
import java.util.List;

/**
 * The stdin channel (answers to a cell's request for input), reading only authentic, well-formed
 * messages: anything that fails {@link SignedFrames} or parsing is dropped and logged, and the cell keeps
 * waiting for the real answer.
 */
final class VerifyingStdinChannel extends StdinChannel {

    private static final Logger LOG = LoggerFactory.getLogger(VerifyingStdinChannel.class);

    private final SignedFrames verifier;

    VerifyingStdinChannel(ZMQ.Context ctx, KernelConnectionProperties props) throws Exception {
        super(ctx, props.createHMACGenerator());
        this.verifier = new SignedFrames(props.getSignatureScheme(), props.getKey());
    }

    @Override
    public synchronized Message<?> readMessage() {
        while (true) {
            List<byte[]> frames = new ArrayList<>();
            do {
                byte[] frame = recv(0);
                if (frame == null) {
                    throw new IllegalStateException("stdin channel closed");
                }
                frames.add(frame);
            } while (hasReceiveMore());
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
