package org.fedpoison.kernel.transport;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Iterator;

/**
 * Remembers the signatures of the last {@code capacity} accepted messages, so a signed message that arrives a
 * second time (captured and sent again) is refused, as jupyter_client's {@code Session} refuses it. A genuine
 * client never repeats a signature: every header carries a fresh {@code msg_id} and date.
 */
final class ReplayGuard {

    /** jupyter_client's {@code digest_history_size}. */
    static final int DEFAULT_CAPACITY = 1 << 16;

    private final int capacity;
    private final LinkedHashSet<String> seen = new LinkedHashSet<>();

    ReplayGuard(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("replay memory must hold at least 1 signature, got " + capacity);
        }
        this.capacity = capacity;
    }

    /** True the first time {@code signature} is seen, false for a replay. */
    synchronized boolean firstTime(byte[] signature) {
        String s = new String(signature, StandardCharsets.US_ASCII).toLowerCase(java.util.Locale.ROOT);
        if (!seen.add(s)) {
            return false;
        }
        if (seen.size() > capacity) {
            Iterator<String> oldest = seen.iterator();
            oldest.next();
            oldest.remove();
        }
        return true;
    }
}
