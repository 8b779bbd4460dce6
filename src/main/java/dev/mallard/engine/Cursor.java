package dev.mallard.engine;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Where a page starts: a snapshot and a row in it. Agents see it as an opaque token; the snapshot's
 * id is 128 random bits, so a token cannot be guessed.
 *
 * @param snapshotId the snapshot's random id
 * @param offset the index, in the whole result, of the page's first row
 */
record Cursor(String snapshotId, long offset) {
    private static final int ID_BYTES = 16;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    static String newSnapshotId() {
        byte[] id = new byte[ID_BYTES];
        RANDOM.nextBytes(id);
        return HexFormat.of().formatHex(id);
    }

    String token() {
        ByteBuffer buffer = ByteBuffer.allocate(ID_BYTES + Long.BYTES);
        buffer.put(HexFormat.of().parseHex(snapshotId)).putLong(offset);
        return ENCODER.encodeToString(buffer.array());
    }

    /** The cursor a token stands for; empty when the text is no token Mallard made. */
    static Optional<Cursor> parse(String token) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(token.strip());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (bytes.length != ID_BYTES + Long.BYTES) {
            return Optional.empty();
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        byte[] id = new byte[ID_BYTES];
        buffer.get(id);
        long offset = buffer.getLong();
        return offset < 0 ? Optional.empty() : Optional.of(new Cursor(HexFormat.of().formatHex(id), offset));
    }
}
