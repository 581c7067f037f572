package org.fedpoison.kernel;

import org.dflib.jjava.jupyter.channels.JupyterSocket;
import org.dflib.jjava.jupyter.channels.ShellChannel;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.channels.StdinChannel;
import org.dflib.jjava.jupyter.messages.MessageContext;

/**
 * The reply environment of one request, wired to the {@link VerifyingStdinChannel} (jjava-jupyter's
 * connection would wire its own stdin channel).
 */
final class VerifiedReplyEnvironment extends ShellReplyEnvironment {

    VerifiedReplyEnvironment(ShellChannel shell, StdinChannel stdin, JupyterSocket iopub, MessageContext context) {
        super(shell, stdin, iopub, context);
    }
}
