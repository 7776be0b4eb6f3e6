package org.gevent4j.websocket;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.gevent4j.http.HttpServer;
import org.gevent4j.http.Running;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The server side against raw frames: RFC 6455's rules and the must-have failure codes. */
@Timeout(60)
class ServerProtocolTest {
    static final int FIN = 0x80;

    static Running echo() throws Exception {
        return echo(WebSocketHandler.builder());
    }

    static Running echo(WebSocketHandler.Builder b) throws Exception {
        return Running.serve(HttpServer.builder().context("/ws", b.build(ws -> {
            WebSocket.Message m;
            while ((m = ws.receive()) != null) ws.send(m);
        })));
    }

    @Test
    void textAndBinaryMessagesAreEchoedUnmaskedWithTheirType() throws Exception {
        try (Running r = echo(); RawWs c = RawWs.open(r.port())) {
            assertThat(c.head.get("sec-websocket-accept")).isEqualTo(RawWs.ACCEPT);
            c.frame(FIN | 1, "héllo");
            RawWs.Frame f = c.read();
            assertThat(f.opcode()).isEqualTo(1);
            assertThat(f.fin()).isTrue();
            assertThat(f.text()).isEqualTo("héllo");
            byte[] big = new byte[70_000];
            Arrays.fill(big, (byte) 7);
            c.frame(FIN | 2, big);
            f = c.read();
            assertThat(f.opcode()).isEqualTo(2);
            assertThat(f.payload()).isEqualTo(big);
            c.frame(FIN | 1, "");
            assertThat(c.read().payload()).isEmpty();
        }
    }

    @Test
    void aFragmentedMessageIsDeliveredWholeAndAPingInsideItIsAnsweredFirst() throws Exception {
        try (Running r = echo(); RawWs c = RawWs.open(r.port())) {
            c.frame(1, "frag");
            c.frame(0, "men");
            c.frame(FIN | 9, "ping!");
            c.frame(0, "ted ");
            c.frame(FIN, "text");
            RawWs.Frame pong = c.read();
            assertThat(pong.opcode()).isEqualTo(10);
            assertThat(pong.text()).isEqualTo("ping!");
            assertThat(c.read().text()).isEqualTo("fragmented text");
        }
    }

    @Test
    void oneByteFragmentsOfMultiByteCharactersAreReassembled() throws Exception {
        try (Running r = echo(); RawWs c = RawWs.open(r.port())) {
            byte[] t = "κόσμε €".getBytes(UTF_8);
            for (int i = 0; i < t.length; i++) {
                c.frame((i == t.length - 1 ? FIN : 0) | (i == 0 ? 1 : 0), new byte[] {t[i]});
            }
            assertThat(c.read().text()).isEqualTo("κόσμε €");
        }
    }

