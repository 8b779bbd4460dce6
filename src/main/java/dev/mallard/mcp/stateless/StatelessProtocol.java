package dev.mallard.mcp.stateless;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Names and codes of MCP 2026-07-28 (basic/index, basic/transports/streamable-http, basic/versioning). */
public final class StatelessProtocol {
    public static final String VERSION = "2026-07-28";
    /** Every version this server speaks; the earlier ones only in a session opened with initialize. */
    public static final List<String> ALL_VERSIONS = List.of(VERSION, "2025-11-25", "2025-06-18", "2025-03-26");

    public static final String META = "_meta";
    public static final String PROTOCOL_VERSION = "io.modelcontextprotocol/protocolVersion";
    public static final String CLIENT_INFO = "io.modelcontextprotocol/clientInfo";
    public static final String CLIENT_CAPABILITIES = "io.modelcontextprotocol/clientCapabilities";
    public static final String SERVER_INFO = "io.modelcontextprotocol/serverInfo";

    public static final String HEADER_PROTOCOL_VERSION = "MCP-Protocol-Version";
    public static final String HEADER_METHOD = "Mcp-Method";
    public static final String HEADER_NAME = "Mcp-Name";

    public static final int METHOD_NOT_FOUND = -32601;
    public static final int INVALID_PARAMS = -32602;
    public static final int HEADER_MISMATCH = -32020;
    public static final int MISSING_CLIENT_CAPABILITY = -32021;
    public static final int UNSUPPORTED_PROTOCOL_VERSION = -32022;

    /** A protocol version; compiled once, as this is asked of every request (String.matches compiles each time). */
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern STRICT_BASE64 = Pattern.compile("(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?");

    public static final String COMPLETE = "complete";
    public static final String INPUT_REQUIRED = "input_required";

    private StatelessProtocol() {}

    /**
     * Whether a request belongs to the stateless era: its {@code _meta} names a protocol version, or
     * its MCP-Protocol-Version header names one that has no session. Anything else (initialize, a
     * request in a session) keeps the 2025 semantics.
     */
    public static boolean isStateless(Object params, String versionHeader) {
        if (params instanceof Map<?, ?> map && map.get(META) instanceof Map<?, ?> meta
                && meta.containsKey(PROTOCOL_VERSION)) {
            return true;
        }
        if (versionHeader == null) {
            return false;
        }
        String version = versionHeader.strip();
        return DATE.matcher(version).matches() && version.compareTo(VERSION) >= 0;
    }

    /**
     * A header value as the client meant it: {@code =?base64?...?=} is the sentinel encoding of
     * values that are not plain ASCII (streamable-http, "Value Encoding"); null if it is not strict,
     * padded Base64 (the decoder alone would accept a missing padding).
     */
    public static String decodeHeader(String value) {
        if (value == null || !value.startsWith("=?base64?") || !value.endsWith("?=") || value.length() < 11) {
            return value;
        }
        if (!STRICT_BASE64.matcher(value.substring(9, value.length() - 2)).matches()) {
            return null;
        }
        try {
            return new String(Base64.getDecoder().decode(value.substring(9, value.length() - 2)),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static Map<String, Object> stringKeys(Map<?, ?> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((key, value) -> copy.put(String.valueOf(key), value));
        return copy;
    }
}
