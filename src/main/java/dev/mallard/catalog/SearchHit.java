package dev.mallard.catalog;

/**
 * One match of a catalog search.
 *
 * @param type database, schema, table, view or column
 * @param name the qualified name, e.g. {@code demo.main.orders.status}
 * @param dataType the column type, for columns
 * @param comment DuckDB's {@code COMMENT ON} text
 * @param annotation what people added in Mallard (see {@link CatalogSearch.Annotations})
 * @param score similarity from 0 to 1
 */
public record SearchHit(ObjectType type, String name, String dataType, String comment, String annotation,
        double score) {}
