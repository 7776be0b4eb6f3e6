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
        config.setMinimumIdle(0);
        config.setConnectionTimeout(10_000);
        config.setPoolName("gevent4j-it");
        pool = new HikariDataSource(config);
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

    @Override
    String library() {
        return "PgJDBC+HikariCP";
    }
}
