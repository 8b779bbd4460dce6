package dev.mallard.engine;

import java.util.List;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.LinkedBlockingDeque;

/**
 * The connections of one served database. Connections are prepared (settings, default catalog)
 * before DuckDB's configuration is locked, so the pool is filled once and never grows; its size
 * matches the worker count, so a worker never waits for a connection. The connection given back
 * last is taken first: a statement that comes again finds its prepared copy on the few connections
 * a light load keeps using (see {@link EngineConnection#kept}).
 */
final class ConnectionPool implements AutoCloseable {
    private final BlockingDeque<EngineConnection> idle;
    private final List<EngineConnection> all;

    ConnectionPool(List<EngineConnection> connections) {
        this.all = List.copyOf(connections);
        this.idle = new LinkedBlockingDeque<>(connections);
    }

    EngineConnection take() throws InterruptedException {
        return idle.takeFirst();
    }

    void give(EngineConnection connection) {
        idle.offerFirst(connection);
    }

    @Override
    public void close() {
        all.forEach(EngineConnection::close);
    }
}
