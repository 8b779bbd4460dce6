package dev.mallard.engine;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The connections of one served database. Connections are prepared (settings, default catalog)
 * before DuckDB's configuration is locked, so the pool is filled once and never grows; its size
 * matches the worker count, so a worker never waits for a connection. A caller's statement goes to
 * an idle connection that keeps it prepared when there is one (see {@link EngineConnection#kept});
 * otherwise the connection given back last is taken first, so a light load keeps using a few
 * connections and finds its statements there.
 */
final class ConnectionPool implements AutoCloseable {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition given = lock.newCondition();
    /** Idle connections, the one given back last first. Guarded by {@code lock}. */
    private final Deque<EngineConnection> idle;
    private final List<EngineConnection> all;

    ConnectionPool(List<EngineConnection> connections) {
        this.all = List.copyOf(connections);
        this.idle = new ArrayDeque<>(connections);
    }

    /**
     * An idle connection, waiting for one if none is: one that keeps {@code sql} prepared if any
     * does, else (and for a null {@code sql}) the one given back last. An idle connection's kept
     * statements change only while it is taken, and taking and giving back both hold the lock, so
     * they can be read here.
     */
    EngineConnection take(String sql) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (idle.isEmpty()) {
                given.await();
            }
            if (sql != null && idle.size() > 1) {
                for (Iterator<EngineConnection> it = idle.iterator(); it.hasNext(); ) {
                    EngineConnection connection = it.next();
                    if (connection.keeps(sql)) {
                        it.remove();
                        return connection;
                    }
                }
            }
            return idle.removeFirst();
        } finally {
            lock.unlock();
        }
    }

    void give(EngineConnection connection) {
        lock.lock();
        try {
            idle.addFirst(connection);
            given.signal();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        all.forEach(EngineConnection::close);
    }
}
