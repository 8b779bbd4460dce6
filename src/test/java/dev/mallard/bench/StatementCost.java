package dev.mallard.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * What one small statement costs DuckDB itself, in-process on one JDBC connection, three ways:
 * prepared and executed each time, run directly ({@code Statement.execute}, what Mallard does for a
 * text it has not seen lately), and executed again from a kept prepared statement (what Mallard does
 * for a text that comes again). The floor under Mallard's {@code SELECT 42} latency. Five rounds of
 * {@code calls} each (default 10,000; the first rounds warm up the JIT). A measurement to read, not
 * a test.
 *
 * <pre>{@code
 * export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
 * MAVEN_OPTS=--sun-misc-unsafe-memory-access=allow mvn -q -o test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/bench-classpath.txt
 * $JAVA_HOME/bin/java --enable-native-access=ALL-UNNAMED \
 *     -cp target/test-classes:target/classes:$(cat target/bench-classpath.txt) \
 *     dev.mallard.bench.StatementCost 10000 'SELECT 42'
 * }</pre>
 */
public final class StatementCost {
    private static final int ROUNDS = 5;

    private StatementCost() {}

    public static void main(String[] args) throws SQLException {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        String sql = args.length > 1 ? args[1] : "SELECT 42";
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:")) {
            for (int round = 1; round <= ROUNDS; round++) {
                long start = System.nanoTime();
                for (int i = 0; i < calls; i++) {
                    try (PreparedStatement statement = connection.prepareStatement(sql)) {
                        read(statement.executeQuery());
                    }
                }
                long prepared = System.nanoTime();
                for (int i = 0; i < calls; i++) {
                    try (Statement statement = connection.createStatement()) {
                        statement.execute(sql);
                        read(statement.getResultSet());
                    }
                }
                long direct = System.nanoTime();
                try (PreparedStatement statement = connection.prepareStatement(sql)) {
                    for (int i = 0; i < calls; i++) {
                        read(statement.executeQuery());
                    }
                }
                long kept = System.nanoTime();
                System.out.printf(Locale.ROOT, "round %d, %s: prepare+execute %.1f µs, direct %.1f µs, kept prepared "
                        + "%.1f µs per call%n", round, sql, micros(prepared - start, calls),
                        micros(direct - prepared, calls), micros(kept - direct, calls));
            }
        }
    }

    private static void read(ResultSet rs) throws SQLException {
        try (rs) {
            while (rs.next()) {
                rs.getObject(1);
            }
        }
    }

    private static double micros(long nanos, int calls) {
        return nanos / 1_000.0 / calls;
    }
}
