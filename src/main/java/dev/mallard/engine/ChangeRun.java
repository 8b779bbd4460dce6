package dev.mallard.engine;

import dev.mallard.engine.values.ColumnEncoder;
import dev.mallard.engine.values.ColumnEncoders;
import dev.mallard.error.ErrorCode;
import dev.mallard.error.MallardException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Runs SQL that changes data in one DuckDB transaction, statement by statement. DuckDB's planner
 * names each statement's operation; transaction control is refused (the run is the transaction).
 *
 * <p>A preview runs the statements and rolls back. Before a statement first touches a table,
 * the table's rows are fingerprinted (rowid and hash per row); after the last statement the
 * fingerprints show which rows were inserted, updated or deleted, and the changed rows are read as
 * they are after the change; after the rollback, as they were before. An apply commits, and first
 * checks that what a preview saw still holds: the same tables, unchanged, and the same row counts
 * per statement.
 */
final class ChangeRun {
    enum Mode {
        PREVIEW,
        APPLY
    }

    static final int SAMPLES_PER_CHANGE = 5;
    /** Statements EXPLAIN cannot describe that take no expressions, so nothing in them can act elsewhere. */
    private static final Set<String> UNEXPLAINABLE_BUT_CONTAINED = Set.of("COMMENT", "TRUNCATE");
    private static final int RETURNED_ROWS = 20;

    private final EngineConnection connection;
    private final ResultReader reader;
    private final int maxChars;
    private final Mode mode;
    private final DatabaseAccess access;
    private final Map<String, TableRef> touched = new LinkedHashMap<>();
    private final Map<String, String> fingerprints = new LinkedHashMap<>();
    private final Map<String, String> snapshots = new LinkedHashMap<>();
    private final List<ChangeReport.StatementResult> results = new ArrayList<>();

    ChangeRun(EngineConnection connection, ResultReader reader, int maxChars, Mode mode, DatabaseAccess access) {
        this.connection = connection;
        this.access = access;
        this.reader = reader;
        this.maxChars = maxChars;
        this.mode = mode;
    }

    ChangeReport run(List<ChangeRequest> requests) throws SQLException {
        Connection jdbc = connection.jdbc();
        connection.execute("BEGIN TRANSACTION");
        boolean open = true;
        try {
            SchemaState schemaBefore = mode == Mode.PREVIEW ? SchemaState.read(jdbc) : null;
            for (ChangeRequest request : requests) {
                int first = results.size();
                List<String> statements = SqlLexer.statements(request.sql());
                if (statements.isEmpty()) {
                    throw MallardException.invalidArgument("The SQL holds no statement.");
                }
                boolean fingerprint = mode == Mode.PREVIEW || request.expectation() != null;
                for (String statement : statements) {
                    runStatement(statement, fingerprint);
                }
                if (request.expectation() != null) {
                    verify(request.expectation(), results.subList(first, results.size()));
                }
            }
            if (mode == Mode.APPLY) {
                connection.execute("COMMIT");
                open = false;
                return new ChangeReport(results, List.of(), List.of(), Map.copyOf(fingerprints));
            }
            List<Diff> diffs = diffs(jdbc, schemaBefore);
            List<ChangeReport.SchemaChange> schema = schemaBefore.changesTo(SchemaState.read(jdbc), jdbc);
            connection.rollback();
            open = false;
            List<ChangeReport.TableDiff> tables = new ArrayList<>();
            for (Diff diff : diffs) {
                tables.add(diff.withBefore(beforeImages(jdbc, diff)));
            }
            return new ChangeReport(results, tables, schema, Map.copyOf(fingerprints));
        } finally {
            if (open) {
                connection.rollback();
            }
        }
    }

    private void runStatement(String sql, boolean fingerprint) throws SQLException {
        StatementPlan plan;
        try (Statement statement = connection.jdbc().createStatement()) {
            plan = StatementPlan.of(statement, sql);
        }
        refuseWhatEscapes(sql, plan);
        PlanAccess.check(connection, sql, access, true);
        refuseUnwritableTarget(sql);
        PiiMasking.refuseIfReads(connection, sql, access.pii());
        if (fingerprint) {
            for (TableRef table : tablesOf(sql, plan)) {
                if (!fingerprints.containsKey(table.display())) {
                    remember(table);
                }
            }
        }
        long start = System.nanoTime();
        try (PreparedStatement statement = connection.jdbc().prepareStatement(sql)) {
            Long rowsAffected = null;
            QueryResult returned = null;
            if (statement.execute()) {
                try (ResultSet rs = statement.getResultSet()) {
                    returned = reader.read(rs, RETURNED_ROWS, maxChars, start);
                }
                if (returned.totalRows().isPresent() && plan.known() && !plan.operator().equals("EXPLAIN")) {
                    rowsAffected = returned.totalRows().getAsLong();
                }
            } else {
                long count = statement.getLargeUpdateCount();
                rowsAffected = count >= 0 ? count : null;
            }
            results.add(new ChangeReport.StatementResult(results.size() + 1, sql, plan.label(sql), rowsAffected,
                    returned));
        }
    }

