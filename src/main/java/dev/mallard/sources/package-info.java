/**
 * HTTP JSON API sources synced into Parquet tables (issue 6). An {@link dev.mallard.sources.ApiSource}
 * names a base URL, headers, an optional auth header whose value the caller takes from a stored
 * secret, and endpoints, each filling one table: a path and query, the record path inside a response
 * ({@code data.items} or {@code /data/items}; records are JSON objects) and a
 * {@link dev.mallard.sources.Pagination} (none, next link from a field or the Link header, cursor,
 * page number, offset).
 *
 * <p>{@link dev.mallard.sources.ApiSync#sync} performs one sync: pages are fetched with
 * java.net.http (timeouts; retries with backoff on 429, 5xx and network errors, honouring
 * Retry-After up to a bound; page and byte limits per sync; only https, or http on loopback; private
 * addresses only when allowed; no redirects, next links only on the source's origin, so the secret
 * goes nowhere else), records are staged as NDJSON in {@code <root>/staging/<sync-id>/}, and a
 * private, sandboxed, in-memory DuckDB turns them into
 * {@code <root>/data/<source>/<sync-id>/<table>.parquet}. The sync id is the version id.
 *
 * <p>A sync is atomic: only when every endpoint was read in full is {@code
 * <root>/data/<source>/current.json} replaced, by one rename, with a pointer to the new version
 * ({@link dev.mallard.sources.SourceVersions}). A query resolves the pointer once
 * ({@link dev.mallard.sources.SourceVersions#current}) and reads the Parquet files it names; replaced
 * versions are deleted only after a grace period. A failed sync publishes nothing, keeps the previous
 * version, and returns a {@link dev.mallard.sources.SyncResult.Failed} saying which table, page and
 * HTTP status failed and why; the secret never appears in results or logs.
 */
package dev.mallard.sources;
