package org.gevent4j.socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gevent4j.TestHubs.realHub;

import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import org.gevent4j.Gevent;
import org.gevent4j.Greenlet;
import org.junit.jupiter.api.Test;

/** gevent.select.poll: register/modify/unregister and poll(timeout). */
@org.junit.jupiter.api.Timeout(30)
class PollTest {
    private static final Duration PATIENCE = Duration.ofSeconds(5);

    @Test
    void pollReportsEventsPerObjectInRegistrationOrder() {
        realHub(() -> {
            try (Socket server = SocketTcpTest.listener(); Socket c = Sockets.createConnection("127.0.0.1", SocketTcpTest.port(server));
                    Socket s = server.accept().socket()) {
                Poll p = Select.poll();
                p.register(c, Select.POLLIN);
                p.register(s); // POLLIN | POLLPRI | POLLOUT
                assertThat(p.poll(Duration.ZERO)).containsExactly(new Poll.Event(s, Select.POLLOUT));
                s.sendAll(new byte[] {1});
                assertThat(p.poll(PATIENCE)).containsExactly(new Poll.Event(c, Select.POLLIN), new Poll.Event(s, Select.POLLOUT));
                p.modify(s, Select.POLLIN);
                p.unregister(c);
                assertThat(p.poll(Duration.ofMillis(20))).isEmpty();
            }
        });
    }

    @Test
    void pollWaitsCooperativelyForTheFirstEvent() {
        realHub(() -> {
            try (Socket server = SocketTcpTest.listener(); Socket c = Sockets.createConnection("127.0.0.1", SocketTcpTest.port(server));
                    Socket s = server.accept().socket()) {
                Poll p = Select.poll();
                p.register(c, Select.POLLIN);
                Greenlet<List<Poll.Event>> waiter = Gevent.spawn(() -> p.poll(null));
                Gevent.sleep(0);
                assertThat(waiter.dead()).isFalse();
                s.sendAll(new byte[] {1});
                assertThat(waiter.get(PATIENCE)).containsExactly(new Poll.Event(c, Select.POLLIN));
            }
        });
    }

    @Test
    void aClosedObjectIsReportedAsPollnval() {
        realHub(() -> {
            Socket u = Socket.udp();
            Poll p = Select.poll();
            p.register(u, Select.POLLIN);
            u.close();
            assertThat(p.poll(Duration.ZERO)).containsExactly(new Poll.Event(u, Select.POLLNVAL));
        });
    }

    @Test
    void modifyingOrUnregisteringAnUnknownObjectIsAnError() {
        Poll p = Select.poll();
        assertThatThrownBy(() -> p.modify("x", Select.POLLIN)).isInstanceOf(NoSuchElementException.class);
        assertThatThrownBy(() -> p.unregister("x")).isInstanceOf(NoSuchElementException.class);
    }
}
