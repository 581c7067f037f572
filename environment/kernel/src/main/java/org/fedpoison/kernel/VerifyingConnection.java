package org.fedpoison.kernel;

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
 * wildcard the file did not ask for). Heartbeat and iopub are jjava-jupyter's own: the heartbeat only
 * echoes bytes and iopub only sends.
 */
final class VerifyingConnection extends JupyterConnection {

    private final KernelConnectionProperties props;
    private final ZMQ.Context ctx;
    private final VerifyingShellChannel verifiedShell;
    private final VerifyingShellChannel verifiedControl;
    private final VerifyingStdinChannel verifiedStdin;
    private volatile boolean connected;
    private volatile boolean closed;

    VerifyingConnection(KernelConnectionProperties props) throws Exception {
        super(props);
        this.props = props;
        this.ctx = ZMQ.context(1);
        this.verifiedShell = new VerifyingShellChannel(ctx, props, false, this);
        this.verifiedControl = new VerifyingShellChannel(ctx, props, true, this);
        this.verifiedStdin = new VerifyingStdinChannel(ctx, props);
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
        iopub.bind(props);
        iopub.sendMessage(new Message<>(null, PublishStatus.MESSAGE_TYPE, PublishStatus.STARTING));
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
        ctx.close();
        super.close();
    }

    @Override
    public ShellReplyEnvironment prepareReplyEnv(ShellChannel shell, MessageContext context) {
        return new VerifiedReplyEnvironment(shell, verifiedStdin, iopub, context);
    }

    @Override
    public void waitUntilClose() {
        verifiedShell.waitUntilClose();
        verifiedControl.waitUntilClose();
        super.waitUntilClose();
    }
}
