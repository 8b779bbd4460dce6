/**
 * Turns values read from a DuckDB JDBC {@link java.sql.ResultSet} into plain JSON-ready Java values
 * ({@code null}, {@link Boolean}, {@link Integer}, {@link Long}, {@link java.math.BigInteger},
 * {@link java.math.BigDecimal}, {@link Float}, {@link Double}, {@link String}, {@link java.util.List}
 * and insertion-ordered {@link java.util.Map}), so that any JSON writer produces faithful JSON.
 *
 * <p>Entry point: {@link dev.mallard.engine.values.ColumnEncoders#forType(String)}, chosen once per
 * column from {@link java.sql.ResultSetMetaData#getColumnTypeName(int)} and then called once per row.
 * Writers should enable {@code StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN} so that decimals are
 * never written with an exponent.
 */
package dev.mallard.engine.values;
