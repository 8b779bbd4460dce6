package dev.mallard.engine;

/** Receives DuckDB's progress estimates while a long query runs. */
@FunctionalInterface
public interface QueryProgressListener {
    /**
     * @param percent 0 to 100
     * @param rowsProcessed rows DuckDB has worked through so far
     * @param totalRows DuckDB's estimate of all rows to work through
     */
    void onProgress(double percent, long rowsProcessed, long totalRows);
}
