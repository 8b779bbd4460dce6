package dev.mallard.engine;

/** What DuckDB's parser says a piece of SQL is. */
public sealed interface StatementClass {
    /** Exactly one statement that DuckDB parses as a query (SELECT, WITH, FROM, VALUES, DESCRIBE, SUMMARIZE, SHOW). */
    record Query() implements StatementClass {}

    /** One statement of another kind: DML, DDL, SET, ATTACH, COPY, PRAGMA, CALL, EXPLAIN, ... */
    record NotAQuery() implements StatementClass {}

    /** More than one statement. */
    record Several(int count) implements StatementClass {}

    /** No statement at all (empty text or only comments). */
    record Empty() implements StatementClass {}

    /** DuckDB could not parse it; the message is DuckDB's. */
    record Invalid(String message) implements StatementClass {}

    /**
     * A query that calls a function the query tool does not run, because that function works outside
     * the query's own connection, transaction or time limit, or writes the database file.
     *
     * @param message why, naming the function
     */
    record Forbidden(String message) implements StatementClass {}
}
