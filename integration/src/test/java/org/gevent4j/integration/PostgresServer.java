package org.gevent4j.integration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real PostgreSQL server (Debian's package, {@code /usr/lib/postgresql/<v>/bin}): a fresh cluster
 * made by {@code initdb} in a temporary directory (trust authentication, user {@value #USER}), and
 * {@code postgres} as a child process on a random loopback port, up once a JDBC connection works.
 * {@link #close()} stops it by PID (SIGINT: fast shutdown) and deletes the cluster.
 *
 * <p>PostgreSQL refuses to run as root, and CI runs as root: then both programs run as the
 * {@code postgres} user that the Debian package creates, through {@code setpriv} (which execs, so
 * the child's PID is the server's own), in a directory handed to that user.
 */
final class PostgresServer implements AutoCloseable {
    static final String USER = "gevent4j";

    private final Process process;
    private final int port;
    private final Path dir;

    private PostgresServer(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    static PostgresServer start() throws IOException, InterruptedException {
        Path bin = ServerBinaries.requirePostgresBin();
        Path dir = Files.createTempDirectory("gevent4j-pg-");
        List<String> asUser = new ArrayList<>();
        if (isRoot()) {
            Path setpriv = ServerBinaries.require("setpriv", "/usr/bin/setpriv");
            UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
            UserPrincipal postgres;
            GroupPrincipal group;
            try {
                postgres = users.lookupPrincipalByName("postgres");
                group = users.lookupPrincipalByGroupName("postgres");
            } catch (IOException e) {
                throw new AssertionError("running as root, but there is no postgres user to run PostgreSQL as: "
                        + ServerBinaries.HOW_TO_INSTALL, e);
            }
            PosixFileAttributeView view = Files.getFileAttributeView(dir, PosixFileAttributeView.class);
            view.setOwner(postgres);
            view.setGroup(group);
            asUser.addAll(List.of(setpriv.toString(), "--reuid=postgres", "--regid=postgres", "--init-groups"));
        }
        Path data = dir.resolve("data");
        Path log = dir.resolve("server.log");
        List<String> initdb = new ArrayList<>(asUser);
        initdb.addAll(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-A", "trust", "-U", USER,
                "-E", "UTF8", "--no-sync", "--no-locale"));
        Process init = new ProcessBuilder(initdb).redirectErrorStream(true)
                .redirectOutput(dir.resolve("initdb.log").toFile()).start();
        if (!init.waitFor(60, TimeUnit.SECONDS) || init.exitValue() != 0) {
            init.destroyForcibly();
            String why = ServerBinaries.tail(dir.resolve("initdb.log"));
            ServerBinaries.deleteTree(dir);
            throw new IOException("initdb failed:\n" + why);
        }
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) { // a free port can be taken before postgres binds it
            int port = ServerBinaries.freePort();
            List<String> postgres = new ArrayList<>(asUser);
            postgres.addAll(List.of(bin.resolve("postgres").toString(), "-D", data.toString(), "-p", Integer.toString(port),
                    "-k", dir.toString(), "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off",
                    "-c", "max_connections=120", "-c", "shared_buffers=16MB"));
            Process p = new ProcessBuilder(postgres).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            PostgresServer server = new PostgresServer(p, port, dir);
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (p.isAlive() && System.nanoTime() < deadline) {
                if (server.accepts()) return server;
                Thread.sleep(50);
            }
            last = new IOException("postgres on port " + port + " did not accept a connection; its log:\n"
                    + ServerBinaries.tail(log));
            ServerBinaries.stop(p, "INT");
        }
        ServerBinaries.deleteTree(dir);
        throw last;
    }

    private static boolean isRoot() throws IOException {
        return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    }

    private boolean accepts() {
        try (Connection c = DriverManager.getConnection(jdbcUrl(), USER, "")) {
            return c.isValid(1);
        } catch (SQLException e) {
            return false;
        }
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    int port() {
        return port;
    }

    @Override
    public void close() {
        ServerBinaries.stop(process, "INT");
        ServerBinaries.deleteTree(dir);
    }
}
