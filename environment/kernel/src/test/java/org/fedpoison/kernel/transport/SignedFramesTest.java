package org.fedpoison.kernel.transport;

import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SignedFramesTest {

    private static final String KEY = "secret-key";
    private final SignedFrames frames = new SignedFrames("hmac-sha256", KEY);

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** HMAC computed independently with the JDK, the way Jupyter's Session signs. */
    private static String hmac(String key, String... parts) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(b(key), "HmacSHA256"));
        for (String p : parts) {
            mac.update(b(p));
        }
        return HexFormat.of().formatHex(mac.doFinal());
    }

    private static List<byte[]> message(String signature, String... parts) {
        List<byte[]> f = new ArrayList<>();
        f.add(b("client-id"));
        f.add(SignedFrames.DELIMITER);
        f.add(b(signature));
        for (String p : parts) {
            f.add(b(p));
        }
        return f;
    }

    @Test
    void acceptsACorrectlySignedMessageAndSplitsIt() throws Exception {
        String[] parts = {"{\"msg_id\":\"1\"}", "{}", "{}", "{\"code\":\"1\"}"};
        SignedFrames.Parts p = frames.verify(message(hmac(KEY, parts), parts));
        assertEquals(1, p.identities().size());
        assertArrayEquals(b("client-id"), p.identities().get(0));
        assertArrayEquals(b(parts[3]), p.content());
        assertTrue(p.buffers().isEmpty());
    }

    @Test
    void upperCaseHexSignatureIsAccepted() throws Exception {
        String[] parts = {"{}", "{}", "{}", "{}"};
        frames.verify(message(hmac(KEY, parts).toUpperCase(), parts));
    }

    @Test
    void buffersAfterContentAreKept() throws Exception {
        String[] parts = {"{}", "{}", "{}", "{}"};
        List<byte[]> m = message(hmac(KEY, parts), parts);
        m.add(b("buffer"));
        assertEquals(1, frames.verify(m).buffers().size());
    }

    @Test
    void wrongKeyIsRejected() throws Exception {
        String[] parts = {"{}", "{}", "{}", "{}"};
        var e = assertThrows(SignedFrames.Rejected.class, () -> frames.verify(message(hmac("other", parts), parts)));
        assertEquals("invalid signature", e.getMessage());
    }

    @Test
    void tamperedContentIsRejected() throws Exception {
        String[] parts = {"{}", "{}", "{}", "{\"code\":\"1\"}"};
        String sig = hmac(KEY, parts);
        parts[3] = "{\"code\":\"2\"}";
        assertThrows(SignedFrames.Rejected.class, () -> frames.verify(message(sig, parts)));
    }

    @Test
    void missingSignatureIsRejected() {
        var e = assertThrows(SignedFrames.Rejected.class, () -> frames.verify(message("", "{}", "{}", "{}", "{}")));
        assertEquals("missing signature", e.getMessage());
    }

    @Test
    void malformedMessagesAreRejected() {
        assertThrows(SignedFrames.Rejected.class, () -> frames.verify(List.of(b("junk"))));
        assertThrows(SignedFrames.Rejected.class, () -> frames.verify(List.of()));
        assertThrows(SignedFrames.Rejected.class, () -> frames.verify(List.of(SignedFrames.DELIMITER)));
        assertThrows(SignedFrames.Rejected.class, () -> frames.verify(message("ab", "{}", "{}")));
    }

    @Test
    void emptyKeyMeansNoAuthentication() throws Exception {
        SignedFrames open = new SignedFrames("hmac-sha256", "");
        open.verify(message("", "{}", "{}", "{}", "{}"));
    }

    @Test
    void unsupportedSchemeIsRefusedAtConstruction() {
        var e = assertThrows(IllegalArgumentException.class, () -> new SignedFrames("rsa", "k"));
        assertTrue(e.getMessage().contains("rsa"));
    }

    @Test
    void signMatchesAnIndependentHmac() throws Exception {
        assertEquals(hmac(KEY, "a", "b"), frames.sign(b("a"), b("b")));
    }
}
