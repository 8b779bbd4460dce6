package dev.mallard.engine;

import java.util.Map;

/**
 * DuckDB functions whose work escapes the calling statement's transaction:
 * {@code json_execute_serialized_sql} and the external-resource functions run SQL, or call
 * functions by name, on an internal connection of their own in autocommit, so neither a read-only
 * transaction, nor the rollback of a preview, nor Mallard's time limit applies to that work. Both
 * the query tool and query_rw refuse them.
 */
final class OutsideTransaction {
    private static final String OWN_CONNECTION = "it runs SQL on an internal connection of its own, outside this "
            + "call's transaction and Mallard's time limit";
    private static final String EXTERNAL_RESOURCES = "it registers or runs DuckDB external resources, calling "
            + "functions by name on an internal connection of its own, outside this call's transaction and "
            + "Mallard's time limit";

    /** Lower-case function name to the reason it is refused. */
    static final Map<String, String> FUNCTIONS = Map.of(
            "json_execute_serialized_sql", OWN_CONNECTION,
            "create_external_resource", EXTERNAL_RESOURCES,
            "destroy_external_resource", EXTERNAL_RESOURCES,
            "register_external_resource", EXTERNAL_RESOURCES,
            "deregister_external_resource", EXTERNAL_RESOURCES,
            "register_external_resource_type", EXTERNAL_RESOURCES);

    private OutsideTransaction() {}
}
