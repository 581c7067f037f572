package org.fedpoison.kernel;

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
final class VerifiedReplyEnvironment extends ShellReplyEnvironment {

    private final WireFrames wire;

    VerifiedReplyEnvironment(ShellChannel shell, StdinChannel stdin, JupyterSocket iopub, MessageContext context,
                             WireFrames wire) {
        super(shell, stdin, iopub, context);
        this.wire = wire;
    }

    /**
     * Sends {@code reply} on the shell socket and then the idle status on iopub. Both are serialized and
     * signed before the first is sent, so nothing but two socket writes stands between them.
     */
    @SuppressWarnings({"rawtypes", "unchecked"})
    void replyThenIdle(ContentType<?> reply) {
        List<byte[]> replyFrames = wire.encode(new Message(getContext(), reply.getType(), reply));
        List<byte[]> idleFrames = wire.encode(new Message<>(getContext(), PublishStatus.MESSAGE_TYPE, PublishStatus.IDLE));
        WireFrames.send(getShell(), replyFrames);
        WireFrames.send(getIopub(), idleFrames);
    }
}
