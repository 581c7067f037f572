package org.fedpoison.kernel.transport;

import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.channels.ShellChannel;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.messages.ContentType;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageContext;
import org.dflib.jjava.jupyter.messages.publish.PublishStatus;
import org.zeromq.ZMQ;

import java.util.function.BooleanSupplier;

/**
 * jjava-jupyter's connection with the shell and control channels replaced by {@link VerifyingShellChannel}s,
 * the stdin channel by a {@link VerifyingStdinChannel} and iopub by an {@link OrderedIopubChannel}.
 *
 * <p>Every socket binds to {@code transport://ip:port} exactly as written in the connection file (never a
 * wildcard the file did not ask for). The heartbeat is jjava-jupyter's own (it only echoes bytes). The iopub
 * socket lives in this connection's ZeroMQ context, beside the shell socket: one I/O thread then writes a reply
 * and the status that follows it, in order and without a second thread to wake in between (jjava-jupyter's own
 * iopub socket, in its own context, stays unbound). One {@link ReplayGuard} serves the three verifying channels.
 */
public final class VerifyingConnection extends JupyterConnection {

    private final KernelConnectionProperties props;
    private final ZMQ.Context ctx;
    private final VerifyingShellChannel verifiedShell;
    private final VerifyingShellChannel verifiedControl;
    private final VerifyingStdinChannel verifiedStdin;
    private final OrderedIopubChannel sharedIopub;
    private final WireFrames wire;
    private volatile boolean connected;
    private volatile boolean closed;

    /**
     * @param props           the connection file
     * @param maxMessageBytes the largest request accepted; a larger one gets an error reply and is not parsed
     */
    public VerifyingConnection(KernelConnectionProperties props, long maxMessageBytes) throws Exception {
        super(props);
        this.props = props;
        this.ctx = ZMQ.context(1);
        ReplayGuard replays = new ReplayGuard(ReplayGuard.DEFAULT_CAPACITY);
        this.wire = new WireFrames(new SignedFrames(props.getSignatureScheme(), props.getKey()));
        this.sharedIopub = new OrderedIopubChannel(ctx, props.createHMACGenerator());
        this.verifiedShell = new VerifyingShellChannel(ctx, props, false, this, replays, wire, maxMessageBytes);
        this.verifiedControl = new VerifyingShellChannel(ctx, props, true, this, replays, wire, maxMessageBytes);
        this.verifiedStdin = new VerifyingStdinChannel(ctx, props, replays);
    }

    @Override
    public OrderedIopubChannel getIOPub() {
        return sharedIopub;
    }

    /** Lets a cell's wait for input end when {@code cancelled} turns true (an interrupt). */
    public void cancelInputWhen(BooleanSupplier cancelled) {
        verifiedStdin.cancelWhen(cancelled);
    }

    /**
     * Serializes and signs {@code reply} and a status message once, before the sockets are bound, so the
     * first real exchange does not pay for loading and compiling that path.
     */
    @SuppressWarnings({"rawtypes", "unchecked"})
    public void warmUp(ContentType<?> reply) {
        wire.encode(new Message(null, reply.getType(), reply));
        wire.encode(new Message<>(null, PublishStatus.MESSAGE_TYPE, PublishStatus.IDLE));
    }

    @Override
    public synchronized void connect() {
        if (connected) {
            return;
        }
        heartbeat.bind(props);
        verifiedShell.bind(props);
        verifiedControl.bind(props);
        verifiedStdin.bind(props);
        sharedIopub.bind(props);
        sharedIopub.sendMessage(new Message<>(null, PublishStatus.MESSAGE_TYPE, PublishStatus.STARTING));
        connected = true;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        verifiedShell.close();
        verifiedControl.close();
        verifiedStdin.close();
        sharedIopub.close();
        ctx.close();
        super.close();
    }

    @Override
    public ShellReplyEnvironment prepareReplyEnv(ShellChannel shell, MessageContext context) {
        return new VerifiedReplyEnvironment(shell, verifiedStdin, sharedIopub, context, wire);
    }

    @Override
    public void waitUntilClose() {
        verifiedShell.waitUntilClose();
        verifiedControl.waitUntilClose();
        super.waitUntilClose();
    }
}
