package org.fedpoison.kernel.transport;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Checks the frames of one incoming Jupyter wire message before anything parses or runs it.
 *
 * <p>Rule: a message is {@code [identities..., "<IDS|MSG>", signature, header, parent_header, metadata,
 * content, buffers...]}; it is accepted only if the delimiter is present, the four JSON frames follow it,
 * and {@code signature == hex(HMAC(key, header || parent_header || metadata || content))}, compared in
 * constant time, and its signature has not been seen before ({@link ReplayGuard}). With an empty key (Jupyter's
 * "no authentication", which the kernel accepts only when told to) the signature is not checked. Anything else
 * is rejected with a reason that can be logged; the frames themselves are never echoed.
 */
final class SignedFrames {

    static final byte[] DELIMITER = "<IDS|MSG>".getBytes(StandardCharsets.US_ASCII);

    private final String algorithm;
    private final byte[] key;
    private final ReplayGuard replays;

    /**
     * @param scheme the connection file's {@code signature_scheme}, e.g. {@code hmac-sha256}
     * @param key    the connection file's key; empty means no authentication
     */
    SignedFrames(String scheme, String key) {
        this(scheme, key, new ReplayGuard(ReplayGuard.DEFAULT_CAPACITY));
    }

    /**
     * @param replays the memory of accepted signatures, shared by every channel of one connection
     */
    SignedFrames(String scheme, String key, ReplayGuard replays) {
        this.replays = replays;
        String s = scheme == null || scheme.isEmpty() ? "hmac-sha256" : scheme.toLowerCase(Locale.ROOT);
        if (!s.startsWith("hmac-")) {
            throw new IllegalArgumentException("signature_scheme '" + scheme + "' is not supported; expected hmac-sha256");
        }
        this.algorithm = "Hmac" + s.substring("hmac-".length()).toUpperCase(Locale.ROOT);
        this.key = key == null ? new byte[0] : key.getBytes(StandardCharsets.UTF_8);
        if (this.key.length > 0) {
            newMac(); // fail at start-up, not on the first message, if the JDK lacks the algorithm
        }
    }

    /** The frames of an accepted message, split into their parts (arrays are not copied). */
    record Parts(List<byte[]> identities, byte[] header, byte[] parent, byte[] metadata, byte[] content,
                 List<byte[]> buffers) {
    }

    /** Thrown for a message that must be dropped; the message says why. */
    static final class Rejected extends Exception {
        Rejected(String reason) {
            super(reason, null, false, false);
        }
    }

    /**
     * Splits and authenticates one multipart message.
     *
     * @param frames every frame of the message, in order
     * @return the parts of an authentic, well-formed message
     * @throws Rejected if the message is malformed or its signature is missing or wrong
     */
    Parts verify(List<byte[]> frames) throws Rejected {
        int delimiter = -1;
        for (int i = 0; i < frames.size(); i++) {
            if (Arrays.equals(DELIMITER, frames.get(i))) {
                delimiter = i;
                break;
            }
        }
        if (delimiter < 0) {
            throw new Rejected("no <IDS|MSG> delimiter among " + frames.size() + " frames");
        }
        if (frames.size() < delimiter + 6) {
            throw new Rejected("expected signature, header, parent_header, metadata and content after the delimiter, got "
                    + (frames.size() - delimiter - 1) + " frames");
        }
        byte[] signature = frames.get(delimiter + 1);
        byte[] header = frames.get(delimiter + 2);
        byte[] parent = frames.get(delimiter + 3);
        byte[] metadata = frames.get(delimiter + 4);
        byte[] content = frames.get(delimiter + 5);
        if (key.length > 0) {
            if (signature.length == 0) {
                throw new Rejected("missing signature");
            }
            byte[] expected = sign(header, parent, metadata, content).getBytes(StandardCharsets.US_ASCII);
            byte[] given = new String(signature, StandardCharsets.US_ASCII).toLowerCase(Locale.ROOT)
                    .getBytes(StandardCharsets.US_ASCII);
            if (!MessageDigest.isEqual(expected, given)) {
                throw new Rejected("invalid signature");
            }
            if (!replays.firstTime(given)) {
                throw new Rejected("replayed signature (this exact message was received before)");
            }
        }
        return new Parts(List.copyOf(frames.subList(0, delimiter)), header, parent, metadata, content,
                List.copyOf(frames.subList(delimiter + 6, frames.size())));
    }

    /** The lower-case hex HMAC of the given frames, as Jupyter writes it. */
    String sign(byte[]... parts) {
        Mac mac = newMac();
        for (byte[] p : parts) {
            mac.update(p);
        }
        byte[] digest = mac.doFinal();
        StringBuilder hex = new StringBuilder(digest.length * 2);
        for (byte b : digest) {
            hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return hex.toString();
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, algorithm));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("signature algorithm " + algorithm + " unavailable: " + e.getMessage(), e);
        }
    }
}
