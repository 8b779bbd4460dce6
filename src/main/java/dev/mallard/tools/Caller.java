package dev.mallard.tools;

import dev.mallard.auth.Principal;

/**
 * Who is calling a tool.
 *
 * @param principal the authenticated identity ({@link Principal#LOCAL} when the server has no authentication)
 * @param clientName the MCP client's name as it introduced itself (untrusted, for the audit log)
 * @param sessionId the MCP session, when the transport has one
 */
public record Caller(Principal principal, String clientName, String clientVersion, String sessionId) {
    /** The user's name, as pending mutations and the audit log record it. */
    public String user() {
        return principal.name();
    }
}
