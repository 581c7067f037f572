package org.fedpoison.kernel.transport;

import org.dflib.jjava.jupyter.channels.IOPubChannel;
import org.dflib.jjava.jupyter.messages.HMACGenerator;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.publish.PublishStream;
import org.zeromq.ZMQ;

/**
 * The iopub socket, which runs a hook before every message that is not a stream message: the running cell
 * flushes its buffered output there, so text printed before a {@code display()}, a result or an error arrives
 * before it. Its send queue is unbounded (ZeroMQ's default high-water mark of 1,000 messages drops the rest).
 */
public final class OrderedIopubChannel extends IOPubChannel {

    private volatile Runnable beforeOther;

    OrderedIopubChannel(ZMQ.Context ctx, HMACGenerator hmac) {
        super(ctx, hmac);
        setSndHWM(0);
    }

    /** Sets (or clears, with null) what runs before each non-stream message. */
    public void beforeOtherMessages(Runnable hook) {
        this.beforeOther = hook;
    }

    @Override
    public void sendMessage(Message<?> message) {
        Runnable hook = beforeOther;
        if (hook != null && message.getHeader().getType() != PublishStream.MESSAGE_TYPE) {
            hook.run(); // outside this socket's lock: the hook itself sends stream messages
        }
        super.sendMessage(message);
    }
}