    @Test
    void theCloseHandshakeEchoesTheCodeAndTheServerClosesTcp() throws Exception {
        try (Running r = echo(); RawWs c = RawWs.open(r.port())) {
            c.frame(FIN | 8, RawWs.closePayload(1000, "bye"));
            RawWs.Frame f = c.read();
            assertThat(f.opcode()).isEqualTo(8);
            assertThat(f.code()).isEqualTo(1000);
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void anEmptyCloseIsAnsweredWithAnEmptyClose() throws Exception {
        try (Running r = echo(); RawWs c = RawWs.open(r.port())) {
            c.frame(FIN | 8, new byte[0]);
            assertThat(c.read().payload()).isEmpty();
            assertThat(c.closedByServer()).isTrue();
        }
    }

    /** Each must-have protocol error: a close 1002, then the connection closed. */
    @ParameterizedTest
    @ValueSource(strings = {"unmasked", "rsv1", "rsv2", "rsv3", "opcode3", "opcode11", "longPing", "fragmentedPing",
            "oneByteClose", "close999", "close1004", "close1005", "close1006", "close1015", "close1016", "close2999", "close5000",
            "continuationFirst", "textInsideFragmented", "length64Msb"})
    void protocolErrorsCloseWith1002(String kind) throws Exception {
        try (Running r = echo(); RawWs c = RawWs.open(r.port())) {
            switch (kind) {
                case "unmasked" -> c.raw(RawWs.encode(FIN | 1, "hi".getBytes(UTF_8), false));
                case "rsv1" -> c.frame(FIN | 0x40 | 1, "hi");
                case "rsv2" -> c.frame(FIN | 0x20 | 1, "hi");
                case "rsv3" -> c.frame(FIN | 0x10 | 2, "hi");
                case "opcode3" -> c.frame(FIN | 3, "");
                case "opcode11" -> c.frame(FIN | 11, "");
                case "longPing" -> c.frame(FIN | 9, new byte[126]);
                case "fragmentedPing" -> c.frame(9, "x");
                case "oneByteClose" -> c.frame(FIN | 8, new byte[] {3});
                case "continuationFirst" -> c.frame(FIN, "x");
                case "textInsideFragmented" -> {
                    c.frame(1, "a");
                    c.frame(FIN | 1, "b");
                }
                case "length64Msb" -> c.raw(new byte[] {(byte) (FIN | 2), (byte) (0x80 | 127), (byte) 0x80, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4});
                default -> c.frame(FIN | 8, RawWs.closePayload(Integer.parseInt(kind.substring(5)), ""));
            }
            assertThat(c.closeCode()).as(kind).isEqualTo(1002);
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 3999, 4000, 4999})
    void validCloseCodesAreEchoed(int code) throws Exception {
        try (Running r = echo(); RawWs c = RawWs.open(r.port())) {
            c.frame(FIN | 8, RawWs.closePayload(code, "r"));
            assertThat(c.closeCode()).isEqualTo(code);
        }
    }

    @Test
    void invalidUtf8FailsWith1007AtTheFirstBadByteBeforeTheFrameEnds() throws Exception {
        try (Running r = echo(); RawWs c = RawWs.open(r.port())) {
            // A 100-byte text frame whose 4th byte is invalid: only its first 10 bytes are sent.
            byte[] p = new byte[100];
            Arrays.fill(p, (byte) 'a');
            p[3] = (byte) 0xC0;
            byte[] f = RawWs.encode(FIN | 1, p, true);
            c.raw(Arrays.copyOf(f, 2 + 4 + 10));
            assertThat(c.closeCode()).isEqualTo(1007);
        }
    }

    @Test
    void invalidUtf8SplitAcrossFragmentsIsCaughtInTheFragmentWhereItBecomesInvalid() throws Exception {
        try (Running r = echo(); RawWs c = RawWs.open(r.port())) {
            c.frame(1, new byte[] {'o', 'k', (byte) 0xED}); // valid so far: ED starts a 3-byte sequence
            c.frame(0, new byte[] {(byte) 0xA0}); // ED A0 is a surrogate: invalid, message not finished
            assertThat(c.closeCode()).isEqualTo(1007);
        }
    }

    @Test
    void aTextMessageEndingInsideACharacterIs1007() throws Exception {
        try (Running r = echo(); RawWs c = RawWs.open(r.port())) {
            c.frame(FIN | 1, new byte[] {'a', (byte) 0xE2, (byte) 0x82});
            assertThat(c.closeCode()).isEqualTo(1007);
        }
    }

    @Test
    void aCloseReasonThatIsNotUtf8Is1007() throws Exception {
        try (Running r = echo(); RawWs c = RawWs.open(r.port())) {
            c.frame(FIN | 8, new byte[] {0x03, (byte) 0xE8, (byte) 0xFF});
            assertThat(c.closeCode()).isEqualTo(1007);
        }
    }

    @Test
    void aMessageOverTheLimitIs1009FromItsHeaderAlone() throws Exception {
        try (Running r = echo(WebSocketHandler.builder().maxMessage(1000)); RawWs c = RawWs.open(r.port())) {
            c.frame(FIN | 2, new byte[1000]);
            assertThat(c.read().payload()).hasSize(1000);
            // A 2000-byte frame: only its header is sent; the server fails it at once.
            c.raw(Arrays.copyOf(RawWs.encode(FIN | 2, new byte[2000], true), 8));
            assertThat(c.closeCode()).isEqualTo(1009);
        }
    }

    @Test
    void fragmentsAddingUpOverTheLimitAre1009() throws Exception {
        try (Running r = echo(WebSocketHandler.builder().maxMessage(1000)); RawWs c = RawWs.open(r.port())) {
            for (int i = 0; i < 3; i++) c.frame(i == 0 ? 2 : 0, new byte[400]);
            assertThat(c.closeCode()).isEqualTo(1009);
        }
    }

    @Test
    void aSixteenMebibyteMessageFitsTheDefaultLimit() throws Exception {
        try (Running r = echo(); RawWs c = RawWs.open(r.port())) {
            byte[] big = new byte[16 << 20];
            for (int i = 0; i < big.length; i++) big[i] = (byte) (i * 31);
            c.frame(FIN | 2, big);
            assertThat(c.read().payload()).isEqualTo(big);
            // One byte more: the header alone is refused (the server closes before the payload).
            c.raw(new byte[] {(byte) (FIN | 2), (byte) (0x80 | 127), 0, 0, 0, 0, 1, 0, 0, 1, 1, 2, 3, 4});
            assertThat(c.closeCode()).isEqualTo(1009);
        }
    }

    @Test
    void pingsArePongedWithTheirPayloadAndUnsolicitedPongsIgnored() throws Exception {
        try (Running r = echo(); RawWs c = RawWs.open(r.port())) {
            c.frame(FIN | 10, "unsolicited");
            c.frame(FIN | 9, new byte[125]);
            RawWs.Frame f = c.read();
            assertThat(f.opcode()).isEqualTo(10);
            assertThat(f.payload()).hasSize(125);
            c.frame(FIN | 1, "after");
            assertThat(c.read().text()).isEqualTo("after");
        }
    }

    @Test
    void framesSplitIntoSingleBytesOnTheWireAreDecoded() throws Exception {
        try (Running r = echo(); RawWs c = RawWs.open(r.port())) {
            byte[] f = RawWs.encode(FIN | 1, "slowly, byte by byte".getBytes(UTF_8), true);
            for (byte b : f) {
                c.raw(new byte[] {b});
                Thread.sleep(1);
            }
            assertThat(c.read().text()).isEqualTo("slowly, byte by byte");
        }
    }

    @Test
    void theSessionReturningClosesWith1000() throws Exception {
        try (Running r = Running.serve(HttpServer.builder().context("/ws", WebSocketHandler.of(ws -> ws.send("bye"))));
             RawWs c = RawWs.open(r.port())) {
            assertThat(c.read().text()).isEqualTo("bye");
            RawWs.Frame f = c.read();
            assertThat(f.opcode()).isEqualTo(8);
            assertThat(f.code()).isEqualTo(1000);
            c.frame(FIN | 8, RawWs.closePayload(1000, ""));
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void aSessionThatThrowsClosesWith1011() throws Exception {
        try (Running r = Running.serve(HttpServer.builder().errorLog((m, t) -> {}).context("/ws", WebSocketHandler.of(ws -> {
                    throw new IllegalStateException("boom");
                })));
             RawWs c = RawWs.open(r.port())) {
            assertThat(c.closeCode()).isEqualTo(1011);
        }
    }

}
