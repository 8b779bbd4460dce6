package dev.mallard.catalog;

import dev.mallard.engine.Identifiers;
import dev.mallard.engine.SqlText;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Notes an agent needs before it writes SQL against a table, found by looking at the data: integer
 * columns that hold unix timestamps, dates stored as text, text columns with a handful of values,
 * JSON columns. Statistics come from a sample, so they are cheap on large tables.
 */
final class ColumnNotes {
    private static final Pattern TIME_NAME = Pattern.compile(
            "(?i).*(_at|_time|_ts|_timestamp|_date|_epoch|_on)$|^(created|updated|modified|deleted|timestamp|ts|time"
                    + "|date|epoch|datetime)$");
    private static final Set<String> INTEGER_TYPES = Set.of("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT",
            "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "UHUGEINT");
    private static final int SAMPLE_ROWS = 100_000;
    private static final int MAX_LISTED_VALUES = 12;
    private static final int MAX_COLUMNS_PROFILED = 100;

    // Plausible epoch ranges: 2000-01-01 to 2100-01-01.
    private static final long EPOCH_2000 = 946_684_800L;
    private static final long EPOCH_2100 = 4_102_444_800L;

    private ColumnNotes() {}

    static Map<String, String> compute(Connection connection, TableInfo table) throws SQLException {
        Map<String, String> notes = new LinkedHashMap<>();
        List<Probe> probes = new ArrayList<>();
        for (ColumnInfo column : table.columns().stream().limit(MAX_COLUMNS_PROFILED).toList()) {
            String type = column.type().toUpperCase(Locale.ROOT);
            if (type.equals("JSON")) {
                notes.put(column.name(), "JSON text: extract fields with " + Identifiers.quoteIfNeeded(column.name())
                        + "->>'$.field' or json_extract(...).");
            } else if (INTEGER_TYPES.contains(type) && TIME_NAME.matcher(column.name()).matches()) {
                probes.add(new Probe(column, Probe.Kind.EPOCH));
            } else if (type.equals("VARCHAR")) {
                probes.add(new Probe(column, TIME_NAME.matcher(column.name()).matches() ? Probe.Kind.TEXT_DATE
                        : Probe.Kind.TEXT));
            }
        }
        if (probes.isEmpty()) {
            return notes;
        }
        Object[] stats = sampleStatistics(connection, table, probes);
        int index = 0;
        for (Probe probe : probes) {
            Object[] values = java.util.Arrays.copyOfRange(stats, index, index + probe.kind().width());
            note(connection, table, probe, values).ifPresent(note -> notes.put(probe.column().name(), note));
            index += probe.kind().width();
        }
        return notes;
    }

    private static Optional<String> note(Connection connection, TableInfo table, Probe probe, Object[] values) {
        return switch (probe.kind()) {
            case EPOCH -> epochNote(probe.column(), values[0], values[1]);
            case TEXT_DATE -> textDateNote(probe.column(), values[0], values[2])
                    .or(() -> fewValuesNote(connection, table, probe.column(), values[0], values[1]));
            case TEXT -> fewValuesNote(connection, table, probe.column(), values[0], values[1]);
        };
    }

    private record Probe(ColumnInfo column, Kind kind) {
        enum Kind {
            EPOCH,
            TEXT_DATE,
            TEXT;

            int width() {
                return this == TEXT_DATE ? 3 : 2;
            }
        }

        List<String> expressions() {
            String c = Identifiers.quoteIfNeeded(column.name());
            return switch (kind) {
                case EPOCH -> List.of("min(" + c + ")::DOUBLE", "max(" + c + ")::DOUBLE");
                case TEXT -> List.of("count(" + c + ")", "approx_count_distinct(" + c + ")");
                case TEXT_DATE -> List.of("count(" + c + ")", "approx_count_distinct(" + c + ")",
                        "count(TRY_CAST(" + c + " AS TIMESTAMP))");
            };
        }
    }

    private static Object[] sampleStatistics(Connection connection, TableInfo table, List<Probe> probes)
            throws SQLException {
        List<String> expressions = probes.stream().flatMap(p -> p.expressions().stream()).toList();
        String sql = "SELECT " + String.join(", ", expressions) + " FROM " + sample(table);
        try (PreparedStatement statement = connection.prepareStatement(sql); ResultSet rs = statement.executeQuery()) {
            rs.next();
            Object[] values = new Object[expressions.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = rs.getObject(i + 1);
            }
            return values;
        }
    }

    private static String sample(TableInfo table) {
        return "(SELECT * FROM " + table.qualifiedName() + " USING SAMPLE " + SAMPLE_ROWS + " ROWS) AS sampled";
    }

    private static Optional<String> epochNote(ColumnInfo column, Object min, Object max) {
        if (!(min instanceof Number low) || !(max instanceof Number high)) {
            return Optional.empty();
        }
        String name = Identifiers.quoteIfNeeded(column.name());
        for (EpochUnit unit : EpochUnit.values()) {
            if (low.doubleValue() >= EPOCH_2000 * unit.perSecond && high.doubleValue() <= EPOCH_2100 * unit.perSecond) {
                return Optional.of("Integer holding unix epoch " + unit.label
                        + "; convert with " + unit.function + "(" + name + ").");
            }
        }
        return Optional.empty();
    }

    private enum EpochUnit {
        SECONDS(1, "seconds", "to_timestamp"),
        MILLISECONDS(1_000, "milliseconds", "epoch_ms"),
        MICROSECONDS(1_000_000, "microseconds", "make_timestamp");

        private final long perSecond;
        private final String label;
        private final String function;

        EpochUnit(long perSecond, String label, String function) {
            this.perSecond = perSecond;
            this.label = label;
            this.function = function;
        }
    }

    private static Optional<String> textDateNote(ColumnInfo column, Object nonNull, Object parsed) {
        long values = ((Number) nonNull).longValue();
        if (values > 0 && ((Number) parsed).longValue() >= values * 9 / 10) {
            return Optional.of("Dates or times stored as text; cast with TRY_CAST("
                    + Identifiers.quoteIfNeeded(column.name()) + " AS TIMESTAMP) (or AS DATE) before comparing.");
        }
        return Optional.empty();
    }

    private static Optional<String> fewValuesNote(Connection connection, TableInfo table, ColumnInfo column,
            Object nonNull, Object distinct) {
        long values = ((Number) nonNull).longValue();
        long different = ((Number) distinct).longValue();
        if (values < 20 || different > MAX_LISTED_VALUES || different >= values / 2) {
            return Optional.empty();
        }
        String c = Identifiers.quoteIfNeeded(column.name());
        String sql = "SELECT " + c + " FROM " + sample(table) + " WHERE " + c + " IS NOT NULL GROUP BY 1 "
                + "ORDER BY count(*) DESC, 1 LIMIT " + (MAX_LISTED_VALUES + 1);
        List<String> found = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql); ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                found.add(rs.getString(1));
            }
        } catch (SQLException e) {
            return Optional.empty();
        }
        if (found.isEmpty() || found.size() > MAX_LISTED_VALUES) {
            return Optional.empty();
        }
        List<String> quoted = found.stream().map(SqlText::literal).toList();
        if (quoted.size() == 1) {
            return Optional.of("1 distinct value: " + quoted.getFirst() + ".");
        }
        return Optional.of(found.size() + " distinct values (most common first): " + String.join(", ", quoted)
                + ".");
    }
}
