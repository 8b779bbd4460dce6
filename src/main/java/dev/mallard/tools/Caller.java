package dev.mallard.tools;

import dev.mallard.auth.Access;
import dev.mallard.auth.DatabaseGrants;
import dev.mallard.auth.Principal;
import dev.mallard.catalog.CatalogService;
import dev.mallard.engine.DatabaseAccess;

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

    /** The catalog as this caller may see it: only the databases it is granted. */
    public CatalogService catalog(CatalogService catalog) {
        DatabaseGrants grants = principal.grants();
        return grants.coversAll() ? catalog : catalog.visibleTo(grants::canRead);
    }

    /** What the engine lets this caller's statements read and write. */
    public DatabaseAccess access() {
        DatabaseGrants grants = principal.grants();
        boolean writesAll = grants.access(DatabaseGrants.ALL_DATABASES).filter(a -> a == Access.WRITE).isPresent();
        return new DatabaseAccess(grants::canRead, database -> grants.allows(database, Access.WRITE),
                grants.coversAll(), writesAll);
    }

    /** Whether the caller may change the database. */
    public boolean canWrite(String database) {
        return principal.grants().allows(database, Access.WRITE);
    }
}
