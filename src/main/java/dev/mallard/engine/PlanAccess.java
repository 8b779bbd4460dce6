package dev.mallard.engine;

import dev.mallard.error.ErrorCode;
import dev.mallard.error.MallardException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Enforces {@link DatabaseAccess} on DuckDB's own bound plan: {@code json_serialize_plan} binds the
 * statement the way running it would (views expanded, {@code query_table()} resolved, unqualified
 * names looked up on the connection's database) and names the catalog of every table it scans or
 * changes. A statement DuckDB cannot plan is refused for a restricted caller: what cannot be checked
 * does not run. A file source's views read files, so their plans cannot be serialised: statements
 * that name them are planned over their shadow tables instead ({@link FileShadows}).
 *
 * <p>DuckDB's catalog functions ({@code duckdb_tables()}, {@code information_schema}, {@code SHOW},
 * {@code DESCRIBE}, pragmas) list every attached database, so a restricted caller cannot use them;
 * Mallard's catalog tools show the same information filtered by grants.
 */
final class PlanAccess {
    /** Plan operators that change the catalog they name. */
    private static final Set<String> WRITES = Set.of("LOGICAL_INSERT", "LOGICAL_UPDATE", "LOGICAL_DELETE",
            "LOGICAL_CREATE_TABLE", "LOGICAL_CREATE_INDEX", "LOGICAL_MERGE_INTO", "LOGICAL_ALTER", "LOGICAL_DROP",
            "LOGICAL_CREATE");
    /** Catalogs every connection has: built-in functions and the connection's own temporary objects. */
    private static final Set<String> ALWAYS_AVAILABLE = Set.of("system", "temp");
    /**
     * Table functions a restricted caller may use: scans of tables (views and query_table() bind to
     * them) and generators that read nothing. Every other table function is refused, so whatever
     * reads files (read_csv, read_parquet, read_text, glob, sniff_csv, replacement scans of paths,
     * and any added in a later DuckDB) fails closed. DuckDB may read one directory besides the
     * databases, the export staging directory, where export_query writes other callers' results.
     * Callers granted every database skip this check: an export holds only rows of databases they
     * can already read, so the staging directory shows them nothing new.
     */
    private static final Set<String> TABLE_FUNCTIONS_WITHOUT_FILES = Set.of("seq_scan", "index_scan", "range",
            "generate_series", "unnest", "json_each", "json_tree", "repeat_row");
    private static final String CATALOG_TOOLS = "use list_databases, list_tables, describe_table or search_catalog, "
            + "which show what you are granted";

    private static final String PLAN_UNOPTIMIZED = "SELECT json_serialize_plan(?::VARCHAR, optimize := false)";

    private PlanAccess() {}

    static void check(EngineConnection connection, String sql, DatabaseAccess access, boolean writes)
            throws SQLException {
        if (access.readsAll() && (!writes || access.writesAll())) {
            return;
        }
        JsonNode plan = connection.shadows().plan(connection, sql, planned -> {
            PreparedStatement statement = connection.planStatement();
            statement.setString(1, planned);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return StatementClassifier.TREES.readTree(rs.getString(1));
            }
        });
        if (plan.path("error").asBoolean(false)) {
            throw refusal(plan);
        }
        JsonTrees.forEachObject(plan, node -> inspect(node, access));
    }

    /**
     * The catalogs a statement's bound plan reads (lower case): every scan names its catalog. Empty
     * when DuckDB cannot plan the statement; nothing is checked, so this is for notices only.
     */
    static Set<String> catalogs(EngineConnection connection, String sql) throws SQLException {
        JsonNode plan = connection.shadows().plan(connection, sql, planned -> {
            PreparedStatement statement = connection.helper(PLAN_UNOPTIMIZED);
            statement.setString(1, planned);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return StatementClassifier.TREES.readTree(rs.getString(1));
            }
        });
        Set<String> catalogs = new java.util.HashSet<>();
        JsonTrees.forEachObject(plan, node -> {
            JsonNode catalog = node.path("catalog");
            if (catalog.isString()) {
                catalogs.add(catalog.stringValue().toLowerCase(Locale.ROOT));
            }
        });
        return catalogs;
    }

    private static void inspect(JsonNode node, DatabaseAccess access) {
        String type = node.path("type").asString("");
        if (type.equals("LOGICAL_CHUNK_GET")) {
            throw notGranted("DESCRIBE and SHOW list every database's objects; " + CATALOG_TOOLS + ".");
        }
        JsonNode qname = node.path("qname").path("path");
        if (qname.isArray() && !qname.isEmpty()) {
            String function = qname.get(qname.size() - 1).asString("").toLowerCase(Locale.ROOT);
            if (function.startsWith("duckdb_") || function.startsWith("pragma_")
                    || function.equals("sql_auto_complete") || function.equals("which_secret")) {
                throw notGranted("DuckDB's catalog functions (" + function + ", information_schema, SHOW) list "
                        + "every database; " + CATALOG_TOOLS + ".");
            }
        }
        if (type.equals("LOGICAL_GET")) {
            String function = qname.isArray() && !qname.isEmpty()
                    ? qname.get(qname.size() - 1).asString("").toLowerCase(Locale.ROOT)
                    : "";
            if (!TABLE_FUNCTIONS_WITHOUT_FILES.contains(function)) {
                throw notGranted("This statement reads files or calls the table function "
                        + (function.isEmpty() ? "of an unnamed scan" : function + "()") + ", which Mallard runs only "
                        + "for callers granted every database. Query the tables of the databases list_databases "
                        + "shows.");
            }
        }
        JsonNode catalog = node.path("catalog");
        JsonNode created = node.path("info").path("qualified_name").path("path");
        if (WRITES.contains(type) && !catalog.isString() && created.isArray() && created.size() == 3) {
            // CREATE TABLE ... AS names its catalog only in the create info's qualified name.
            catalog = created.get(0);
        }
        if (catalog.isString() && !ALWAYS_AVAILABLE.contains(catalog.stringValue().toLowerCase(Locale.ROOT))) {
            String database = catalog.stringValue();
            if (WRITES.contains(type)) {
                if (!access.writable().test(database)) {
                    throw notGranted("This statement changes database '" + database + "', which you may not write "
                            + "to: a source is read-only to everyone (sync_source refreshes it); for a database, ask "
                            + "an administrator for a write grant.");
                }
            } else if (!access.readable().test(database)) {
                throw notGranted("This statement reads database '" + database + "', which is not granted to you. "
                        + "Query only the databases list_databases shows.");
            }
        }
    }

    private static MallardException refusal(JsonNode plan) {
        String message = plan.path("error_message").asString("");
        if (plan.path("error_type").asString("").equals("not implemented")) {
            return notGranted("Mallard checks which databases a statement uses before it runs it for you, and DuckDB "
                    + "cannot plan this kind of statement (" + message + "). Write it as a SELECT, INSERT, UPDATE, "
                    + "DELETE or CREATE TABLE ... AS, or ask an administrator for a grant on every database.");
        }
        // DuckDB's binder suggests similar names from every attached database; those are not the
        // caller's to see.
        int suggestion = message.indexOf("Did you mean");
        String own = suggestion < 0 ? message : message.substring(0, suggestion).strip();
        return new MallardException(ErrorCode.SQL_ERROR, own + (own.endsWith("!") || own.endsWith(".") ? "" : ".")
                + " Call list_tables or search_catalog to find the right name.");
    }

    private static MallardException notGranted(String message) {
        return new MallardException(ErrorCode.NOT_GRANTED, message);
    }
}
