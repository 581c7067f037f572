package org.fedpoison.kernel.transport;

import org.dflib.jjava.jupyter.channels.JupyterSocket;
import org.dflib.jjava.jupyter.channels.ShellChannel;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.channels.StdinChannel;
import org.dflib.jjava.jupyter.messages.ContentType;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageContext;
import org.dflib.jjava.jupyter.messages.publish.PublishStatus;

import java.util.List;

/**
 * The reply environment of one request, wired to the {@link VerifyingStdinChannel} (jjava-jupyter's
 * connection would wire its own stdin channel), and able to send a reply and the idle status back to back.
 */
public final class VerifiedReplyEnvironment extends ShellReplyEnvironment {

    private final WireFrames wire;

    VerifiedReplyEnvironment(ShellChannel shell, StdinChannel stdin, JupyterSocket iopub, MessageContext context,
                             WireFrames wire) {
        super(shell, stdin, iopub, context);
        this.wire = wire;
    }

    /**
     * Sends the idle status on iopub and then {@code reply} on the shell socket, both serialized and signed
     * before the first is sent, so nothing but two socket writes stands between them. Idle goes first: a
     * client that acts on the reply (jupyter_server deciding whether to nudge a new connection) has then
     * already been sent the idle, on the other socket.
     */
    @SuppressWarnings({"rawtypes", "unchecked"})
    public void idleThenReply(ContentType<?> reply) {
        List<byte[]> replyFrames = wire.encode(new Message(getContext(), reply.getType(), reply));
        List<byte[]> idleFrames = wire.encode(new Message<>(getContext(), PublishStatus.MESSAGE_TYPE, PublishStatus.IDLE));
        WireFrames.send(getIopub(), idleFrames);
        WireFrames.send(getShell(), replyFrames);
    }
}