    /**
     * DuckDB's serialised plan names no catalog for the target of an INSERT or DELETE, so for a caller
     * that may not write everywhere (and while sources, read-only to all, are served) the target is
     * resolved by name and checked.
     */
    private void refuseUnwritableTarget(String sql) throws SQLException {
        if (access.writesAll()) {
            return;
        }
        Optional<List<String>> target = SqlLexer.writeTarget(sql);
        if (target.isPresent()) {
            Optional<TableRef> table = resolve(target.get());
            if (table.isPresent() && !access.writable().test(table.get().database())) {
                throw new MallardException(ErrorCode.NOT_GRANTED, "This statement changes database '"
                        + table.get().database() + "', which you may not write to: a source is read-only to everyone "
                        + "(sync_source refreshes it); for a database, ask an administrator for a write grant.");
            }
        }
    }

    /**
     * Refuses statements whose effects the run could not contain: transaction control (the run is
     * the transaction), functions that work on a connection of their own, the listing of other
     * callers' prepared statements, and statements DuckDB's planner cannot describe beforehand, except
     * COMMENT ON and TRUNCATE, which have no expressions.
     */
    private static void refuseWhatEscapes(String sql, StatementPlan plan) {
        if (plan.isTransactionControl()) {
            throw MallardException.invalidArgument("query_rw runs all statements of a call in one transaction of its "
                    + "own, committed only when every statement succeeds; leave out BEGIN, COMMIT and ROLLBACK. "
                    + "Nothing was changed.");
        }
        if (plan.writesFile()) {
            throw new MallardException(ErrorCode.READ_ONLY, "query_rw does not write files (COPY ... TO): DuckDB here "
                    + "writes only the served databases. To get a query's result as a file, use export_query. "
                    + "Nothing was changed.");
        }
        Optional<String> escaping = plan.outsideTransaction();
        if (escaping.isPresent()) {
            throw new MallardException(ErrorCode.READ_ONLY, "query_rw does not run " + escaping.get() + "(): "
                    + OutsideTransaction.FUNCTIONS.get(escaping.get()) + ". Nothing was changed.");
        }
        // Also by name anywhere in the text: the plan of CREATE VIEW or CREATE MACRO does not show
        // the body, and a view over the function would list prepared statements to whoever reads it.
        if (plan.listsKeptStatements()
                || sql.toLowerCase(Locale.ROOT).contains(EngineConnection.LISTS_KEPT_STATEMENTS)) {
            throw MallardException.invalidArgument("query_rw does not run " + EngineConnection.LISTS_KEPT_STATEMENTS
                    + "(): " + EngineConnection.KEPT_STATEMENTS_PRIVATE + ". Nothing was changed.");
        }
        if (!plan.known() && !UNEXPLAINABLE_BUT_CONTAINED.contains(SqlLexer.firstWord(sql))) {
            throw new MallardException(ErrorCode.SQL_ERROR, "DuckDB could not describe this statement before running "
                    + "it (" + plan.error() + "). query_rw runs only statements DuckDB's planner can describe, and "
                    + "COMMENT ON and TRUNCATE. Nothing was changed.");
        }
    }

    /** The tables a statement writes (as written after INSERT INTO, UPDATE, ...) and those its plan scans. */
    private Set<TableRef> tablesOf(String sql, StatementPlan plan) throws SQLException {
        Set<TableRef> tables = new LinkedHashSet<>();
        Optional<List<String>> target = SqlLexer.writeTarget(sql);
        if (target.isPresent()) {
            resolve(target.get()).ifPresent(tables::add);
        }
        if (!plan.scannedTables().isEmpty()) {
            for (TableRef table : tables()) {
                if (plan.scannedTables().contains(table.database() + "." + table.schema() + "." + table.name())) {
                    tables.add(table);
                }
            }
        }
        return tables;
    }

    /** Fingerprints a table before the change first touches it; a preview also keeps its row hashes. */
    private void remember(TableRef table) throws SQLException {
        touched.put(table.display(), table);
        if (mode == Mode.PREVIEW) {
            String snapshot = "temp.main.mallard_snapshot_" + (snapshots.size() + 1);
            connection.execute("CREATE TEMP TABLE " + snapshot + " AS SELECT rowid AS mallard_rowid, hash(x) AS "
                    + "mallard_hash FROM " + table.sql() + " AS x");
            snapshots.put(table.display(), snapshot);
            fingerprints.put(table.display(), fingerprint("SELECT count(*), coalesce(sum(mallard_hash), 0) FROM "
                    + snapshot));
        } else {
            fingerprints.put(table.display(), fingerprint("SELECT count(*), coalesce(sum(hash(x)), 0) FROM "
                    + table.sql() + " AS x"));
        }
    }

