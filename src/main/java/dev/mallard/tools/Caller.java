package dev.mallard.tools;

/**
 * Who is calling a tool.
 *
 * @param principal the authenticated identity, or {@code local} when the server has no authentication
 * @param clientName the MCP client's name as it introduced itself (untrusted, for the audit log)
 * @param sessionId the MCP session, when the transport has one
 */
public record Caller(String principal, String clientName, String clientVersion, String sessionId) {
    public static final String LOCAL = "local";
}
