package dev.mallard.engine;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The connections of one served database. Connections are prepared (settings, default catalog)
 * before DuckDB's configuration is locked, so the pool is filled once and never grows; its size
 * matches the worker count, so a worker never waits for a connection.
 */
final class ConnectionPool implements AutoCloseable {
    private final BlockingQueue<EngineConnection> idle;
    private final List<EngineConnection> all;

    ConnectionPool(List<EngineConnection> connections) {
        this.all = List.copyOf(connections);
        this.idle = new ArrayBlockingQueue<>(connections.size(), false, connections);
    }

    EngineConnection take() throws InterruptedException {
        return idle.take();
    }

    void give(EngineConnection connection) {
        idle.offer(connection);
    }

    @Override
    public void close() {
        all.forEach(EngineConnection::close);
    }
}
