package dev.mallard.engine.values;

import java.sql.SQLException;

/**
 * Turns one non-null value, as the DuckDB JDBC driver hands it out (from {@code getObject} or from
 * inside a list, struct, map or union), into a JSON-ready value. Callers handle null themselves, so
 * implementations never see it.
 */
@FunctionalInterface
interface ValueEncoder {

    Object encode(Object value) throws SQLException;
}
