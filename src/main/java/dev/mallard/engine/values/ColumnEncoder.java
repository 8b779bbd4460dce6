package dev.mallard.engine.values;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Reads one column of the current row of a DuckDB result set as a JSON-ready value: {@code null},
 * {@link Boolean}, {@link Integer}, {@link Long}, {@link java.math.BigInteger},
 * {@link java.math.BigDecimal}, {@link Float}, {@link Double}, {@link String},
 * {@code List<Object>} or {@code Map<String, Object>} (insertion-ordered), nested as deep as the
 * value is.
 *
 * <p>Obtain one per column from {@link ColumnEncoders#forType(String)} and reuse it for every row.
 */
@FunctionalInterface
public interface ColumnEncoder {

    /**
     * Encodes the value of {@code column} (1-based) in the current row of {@code rs}.
     *
     * @throws SQLException when the driver cannot read the value
     */
    Object encode(ResultSet rs, int column) throws SQLException;
}
