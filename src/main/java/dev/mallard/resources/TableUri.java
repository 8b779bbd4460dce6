package dev.mallard.resources;

import dev.mallard.catalog.TableInfo;
import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The address of a table or view as a resource: {@code mallard://{database}/{schema}/{table}}, each
 * part percent-encoded as an RFC 6570 simple expansion encodes it, so any name fits.
 */
public record TableUri(String database, String schema, String table) {
    public static final String SCHEME = "mallard://";
    public static final String TEMPLATE = SCHEME + "{database}/{schema}/{table}";
    /** The template's arguments, in the order they appear. */
    public static final List<String> ARGUMENTS = List.of("database", "schema", "table");

    public static TableUri of(TableInfo table) {
        return new TableUri(table.database(), table.schema(), table.name());
    }

    /** The parts of a {@code mallard://} address, or empty when it does not have exactly three. */
    public static Optional<TableUri> parse(String uri) {
        if (uri == null || !uri.startsWith(SCHEME)) {
            return Optional.empty();
        }
        String[] parts = uri.substring(SCHEME.length()).split("/", -1);
        if (parts.length != 3 || List.of(parts).stream().anyMatch(String::isEmpty)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new TableUri(decode(parts[0]), decode(parts[1]), decode(parts[2])));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public String uri() {
        return SCHEME + encode(database) + "/" + encode(schema) + "/" + encode(table);
    }

    private static String encode(String part) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte b : part.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                out.write(c);
            } else {
                out.writeBytes(String.format("%%%02X", b & 0xff).getBytes(StandardCharsets.US_ASCII));
            }
        }
        return out.toString(StandardCharsets.US_ASCII);
    }

    private static String decode(String part) {
        // A literal '+' is itself, not a space as in form encoding.
        return URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