    private String fingerprint(String sql) throws SQLException {
        try (Statement statement = connection.jdbc().createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1) + ":" + rs.getString(2);
        }
    }

    private void verify(ChangeRequest.Expectation expected, List<ChangeReport.StatementResult> actual) {
        if (expected.rowsAffected().size() != actual.size()) {
            throw dataChanged("the SQL now splits into " + actual.size() + " statements instead of "
                    + expected.rowsAffected().size());
        }
        for (Map.Entry<String, String> table : expected.fingerprints().entrySet()) {
            if (!table.getValue().equals(fingerprints.get(table.getKey()))) {
                throw dataChanged("table " + table.getKey() + " changed since the preview");
            }
        }
        for (int i = 0; i < actual.size(); i++) {
            Long before = expected.rowsAffected().get(i);
            Long now = actual.get(i).rowsAffected();
            if (!Objects.equals(before, now)) {
                throw dataChanged("statement " + (i + 1) + " (" + actual.get(i).kind() + ") would now change "
                        + now + " rows instead of " + before);
            }
        }
    }

    private static MallardException dataChanged(String reason) {
        return new MallardException(ErrorCode.DATA_CHANGED, reason);
    }

    /**
     * A table's row changes as seen inside the transaction: counts, and sample rows after the change
     * (keyed by rowid for updates) and the rowids of sample deletes.
     */
    private record Diff(TableRef table, List<String> columns, long inserted, long updated, long deleted,
            Map<Long, List<Object>> updatedAfter, List<List<Object>> insertedAfter, List<Long> deletedRowIds) {
        List<Long> rowIdsToReadBefore() {
            List<Long> ids = new ArrayList<>(updatedAfter.keySet());
            ids.addAll(deletedRowIds);
            return ids;
        }

        ChangeReport.TableDiff withBefore(Map<Long, List<Object>> before) {
            List<ChangeReport.RowChange> samples = new ArrayList<>();
            updatedAfter.forEach((rowId, after) -> samples.add(new ChangeReport.RowChange("update", before.get(rowId),
                    after)));
            insertedAfter.forEach(after -> samples.add(new ChangeReport.RowChange("insert", null, after)));
            deletedRowIds.forEach(rowId -> samples.add(new ChangeReport.RowChange("delete", before.get(rowId), null)));
            return new ChangeReport.TableDiff(table.display(), columns, inserted, updated, deleted, samples);
        }
    }

    private List<Diff> diffs(Connection jdbc, SchemaState schemaBefore) throws SQLException {
        SchemaState now = SchemaState.read(jdbc);
        List<Diff> diffs = new ArrayList<>();
        for (Map.Entry<String, String> snapshot : snapshots.entrySet()) {
            TableRef table = touched.get(snapshot.getKey());
            SchemaState.Relation before = schemaBefore.relation(table);
            SchemaState.Relation after = now.relation(table);
            if (before == null || after == null || !before.columns().equals(after.columns())) {
                continue; // created, dropped or altered: the schema changes tell
            }
            Diff diff = diff(jdbc, table, snapshot.getValue());
            if (diff.inserted() + diff.updated() + diff.deleted() > 0) {
                diffs.add(diff);
            }
        }
        return diffs;
    }

    /**
     * Compares the table with its snapshot in one pass (a full outer join on rowid, hashes compared),
     * keeping only the changed rowids; counts and samples then read that small set.
     */
    private Diff diff(Connection jdbc, TableRef table, String snapshot) throws SQLException {
        String changes = snapshot + "_changes";
        try (Statement statement = jdbc.createStatement()) {
            statement.execute("CREATE TEMP TABLE " + changes + " AS SELECT coalesce(s.mallard_rowid, x.r) AS r, "
                    + "CASE WHEN s.mallard_rowid IS NULL THEN 'insert' WHEN x.r IS NULL THEN 'delete' ELSE 'update' "
                    + "END AS change FROM " + snapshot + " AS s FULL OUTER JOIN (SELECT rowid AS r, hash(t) AS h FROM "
                    + table.sql() + " AS t) AS x ON s.mallard_rowid = x.r "
                    + "WHERE s.mallard_rowid IS NULL OR x.r IS NULL OR s.mallard_hash <> x.h");
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Statement statement = jdbc.createStatement();
                ResultSet rs = statement.executeQuery("SELECT change, count(*) FROM " + changes + " GROUP BY change")) {
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getLong(2));
            }
        }
        Rows updatedRows = rows(jdbc, "SELECT x.rowid AS mallard_rowid, x.* FROM " + table.sql() + " AS x WHERE "
                + "x.rowid IN (" + sampleOf(changes, "update") + ") ORDER BY 1");
        Rows insertedRows = rows(jdbc, "SELECT x.rowid AS mallard_rowid, x.* FROM " + table.sql() + " AS x WHERE "
                + "x.rowid IN (" + sampleOf(changes, "insert") + ") ORDER BY 1");
        List<Long> deletedRowIds = new ArrayList<>();
        try (Statement statement = jdbc.createStatement();
                ResultSet rs = statement.executeQuery(sampleOf(changes, "delete"))) {
            while (rs.next()) {
                deletedRowIds.add(rs.getLong(1));
            }
        }
        return new Diff(table, updatedRows.columns(), counts.getOrDefault("insert", 0L),
                counts.getOrDefault("update", 0L), counts.getOrDefault("delete", 0L), updatedRows.rows(),
                List.copyOf(insertedRows.rows().values()), deletedRowIds);
    }

    /** The first rowids of one kind of change, the sample shown for it. */
    private static String sampleOf(String changes, String change) {
        return "SELECT r FROM " + changes + " WHERE change = '" + change + "' ORDER BY r LIMIT " + SAMPLES_PER_CHANGE;
    }

    /** After the rollback: the changed and deleted rows as they were before the change. */
    private Map<Long, List<Object>> beforeImages(Connection jdbc, Diff diff) throws SQLException {
        if (diff.rowIdsToReadBefore().isEmpty()) {
            return Map.of();
        }
        String ids = diff.rowIdsToReadBefore().stream().map(String::valueOf).collect(Collectors.joining(", "));
        Rows rows = rows(jdbc, "SELECT rowid AS mallard_rowid, * FROM " + diff.table().sql() + " WHERE rowid IN ("
                + ids + ")");
        return rows.rows();
    }

    private record Rows(List<String> columns, Map<Long, List<Object>> rows) {}

    /** Reads rows whose first column is the rowid, keyed by it, values as JSON-ready values. */
    private static Rows rows(Connection jdbc, String sql) throws SQLException {
        try (Statement statement = jdbc.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            List<String> columns = new ArrayList<>();
            ColumnEncoder[] encoders = new ColumnEncoder[meta.getColumnCount() - 1];
            for (int i = 2; i <= meta.getColumnCount(); i++) {
                columns.add(meta.getColumnLabel(i));
                encoders[i - 2] = ColumnEncoders.forType(meta.getColumnTypeName(i));
            }
            Map<Long, List<Object>> rows = new LinkedHashMap<>();
            while (rs.next()) {
                Object[] values = new Object[encoders.length];
                for (int i = 0; i < encoders.length; i++) {
                    values[i] = encoders[i].encode(rs, i + 2);
                }
                rows.put(rs.getLong(1), Arrays.asList(values));
            }
            return new Rows(columns, rows);
        }
    }

    /** Finds the table a name written in SQL refers to, the way DuckDB resolves it from the current database. */
    private Optional<TableRef> resolve(List<String> parts) throws SQLException {
        String current = currentDatabase();
        List<TableRef> candidates = tables();
        return switch (parts.size()) {
            case 1 -> find(candidates, current, "main", parts.get(0));
            case 2 -> find(candidates, current, parts.get(0), parts.get(1))
                    .or(() -> find(candidates, parts.get(0), "main", parts.get(1)));
            default -> find(candidates, parts.get(0), parts.get(1), parts.get(2));
        };
    }

    private static Optional<TableRef> find(List<TableRef> tables, String database, String schema, String name) {
        return tables.stream()
                .filter(t -> t.database().equalsIgnoreCase(database) && t.schema().equalsIgnoreCase(schema)
                        && t.name().equalsIgnoreCase(name))
                .findFirst();
    }

    /** The tables that exist in this transaction, read again after DDL may have created some. */
    private List<TableRef> tables() throws SQLException {
        List<TableRef> tables = new ArrayList<>();
        try (Statement statement = connection.jdbc().createStatement();
                ResultSet rs = statement.executeQuery("SELECT database_name, schema_name, table_name FROM duckdb_tables() "
                        + "WHERE NOT temporary AND database_name NOT IN ('system', 'temp')")) {
            while (rs.next()) {
                tables.add(new TableRef(rs.getString(1), rs.getString(2), rs.getString(3)));
            }
        }
        return tables;
    }

    private String currentDatabase() throws SQLException {
        try (Statement statement = connection.jdbc().createStatement();
                ResultSet rs = statement.executeQuery("SELECT current_database()")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
