package org.gevent4j.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The PostgreSQL JDBC driver through a HikariCP pool of N against a real PostgreSQL:
 * {@code SELECT pg_sleep(s)} is the server-side wait.
 */
class PostgresJdbcTest extends BlockingClientContract {
    private PostgresServer postgres;
    private HikariDataSource pool;

    @Override
    void start() throws Exception {
        postgres = PostgresServer.start();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(postgres.jdbcUrl());
        config.setUsername(PostgresServer.USER);
        config.setMaximumPoolSize(N);
        // Hikari opens connections one at a time on its own thread: fill the pool before measuring,
        // or 50 callers share the ~25 made by the time the first calls return (0.6 s, not 0.25 s).
        config.setMinimumIdle(N);
        config.setConnectionTimeout(10_000);
        config.setPoolName("gevent4j-it");
        pool = new HikariDataSource(config);
        long end = System.nanoTime() + 20_000_000_000L;
        while (pool.getHikariPoolMXBean().getTotalConnections() < N && System.nanoTime() < end) {
            org.gevent4j.Gevent.sleep(java.time.Duration.ofMillis(20));
        }
        assertThat(pool.getHikariPoolMXBean().getTotalConnections()).as("connections opened in 20 s").isEqualTo(N);
    }

    @Override
    void stop() {
        if (pool != null) pool.close();
        if (postgres != null) postgres.close();
    }

    private void sleepQuery(double seconds) throws SQLException {
        try (Connection c = pool.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT pg_sleep(" + seconds + "), 42")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(2)).isEqualTo(42);
        }
    }

    @Override
    void waitCall() throws SQLException {
        sleepQuery(WAIT.toMillis() / 1000.0);
    }

    @Override
    void longCall() throws SQLException {
        sleepQuery(LONG.toSeconds());
    }

    @Override
    Class<? extends Throwable> libraryException() {
        return SQLException.class;
    }

    /**
     * Hikari evicts the connection (its socket was closed: SQL state 08006). The server notices a
     * vanished client only when it next talks to it, so the backend sleeps on to the end of
     * {@code pg_sleep(5)}, holding its slot of {@code max_connections} meanwhile.
     */
    @Override
    String leftBehind() throws Exception {
        var mx = pool.getHikariPoolMXBean();
        assertThat(eventually(() -> mx.getActiveConnections() == 0)).as("no connection still lent out").isTrue();
        return "pool active=" + mx.getActiveConnections() + " idle=" + mx.getIdleConnections() + " total="
                + mx.getTotalConnections() + "; server backends still in pg_sleep(" + LONG.toSeconds() + "): " + sleepers();
    }

    private int sleepers() throws SQLException {
        try (Connection c = pool.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE state = 'active'"
                        + " AND query LIKE 'SELECT pg_sleep(" + LONG.toSeconds() + "%'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Override
    String library() {
        return "PgJDBC+HikariCP";
    }
}
