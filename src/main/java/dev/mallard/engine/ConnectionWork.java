package dev.mallard.engine;

import java.sql.Connection;
import java.sql.SQLException;

/** Work done on a pooled DuckDB connection, such as reading the catalog. */
@FunctionalInterface
public interface ConnectionWork<T> {
    T apply(Connection connection) throws SQLException;
}
