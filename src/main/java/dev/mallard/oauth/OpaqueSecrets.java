package dev.mallard.oauth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The random credentials the authorization server hands out (codes, refresh tokens, client secrets,
 * browser session ids) and the SHA-256 hashes they are stored as. With 256 random bits a fast hash
 * is enough: nobody can guess their way back from the hash.
 */
final class OpaqueSecrets {
    private static final SecureRandom RANDOM = new SecureRandom();

    private OpaqueSecrets() {}

    /** 256 random bits, base64url without padding (43 characters). */
    static String create() {
        return random(32);
    }

    /** A shorter random identifier (128 bits) for ids that are not secrets: grant ids, token ids. */
    static String id() {
        return random(16);
    }

    static String hash(String secret) {
        return HexFormat.of().formatHex(sha256(secret));
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** Compares two strings in time that does not depend on where they differ. */
    static boolean equal(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static String random(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
    }
}
