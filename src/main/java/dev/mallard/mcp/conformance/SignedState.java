package dev.mallard.mcp.conformance;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code requestState} of the round-trip fixtures: the text it carries and an HMAC over it, so
 * that a state the client changed is refused (basic/patterns/mrtr, "Server Requirements").
 */
final class SignedState {
    private static final String ALGORITHM = "HmacSHA256";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final byte[] key = new byte[32];

    SignedState() {
        new SecureRandom().nextBytes(key);
    }

    String sign(String text) {
        return ENCODER.encodeToString(text.getBytes(StandardCharsets.UTF_8)) + "." + ENCODER.encodeToString(mac(text));
    }

    /** The text of a state this server signed, or empty when it was changed or is not a state at all. */
    Optional<String> verify(Object state) {
        if (!(state instanceof String signed) || signed.indexOf('.') < 0) {
            return Optional.empty();
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(signed.substring(0, signed.indexOf('.'))),
                    StandardCharsets.UTF_8);
            byte[] mac = Base64.getUrlDecoder().decode(signed.substring(signed.indexOf('.') + 1));
            return MessageDigest.isEqual(mac, mac(text)) ? Optional.of(text) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private byte[] mac(String text) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
