package org.fedpoison.kernel;

import org.dflib.jjava.jupyter.channels.IOPubChannel;
import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.channels.ShellChannel;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.messages.MessageContext;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.publish.PublishStatus;
import org.zeromq.ZMQ;

/**
 * jjava-jupyter's connection with the shell and control channels replaced by {@link VerifyingShellChannel}s
 * and the stdin channel by a {@link VerifyingStdinChannel}.
 *
 * <p>Every socket binds to {@code transport://ip:port} exactly as written in the connection file (never a
 * wildcard the file did not ask for). The heartbeat is jjava-jupyter's own (it only echoes bytes). The iopub
 * socket is jjava-jupyter's class but lives in this connection's ZeroMQ context, beside the shell socket:
 * one I/O thread then writes a reply and the status that follows it, in order and without a second thread
 * to wake in between (jjava-jupyter's own iopub socket, in its own context, stays unbound).
 */
final class VerifyingConnection extends JupyterConnection {

    private final KernelConnectionProperties props;
    private final ZMQ.Context ctx;
    private final VerifyingShellChannel verifiedShell;
    private final VerifyingShellChannel verifiedControl;
    private final VerifyingStdinChannel verifiedStdin;
    private final IOPubChannel sharedIopub;
    private final WireFrames wire;
    private volatile boolean connected;
    private volatile boolean closed;

    VerifyingConnection(KernelConnectionProperties props) throws Exception {
        super(props);
        this.props = props;
        this.ctx = ZMQ.context(1);
        this.verifiedShell = new VerifyingShellChannel(ctx, props, false, this);
        this.verifiedControl = new VerifyingShellChannel(ctx, props, true, this);
        this.verifiedStdin = new VerifyingStdinChannel(ctx, props);
        this.sharedIopub = new IOPubChannel(ctx, props.createHMACGenerator());
        this.wire = new WireFrames(new SignedFrames(props.getSignatureScheme(), props.getKey()));
    }

    /**
     * Serializes and signs {@code reply} and a status message once, before the sockets are bound, so the
     * first real exchange does not pay for loading and compiling that path.
     */
    @SuppressWarnings({"rawtypes", "unchecked"})
    void warmUp(org.dflib.jjava.jupyter.messages.ContentType<?> reply) {
        wire.encode(new Message(null, reply.getType(), reply));
        wire.encode(new Message<>(null, PublishStatus.MESSAGE_TYPE, PublishStatus.IDLE));
    }

    @Override
    public IOPubChannel getIOPub() {
        return sharedIopub;
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
