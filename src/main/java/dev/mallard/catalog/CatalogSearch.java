package dev.mallard.catalog;

import dev.mallard.engine.Identifiers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.text.similarity.JaroWinklerSimilarity;

/**
 * Fuzzy search over databases, schemas, tables, views and columns. Names are compared with
 * Jaro-Winkler similarity, with exact, prefix, substring and word matches ranked above it; a match
 * in a comment or an annotation counts, a little below a match in the name.
 */
public final class CatalogSearch {
    /** Text people added about tables and columns outside DuckDB (Mallard's annotations), searched like comments. */
    @FunctionalInterface
    public interface Annotations {
        Annotations NONE = (table, column) -> null;

        /** The text on the table ({@code column} null) or on its column; null when there is none. */
        String of(TableInfo table, String column);
    }

    private static final JaroWinklerSimilarity SIMILARITY = new JaroWinklerSimilarity();
    private static final double THRESHOLD = 0.8;

    private CatalogSearch() {}

    public static List<SearchHit> search(CatalogSnapshot snapshot, String query, Set<ObjectType> types, int limit,
            Annotations annotations) {
        Query q = Query.of(query);
        List<SearchHit> hits = new ArrayList<>();
        if (types.contains(ObjectType.DATABASE)) {
            for (DatabaseInfo database : snapshot.databases()) {
                add(hits, q, ObjectType.DATABASE, database.name(), database.name(), null, database.comment(), null);
            }
        }
        if (types.contains(ObjectType.SCHEMA)) {
            for (SchemaInfo schema : snapshot.schemas()) {
                add(hits, q, ObjectType.SCHEMA, schema.name(), Identifiers.qualify(schema.database(), schema.name()),
                        null, schema.comment(), null);
            }
        }
        for (TableInfo table : snapshot.tables()) {
            ObjectType type = table.kind() == TableInfo.Kind.TABLE ? ObjectType.TABLE : ObjectType.VIEW;
            if (types.contains(type)) {
                add(hits, q, type, table.name(), table.qualifiedName(), null, table.comment(),
                        annotations.of(table, null));
            }
            if (types.contains(ObjectType.COLUMN)) {
                for (ColumnInfo column : table.columns()) {
                    add(hits, q, ObjectType.COLUMN, column.name(),
                            table.qualifiedName() + "." + Identifiers.quoteIfNeeded(column.name()), column.type(),
                            column.comment(), annotations.of(table, column.name()));
                }
            }
        }
        return hits.stream()
                .sorted(Comparator.comparingDouble(SearchHit::score).reversed()
                        .thenComparing(SearchHit::type)
                        .thenComparing(SearchHit::name))
                .limit(limit)
                .toList();
    }

    private static void add(List<SearchHit> hits, Query query, ObjectType type, String name, String qualified,
            String dataType, String comment, String annotation) {
        double score = query.score(name, comment == null ? annotation
                : annotation == null ? comment : comment + " " + annotation);
        if (score >= THRESHOLD) {
            hits.add(new SearchHit(type, qualified, dataType, comment, annotation,
                    Math.round(score * 1000) / 1000.0));
        }
    }

    private record Query(String text, List<String> words) {
        static Query of(String raw) {
            String text = raw.strip().toLowerCase(Locale.ROOT);
            List<String> words = Arrays.stream(text.split("[\\s_.,;:/-]+")).filter(w -> !w.isEmpty()).toList();
            return new Query(text, words);
        }

        double score(String rawName, String rawComment) {
            String name = rawName.toLowerCase(Locale.ROOT);
            if (name.equals(text)) {
                return 1.0;
            }
            double score = SIMILARITY.apply(text, name);
            if (name.startsWith(text)) {
                score = Math.max(score, 0.95);
            } else if (name.contains(text)) {
                score = Math.max(score, 0.9);
            } else if (allWordsStartParts(name)) {
                score = Math.max(score, 0.88);
            }
            if (rawComment != null && !rawComment.isBlank()) {
                String comment = rawComment.toLowerCase(Locale.ROOT);
                if (comment.contains(text)) {
                    score = Math.max(score, 0.85);
                } else if (words.size() > 1 && words.stream().allMatch(comment::contains)) {
                    score = Math.max(score, 0.82);
                }
            }
            return score;
        }

        /** "order date" matches order_date and orderdate_utc: every word starts a part of the name. */
        private boolean allWordsStartParts(String name) {
            if (words.isEmpty()) {
                return false;
            }
            List<String> parts = Arrays.asList(name.split("_"));
            return words.stream().allMatch(word -> parts.stream().anyMatch(part -> part.startsWith(word)));
        }
    }
}
