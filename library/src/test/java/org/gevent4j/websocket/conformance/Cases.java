package org.gevent4j.websocket.conformance;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.gevent4j.websocket.conformance.WireClient.BINARY;
import static org.gevent4j.websocket.conformance.WireClient.CLOSE;
import static org.gevent4j.websocket.conformance.WireClient.CONTINUATION;
import static org.gevent4j.websocket.conformance.WireClient.PING;
import static org.gevent4j.websocket.conformance.WireClient.PONG;
import static org.gevent4j.websocket.conformance.WireClient.TEXT;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.gevent4j.websocket.conformance.WireClient.Event;

/**
 * The case catalogue: Autobahn TestSuite's categories 1-7, 9, 10, 12 and 13, with Autobahn's case
 * ids, each written anew from the case's published description and expectation (RFC 6455 and 7692).
 * Where this catalogue differs from Autobahn it says so at the case: category 9 keeps a few sizes
 * and 12/13 send fewer messages, both to bound the run time on a shared machine, and 12/13 use
 * generated JSON-like text and binary data in place of Autobahn's data files.
 */
final class Cases {
    private Cases() {}

    /** A case: Autobahn's id, what it does, the permessage-deflate offer (null: none) and the script. */
    record Case(String id, String description, String offer, Script script) {
        @Override
        public String toString() {
            return id + " " + description;
        }
    }

    @FunctionalInterface
    interface Script {
        void run(Session s) throws Exception;
    }

    static final int NORMAL = 1000, PROTOCOL_ERROR = 1002, INVALID_PAYLOAD = 1007;
    /** Autobahn waits 1 s in closeAfter/killAfter; most cases end as soon as the server acts. */
    static final long WAIT = 1000;

    static List<Case> all() {
        List<Case> c = new ArrayList<>();
        framing(c);
        pingPong(c);
        reservedBits(c);
        opcodes(c);
        fragmentation(c);
        utf8(c);
        close(c);
        limits(c);
        misc(c);
        deflate(c);
        return c;
    }

    private static void add(List<Case> c, String id, String description, Script s) {
        c.add(new Case(id, description, null, s));
    }

    static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }

    static byte[] fill(int b, int n) {
        byte[] a = new byte[n];
        Arrays.fill(a, (byte) b);
        return a;
    }

    static byte[] hex(String h) {
        return HexFormat.of().parseHex(h);
    }

    static byte[] repeat(String unit, int n) {
        return repeat(bytes(unit), n);
    }

    static byte[] repeat(byte[] u, int n) {
        byte[] a = new byte[n];
        for (int i = 0; i < n; i++) a[i] = u[i % u.length];
        return a;
    }

    // ---- 1 framing ------------------------------------------------------------------------------------

    private static void framing(List<Case> c) {
        int[] sizes = {0, 125, 126, 127, 128, 65535, 65536, 65536};
        for (int i = 0; i < sizes.length; i++) {
            int n = sizes[i];
            int chop = i == 7 ? 997 : 0;
            add(c, "1.1." + (i + 1), "text message of " + n + " bytes" + (chop > 0 ? ", sent in chops of 997" : ""), s -> {
                byte[] p = fill('*', n);
                s.ok(Event.message(p, false)).closedByMe(NORMAL);
                s.frame(TEXT, p, true, 0, chop);
                s.closeAfter(WAIT * 2);
            });
            add(c, "1.2." + (i + 1), "binary message of " + n + " bytes" + (chop > 0 ? ", sent in chops of 997" : ""), s -> {
                byte[] p = fill(0xfe, n);
                s.ok(Event.message(p, true)).closedByMe(NORMAL);
                s.frame(BINARY, p, true, 0, chop);
                s.closeAfter(WAIT * 2);
            });
        }
    }

    // ---- 2 ping/pong ----------------------------------------------------------------------------------

    private static void pingPong(List<Case> c) {
        add(c, "2.1", "ping without payload", s -> {
            s.ok(Event.pong("")).closedByMe(NORMAL);
            s.frame(PING, "");
            s.closeAfter(WAIT);
        });
        add(c, "2.2", "ping with a small text payload", s -> {
            s.ok(Event.pong("Hello, world!")).closedByMe(NORMAL);
            s.frame(PING, "Hello, world!");
            s.closeAfter(WAIT);
        });
        byte[] bin = hex("00fffefdfcfb00ff");
        add(c, "2.3", "ping with a small binary payload", s -> {
            s.ok(Event.pong(bin)).closedByMe(NORMAL);
            s.frame(PING, bin, true, 0, 0);
            s.closeAfter(WAIT);
        });
        add(c, "2.4", "ping with 125 octets", s -> {
            s.ok(Event.pong(fill(0xfe, 125))).closedByMe(NORMAL);
            s.frame(PING, fill(0xfe, 125), true, 0, 0);
            s.closeAfter(WAIT);
        });
        add(c, "2.5", "ping with 126 octets: control frames carry at most 125", s -> {
            s.ok().failedByServer(PROTOCOL_ERROR);
            s.frame(PING, fill(0xfe, 126), true, 0, 0);
            s.killAfter(WAIT);
        });
        add(c, "2.6", "ping with 125 octets, sent octet by octet", s -> {
            s.ok(Event.pong(fill(0xfe, 125))).closedByMe(NORMAL);
            s.frame(PING, fill(0xfe, 125), true, 0, 1);
            s.closeAfter(WAIT * 2);
        });
        add(c, "2.7", "unsolicited pong without payload: nothing comes back", s -> {
            s.ok().closedByMe(NORMAL);
            s.frame(PONG, "");
            s.sendClose(NORMAL, new byte[0]);
            s.closeAfter(WAIT);
        });
        add(c, "2.8", "unsolicited pong with payload: nothing comes back", s -> {
            s.ok().closedByMe(NORMAL);
            s.frame(PONG, "unsolicited pong payload");
            s.sendClose(NORMAL, new byte[0]);
            s.closeAfter(WAIT);
        });
        add(c, "2.9", "unsolicited pong, then a ping: only the ping is answered", s -> {
            s.ok(Event.pong("ping payload")).closedByMe(NORMAL);
            s.frame(PONG, "unsolicited pong payload");
            s.frame(PING, "ping payload");
            s.closeAfter(WAIT);
        });
        for (int chop : new int[] {0, 1}) {
            add(c, chop == 0 ? "2.10" : "2.11", "10 pings with payload" + (chop == 1 ? ", sent octet by octet" : ""), s -> {
                List<Event> pongs = new ArrayList<>();
                for (int i = 0; i < 10; i++) pongs.add(Event.pong("payload-" + i));
                s.ok(pongs.toArray(Event[]::new)).closedByMe(NORMAL);
                for (int i = 0; i < 10; i++) s.frame(PING, bytes("payload-" + i), true, 0, chop);
                s.closeAfter(WAIT * 3);
            });
        }
    }

    // ---- 3 reserved bits ------------------------------------------------------------------------------

    private static void reservedBits(List<Case> c) {
        add(c, "3.1", "text message with RSV = 1", s -> {
            s.ok().failedByServer(PROTOCOL_ERROR);
            s.frame(TEXT, bytes("Hello, world!"), true, 1, 0);
            s.killAfter(WAIT);
        });
        String[] how = {"in one chop", "frame by frame", "octet by octet"};
        for (int k = 0; k < 3; k++) {
            int rsv = k + 2, mode = k;
            add(c, "3." + (k + 2), "text message, then again with RSV = " + rsv + ", then a ping, " + how[mode], s -> {
                byte[] p = bytes("Hello, world!");
                s.ok(Event.message("Hello, world!")).nonStrict().failedByServer(PROTOCOL_ERROR);
                if (mode == 1) {
                    s.syncFrame(TEXT, p, true, 0);
                    s.syncFrame(TEXT, p, true, rsv);
                    s.syncFrame(PING, new byte[0], true, 0);
                } else {
                    int chop = mode == 2 ? 1 : 0;
                    s.frame(TEXT, p, true, 0, chop);
                    s.frame(TEXT, p, true, rsv, chop);
                    s.frame(PING, new byte[0], true, 0, chop);
                }
                s.killAfter(WAIT);
            });
        }
        add(c, "3.5", "binary message with RSV = 5", s -> {
            s.ok().failedByServer(PROTOCOL_ERROR);
            s.frame(BINARY, hex("00fffefdfcfb00ff"), true, 5, 0);
            s.killAfter(WAIT);
        });
        add(c, "3.6", "ping with RSV = 6", s -> {
            s.ok().failedByServer(PROTOCOL_ERROR);
            s.frame(PING, bytes("Hello, world!"), true, 6, 0);
            s.killAfter(WAIT);
        });
        add(c, "3.7", "close with RSV = 7", s -> {
            s.ok().failedByServer(PROTOCOL_ERROR);
            s.frame(CLOSE, new byte[0], true, 7, 0);
            s.killAfter(WAIT);
        });
    }

    // ---- 4 opcodes ------------------------------------------------------------------------------------

    private static void opcodes(List<Case> c) {
        int[][] groups = {{3, 4, 5, 6, 7}, {11, 12, 13, 14, 15}};
        for (int g = 0; g < 2; g++) {
            for (int i = 0; i < 5; i++) {
                int op = groups[g][i], variant = i;
                String id = "4." + (g + 1) + "." + (i + 1);
                String kind = g == 0 ? "non-control" : "control";
                if (variant < 2) {
                    add(c, id, "frame with reserved " + kind + " opcode " + op, s -> {
                        s.ok().failedByServer(PROTOCOL_ERROR);
                        s.frame(op, variant == 0 ? new byte[0] : bytes("reserved opcode payload"), true, 0, 0);
                        s.killAfter(WAIT);
                    });
                } else {
                    add(c, id, "text message, then a frame with reserved " + kind + " opcode " + op + ", then a ping"
                            + (variant == 4 ? ", octet by octet" : ""), s -> {
                        int chop = variant == 4 ? 1 : 0;
                        byte[] p = bytes("Hello, world!");
                        s.ok(Event.message("Hello, world!")).nonStrict().failedByServer(PROTOCOL_ERROR);
                        s.frame(TEXT, p, true, 0, chop);
                        s.frame(op, variant == 2 ? new byte[0] : p, true, 0, chop);
                        s.frame(PING, new byte[0], true, 0, chop);
                        s.killAfter(WAIT);
                    });
                }
            }
        }
    }

    // ---- 5 fragmentation ------------------------------------------------------------------------------

    private static void fragmentation(List<Case> c) {
        add(c, "5.1", "ping fragmented into 2 frames", s -> {
            s.ok().failedByServer(PROTOCOL_ERROR);
            s.frame(PING, bytes("fragment1"), false, 0, 0);
            s.frame(CONTINUATION, bytes("fragment2"), true, 0, 0);
            s.killAfter(WAIT);
        });
        add(c, "5.2", "pong fragmented into 2 frames", s -> {
            s.ok().failedByServer(PROTOCOL_ERROR);
            s.frame(PONG, bytes("fragment1"), false, 0, 0);
            s.frame(CONTINUATION, bytes("fragment2"), true, 0, 0);
            s.killAfter(WAIT);
        });
        String[] how = {"in one chop", "frame by frame", "octet by octet"};
        for (int m = 0; m < 3; m++) {
            int mode = m;
            add(c, "5." + (3 + m), "text message in 2 fragments, " + how[mode], s -> {
                s.ok(Event.message("fragment1fragment2")).closedByMe(NORMAL);
                send(s, mode, TEXT, "fragment1", false);
                send(s, mode, CONTINUATION, "fragment2", true);
                s.closeAfter(WAIT * 2);
            });
        }
        for (int m = 0; m < 3; m++) {
            int mode = m;
            add(c, "5." + (6 + m), "text message in 2 fragments with a ping in between, " + how[mode], s -> {
                s.ok(Event.pong("ping payload"), Event.message("fragment1fragment2")).closedByMe(NORMAL);
                send(s, mode, TEXT, "fragment1", false);
                send(s, mode, PING, "ping payload", true);
                send(s, mode, CONTINUATION, "fragment2", true);
                s.closeAfter(WAIT * 2);
            });
        }
        for (int m = 0; m < 3; m++) {
            int mode = m;
            add(c, "5." + (9 + m), "continuation (FIN) with nothing to continue, then a text message, " + how[mode], s -> {
                s.ok().failedByServer(PROTOCOL_ERROR);
                send(s, mode, CONTINUATION, "non-continuation payload", true);
                send(s, mode, TEXT, "Hello, world!", true);
                s.killAfter(WAIT);
            });
        }
        for (int m = 0; m < 3; m++) {
            int mode = m;
            add(c, "5." + (12 + m), "continuation (no FIN) with nothing to continue, then a text message, " + how[mode], s -> {
                s.ok().failedByServer(PROTOCOL_ERROR);
                send(s, mode, CONTINUATION, "non-continuation payload", false);
                send(s, mode, TEXT, "Hello, world!", true);
                s.killAfter(WAIT);
            });
        }
        add(c, "5.15", "text in 2 fragments, then a continuation with nothing to continue, then text", s -> {
            s.ok(Event.message("fragment1fragment2")).nonStrict().failedByServer(PROTOCOL_ERROR);
            s.frame(TEXT, bytes("fragment1"), false, 0, 0);
            s.frame(CONTINUATION, bytes("fragment2"), true, 0, 0);
            s.frame(CONTINUATION, bytes("fragment3"), false, 0, 0);
            s.frame(TEXT, bytes("fragment4"), true, 0, 0);
            s.killAfter(WAIT);
        });
        for (boolean fin : new boolean[] {false, true}) {
            add(c, fin ? "5.17" : "5.16", "twice: continuation (FIN=" + fin + ") with nothing to continue, then text in 2 fragments", s -> {
                s.ok().failedByServer(PROTOCOL_ERROR);
                for (int i = 0; i < 2; i++) {
                    s.frame(CONTINUATION, bytes("fragment1"), fin, 0, 0);
                    s.frame(TEXT, bytes("fragment2"), false, 0, 0);
                    s.frame(CONTINUATION, bytes("fragment3"), true, 0, 0);
                }
                s.killAfter(WAIT);
            });
        }
        add(c, "5.18", "text in 2 fragments, both with the text opcode", s -> {
            s.ok().failedByServer(PROTOCOL_ERROR);
            s.frame(TEXT, bytes("fragment1"), false, 0, 0);
            s.frame(TEXT, bytes("fragment2"), true, 0, 0);
            s.killAfter(WAIT);
        });
        for (boolean sync : new boolean[] {false, true}) {
            add(c, sync ? "5.20" : "5.19", "text in 5 fragments with 2 pings among them and a pause: each ping answered at once"
                    + (sync ? ", frame by frame" : ""), s -> {
                s.ok(Event.pong("pongme 1!"), Event.pong("pongme 2!"), Event.message("fragment1fragment2fragment3fragment4fragment5"))
                        .closedByMe(NORMAL);
                int mode = sync ? 1 : 0;
                send(s, mode, TEXT, "fragment1", false);
                send(s, mode, CONTINUATION, "fragment2", false);
                send(s, mode, PING, "pongme 1!", true);
                // The first pong must come while the message is still incomplete.
                if (!s.awaitEvents(1, WAIT)) s.force(Session.Verdict.FAILED, "no pong within 1 s for a ping inside a fragmented message");
                send(s, mode, CONTINUATION, "fragment3", false);
                send(s, mode, CONTINUATION, "fragment4", false);
                send(s, mode, PING, "pongme 2!", true);
                send(s, mode, CONTINUATION, "fragment5", true);
                s.closeAfter(WAIT * 2);
            });
        }
    }

    private static void send(Session s, int mode, int opcode, String payload, boolean fin) throws InterruptedException {
        if (mode == 1) s.syncFrame(opcode, bytes(payload), fin, 0);
        else s.frame(opcode, bytes(payload), fin, 0, mode == 2 ? 1 : 0);
    }

    // ---- 6 UTF-8 --------------------------------------------------------------------------------------

    static final byte[] KOSME = hex("cebae1bdb9cf83cebcceb5");

    private static void utf8(List<Case> c) {
        add(c, "6.1.1", "text message of length 0", s -> echo(s, new byte[0], 0));
        add(c, "6.1.2", "text message of length 0 in 3 empty fragments", s -> {
            s.ok(Event.message("")).closedByMe(NORMAL);
            s.frame(TEXT, new byte[0], false, 0, 0);
            s.frame(CONTINUATION, new byte[0], false, 0, 0);
            s.frame(CONTINUATION, new byte[0], true, 0, 0);
            s.closeAfter(WAIT);
        });
        add(c, "6.1.3", "text message of length 0 in fragments, the middle one non-empty", s -> {
            s.ok(Event.message("middle frame payload")).closedByMe(NORMAL);
            s.frame(TEXT, new byte[0], false, 0, 0);
            s.frame(CONTINUATION, bytes("middle frame payload"), false, 0, 0);
            s.frame(CONTINUATION, new byte[0], true, 0, 0);
            s.closeAfter(WAIT);
        });
        byte[] hello = bytes("Hello-µ@ßöäüàá-UTF-8!!");
        add(c, "6.2.1", "valid UTF-8 in one frame", s -> echo(s, hello, 0));
        add(c, "6.2.2", "valid UTF-8 in 2 frames split on a code point boundary", s -> {
            s.ok(Event.message(hello, false)).closedByMe(NORMAL);
            s.frame(TEXT, bytes("Hello-µ@ßöä"), false, 0, 0);
            s.frame(CONTINUATION, bytes("üàá-UTF-8!!"), true, 0, 0);
            s.closeAfter(WAIT);
        });
        add(c, "6.2.3", "valid UTF-8 in 1-octet fragments (frames end inside code points)", s -> echo(s, hello, 1));
        add(c, "6.2.4", "valid UTF-8 (kosme) in 1-octet fragments", s -> echo(s, KOSME, 1));
        byte[] bad = concat(KOSME, hex("eda080"), bytes("edited"));
        add(c, "6.3.1", "invalid UTF-8 (a surrogate) in one frame", s -> invalid(s, bad, 0));
        add(c, "6.3.2", "invalid UTF-8 (a surrogate) in 1-octet fragments", s -> invalid(s, bad, 1));
        failFast(c);
        int i = 5;
        for (Utf8Vectors.Group g : Utf8Vectors.groups()) {
            int j = 1;
            for (Utf8Vectors.Vector v : g.vectors()) {
                add(c, "6." + i + "." + j, g.name() + ": " + (v.valid() ? "valid " : "invalid ") + HexFormat.of().formatHex(v.bytes()),
                        s -> {
                            if (v.valid()) echo(s, v.bytes(), 0);
                            else invalid(s, v.bytes(), 0);
                        });
                j++;
            }
            i++;
        }
    }

    /** 6.4.x: the server must fail the connection at the first bad octet, before the message ends. */
    private static void failFast(List<Case> c) {
        byte[] whole = concat(KOSME, hex("f4908080"), bytes("edited"));
        // 6.4.1/6.4.3: the parts are the valid prefix, the 4 octets of U+110000, the valid rest;
        // 6.4.2/6.4.4: the prefix up to 0xf4, the octet 0x90 that makes it invalid, the rest.
        int[][] cuts = {{11, 15}, {12, 13}};
        String[][] ids = {{"6.4.1", "6.4.3"}, {"6.4.2", "6.4.4"}};
        for (int k = 0; k < 2; k++) {
            int a = cuts[k][0], b = cuts[k][1];
            for (int m = 0; m < 2; m++) {
                boolean frames = m == 0;
                add(c, ids[k][m], "invalid UTF-8 sent as 3 " + (frames ? "frames" : "chops of one frame")
                        + " with 1 s pauses: fail fast at octet " + a, s -> {
                    s.ok(Event.timeout("A")).nonStrict(Event.timeout("A"), Event.timeout("B")).failedByServer(INVALID_PAYLOAD)
                            .wrongEndpointIsFatal();
                    byte[] frame = WireClient.encode(TEXT, whole, true, 0, true);
                    int head = frame.length - whole.length;
                    if (frames) s.frame(TEXT, Arrays.copyOfRange(whole, 0, a), false, 0, 0);
                    else s.ws.write(Arrays.copyOfRange(frame, 0, head + a), 0);
                    s.pause(WAIT);
                    if (!s.isOpen()) {
                        s.killAfter(WAIT);
                        return;
                    }
                    s.marker("A");
                    if (frames) s.frame(CONTINUATION, Arrays.copyOfRange(whole, a, b), false, 0, 0);
                    else s.ws.write(Arrays.copyOfRange(frame, head + a, head + b), 0);
                    s.ws.await(() -> !s.isOpen(), WAIT);
                    if (!s.isOpen()) {
                        s.killAfter(WAIT);
                        return;
                    }
                    s.marker("B");
                    if (frames) s.frame(CONTINUATION, Arrays.copyOfRange(whole, b, whole.length), true, 0, 0);
                    else s.ws.write(Arrays.copyOfRange(frame, head + b, frame.length), 0);
                    s.killAfter(WAIT);
                });
            }
        }
    }

    private static void echo(Session s, byte[] text, int fragmentSize) throws InterruptedException {
        s.ok(Event.message(text, false)).closedByMe(NORMAL);
        if (fragmentSize > 0) s.ws.message(text, false, fragmentSize, false);
        else s.frame(TEXT, text, true, 0, 0);
        s.closeAfter(WAIT);
    }

    private static void invalid(Session s, byte[] text, int fragmentSize) throws InterruptedException {
        s.ok().failedByServer(INVALID_PAYLOAD).wrongEndpointIsFatal();
        if (fragmentSize > 0) s.ws.message(text, false, fragmentSize, false);
        else s.frame(TEXT, text, true, 0, 0);
        s.killAfter(WAIT);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] p : parts) o.writeBytes(p);
        return o.toByteArray();
    }

    // ---- 7 close --------------------------------------------------------------------------------------

    private static void close(List<Case> c) {
        add(c, "7.1.1", "a message, then a close frame", s -> {
            s.ok(Event.message("Hello World!")).closedByMe(NORMAL);
            s.frame(TEXT, "Hello World!");
            s.closeAfter(WAIT);
        });
        add(c, "7.1.2", "two close frames", s -> {
            s.ok().closedByMe(NORMAL);
            s.sendClose(NORMAL, new byte[0]);
            s.frame(CLOSE, "");
            s.killAfter(WAIT);
        });
        add(c, "7.1.3", "a ping after the close frame: no pong", s -> {
            s.ok().closedByMe(NORMAL);
            s.sendClose(NORMAL, new byte[0]);
            s.frame(PING, "");
            s.killAfter(WAIT);
        });
        add(c, "7.1.4", "a text message after the close frame: no echo", s -> {
            s.ok().closedByMe(NORMAL);
            s.sendClose(NORMAL, new byte[0]);
            s.frame(TEXT, "Hello World!");
            s.killAfter(WAIT);
        });
        add(c, "7.1.5", "a close frame between two fragments of a message", s -> {
            s.ok().closedByMe(NORMAL);
            s.frame(TEXT, bytes("fragment1"), false, 0, 0);
            s.sendClose(NORMAL, new byte[0]);
            s.frame(CONTINUATION, bytes("fragment2"), true, 0, 0);
            s.killAfter(WAIT);
        });
        add(c, "7.1.6", "256 KiB text, a small text, close, ping (informational: close may overtake the echo)", s -> {
            s.ok(Event.message(repeat("BAsd7&jh23", 256 << 10), false), Event.message("Hello World!")).nonStrict()
                    .closedByMe(NORMAL).informational();
            s.frame(TEXT, repeat("BAsd7&jh23", 256 << 10), true, 0, 0);
            s.frame(TEXT, "Hello World!");
            s.sendClose(NORMAL, new byte[0]);
            s.frame(PING, "");
            s.killAfter(WAIT * 2);
        });
        add(c, "7.3.1", "close with an empty payload", s -> {
            s.ok().closedByMe(NORMAL);
            s.sendClose(null, null);
            s.killAfter(WAIT);
        });
        add(c, "7.3.2", "close with a 1-byte payload", s -> {
            s.ok().closedByMe(PROTOCOL_ERROR).requireClean(false);
            s.ws.closeRaw(bytes("a"));
            s.killAfter(WAIT);
        });
        add(c, "7.3.3", "close with code 1000 and no reason", s -> {
            s.ok().closedByMe(NORMAL);
            s.sendClose(NORMAL, new byte[0]);
            s.killAfter(WAIT);
        });
        add(c, "7.3.4", "close with code 1000 and a reason", s -> {
            s.ok().closedByMe(NORMAL);
            s.sendClose(NORMAL, bytes("Hello World!"));
            s.killAfter(WAIT);
        });
        add(c, "7.3.5", "close with code 1000 and a 123-byte reason (125 in all)", s -> {
            s.ok().closedByMe(NORMAL);
            s.sendClose(NORMAL, fill('*', 123));
            s.killAfter(WAIT);
        });
        add(c, "7.3.6", "close with code 1000 and a 124-byte reason (126 in all: too long)", s -> {
            s.ok().closedByMe(PROTOCOL_ERROR).requireClean(false);
            s.sendClose(NORMAL, fill('*', 124));
            s.killAfter(WAIT);
        });
        add(c, "7.5.1", "close with code 1000 and a reason that is not UTF-8", s -> {
            s.ok().closedByMe(PROTOCOL_ERROR, INVALID_PAYLOAD).requireClean(false);
            s.sendClose(NORMAL, hex("cebae1bdb9cf83cebcceb5eda080656469746564"));
            s.killAfter(WAIT);
        });
        int[] valid = {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 3999, 4000, 4999};
        for (int i = 0; i < valid.length; i++) {
            int code = valid[i];
            add(c, "7.7." + (i + 1), "close with the valid code " + code, s -> {
                s.ok().closedByMe(NORMAL, code);
                s.sendClose(code, new byte[0]);
                s.killAfter(WAIT);
            });
        }
        int[] invalid = {0, 999, 1004, 1005, 1006, 1016, 1100, 2000, 2999};
        for (int i = 0; i < invalid.length; i++) {
            int code = invalid[i];
            add(c, "7.9." + (i + 1), "close with the invalid code " + code, s -> {
                s.ok().closedByMe(PROTOCOL_ERROR).requireClean(false);
                s.sendClose(code, new byte[0]);
                s.killAfter(WAIT);
            });
        }
        int[] undefined = {5000, 65535};
        for (int i = 0; i < undefined.length; i++) {
            int code = undefined[i];
            add(c, "7.13." + (i + 1), "close with the code " + code + " (informational)", s -> {
                s.ok().closedByMe(NORMAL, code, PROTOCOL_ERROR).requireClean(false).informational();
                s.sendClose(code, new byte[0]);
                s.killAfter(WAIT);
            });
        }
    }

    // ---- 9 limits and performance (a bounded subset) ------------------------------------------------

    private static void limits(List<Case> c) {
        int[] sizes = {64 << 10, 256 << 10, 1 << 20, 4 << 20};
        for (int i = 0; i < sizes.length; i++) {
            int n = sizes[i];
            add(c, "9.1." + (i + 1), "text message of " + n + " bytes in one frame", s -> big(s, repeat("BAsd7&jh23", n), false, 0, 0));
            add(c, "9.2." + (i + 1), "binary message of " + n + " bytes in one frame", s -> big(s, repeat(hex("00fe23faf0"), n), true, 0, 0));
        }
        int[] frags = {64, 4 << 10, 64 << 10};
        int[] fragIds = {1, 4, 6};
        for (int i = 0; i < frags.length; i++) {
            int f = frags[i];
            add(c, "9.3." + fragIds[i], "4 MiB text message in fragments of " + f, s -> big(s, repeat("*", 4 << 20), false, f, 0));
            add(c, "9.4." + fragIds[i], "4 MiB binary message in fragments of " + f, s -> big(s, fill(0xfe, 4 << 20), true, f, 0));
        }
        int[] chops = {64, 512, 2048};
        int[] chopIds = {1, 4, 6};
        for (int i = 0; i < chops.length; i++) {
            int ch = chops[i];
            add(c, "9.5." + chopIds[i], "1 MiB text frame written in chops of " + ch, s -> big(s, repeat("BAsd7&jh23", 1 << 20), false, 0, ch));
            add(c, "9.6." + chopIds[i], "1 MiB binary frame written in chops of " + ch, s -> big(s, fill(0xfe, 1 << 20), true, 0, ch));
        }
        int[] lens = {0, 64, 4096};
        int[] lenIds = {1, 3, 6};
        for (int i = 0; i < lens.length; i++) {
            int len = lens[i];
            add(c, "9.7." + lenIds[i], "1000 text messages of " + len + " bytes, one at a time", s -> roundTrips(s, len, false, 1000));
            add(c, "9.8." + lenIds[i], "1000 binary messages of " + len + " bytes, one at a time", s -> roundTrips(s, len, true, 1000));
        }
    }

    private static void big(Session s, byte[] payload, boolean binary, int fragmentSize, int chop) throws InterruptedException {
        s.closedByMe(NORMAL);
        if (chop > 0) s.frame(binary ? BINARY : TEXT, payload, true, 0, chop);
        else s.ws.message(payload, binary, fragmentSize, false);
        if (!s.awaitEvents(1, 100_000)) {
            s.force(Session.Verdict.FAILED, "no echo within 100 s");
        } else {
            Event e = s.ws.event(0);
            if (e.binary() != binary || !Arrays.equals(e.data(), payload)) {
                s.force(Session.Verdict.FAILED, "echo differs: " + e.data().length + " bytes, binary=" + e.binary());
            } else {
                s.force(Session.Verdict.OK, "echoed " + payload.length + " bytes");
            }
        }
        s.closeAfter(0);
    }

    private static void roundTrips(Session s, int len, boolean binary, int count) throws InterruptedException {
        s.closedByMe(NORMAL);
        byte[] p = binary ? fill(0xfe, len) : fill('*', len);
        long t0 = System.nanoTime();
        for (int i = 0; i < count; i++) {
            s.frame(binary ? BINARY : TEXT, p, true, 0, 0);
            if (!s.awaitEvents(i + 1, 60_000)) {
                s.force(Session.Verdict.FAILED, "no echo for message " + i);
                break;
            }
            Event e = s.ws.event(i);
            if (e.binary() != binary || !Arrays.equals(e.data(), p)) {
                s.force(Session.Verdict.FAILED, "echo " + i + " differs");
                break;
            }
        }
        s.force(Session.Verdict.OK, count + " round trips in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        s.closeAfter(0);
    }

    // ---- 10 misc ---------------------------------------------------------------------------------------

    private static void misc(List<Case> c) {
        add(c, "10.1.1", "64 KiB text message sent in 1300-byte fragments", s -> {
            byte[] p = fill('*', 65536);
            s.ok(Event.message(p, false)).closedByMe(NORMAL);
            s.ws.message(p, false, 1300, false);
            s.closeAfter(WAIT * 10);
        });
    }

    // ---- 12, 13 permessage-deflate --------------------------------------------------------------------

    /** Sizes and fragment sizes as in Autobahn's 12.x (a subset); counts cut to bound the run time. */
    private static final int[][] DEFLATE_SIZES = {{16, 0}, {64, 0}, {1024, 0}, {4096, 0}, {65536, 0}, {131072, 0}, {8192, 256},
        {65536, 256}, {131072, 1024}, {131072, 32768}};

    private static int count(int size) {
        return size <= 4096 ? 200 : 20;
    }

    private static void deflate(List<Case> c) {
        String[] names = {"JSON-like text", "binary with repeats", "random binary"};
        for (int d = 0; d < names.length; d++) {
            int data = d;
            for (int i = 0; i < DEFLATE_SIZES.length; i++) {
                int size = DEFLATE_SIZES[i][0], frag = DEFLATE_SIZES[i][1];
                String id = "12." + (d + 1) + "." + (i + 1);
                c.add(new Case(id, count(size) + " compressed " + names[data] + " messages of " + size + " bytes"
                        + (frag > 0 ? ", in fragments of " + frag : ""), "permessage-deflate; client_max_window_bits",
                        s -> compressedEchoes(s, TestData.of(data), size, frag, count(size))));
            }
        }
        String[] offers = {
            "permessage-deflate; client_max_window_bits",
            "permessage-deflate; client_no_context_takeover; client_max_window_bits; server_no_context_takeover",
            "permessage-deflate; client_max_window_bits; server_max_window_bits=9",
            "permessage-deflate; client_max_window_bits; server_max_window_bits=15",
            "permessage-deflate; client_no_context_takeover; client_max_window_bits; server_no_context_takeover; server_max_window_bits=9",
            "permessage-deflate; client_no_context_takeover; client_max_window_bits; server_no_context_takeover; server_max_window_bits=15",
            "permessage-deflate; client_no_context_takeover; client_max_window_bits; server_no_context_takeover; server_max_window_bits=9,"
                    + " permessage-deflate; client_no_context_takeover; client_max_window_bits; server_no_context_takeover,"
                    + " permessage-deflate; client_max_window_bits"};
        int[][] sizes = {{16, 0}, {1024, 0}, {65536, 0}, {131072, 1024}};
        for (int o = 0; o < offers.length; o++) {
            String offer = offers[o];
            for (int i = 0; i < sizes.length; i++) {
                int size = sizes[i][0], frag = sizes[i][1];
                c.add(new Case("13." + (o + 1) + "." + (i + 1), count(size) + " compressed messages of " + size + " bytes, offer: " + offer,
                        offer, s -> {
                            WireClient.Deflate d = s.ws.deflate();
                            if (d != null && offer.contains("server_max_window_bits=9") && !offer.contains(",")
                                    && d.serverMaxWindowBits() > 9) {
                                s.force(Session.Verdict.FAILED, "server accepted server_max_window_bits=9 but answered " + d);
                            }
                            if (d != null && offer.contains("server_no_context_takeover") && !offer.contains(",")
                                    && !d.serverNoContextTakeover()) {
                                s.force(Session.Verdict.FAILED, "server accepted server_no_context_takeover without echoing it");
                            }
                            compressedEchoes(s, TestData.of(0), size, frag, count(size));
                        }));
            }
        }
    }

    private static void compressedEchoes(Session s, TestData data, int size, int fragmentSize, int count) throws InterruptedException {
        s.closedByMe(NORMAL);
        if (s.ws.deflate() == null) {
            s.force(Session.Verdict.UNIMPLEMENTED, "the server did not accept permessage-deflate");
            s.closeAfter(0);
            return;
        }
        for (int i = 0; i < count; i++) {
            byte[] msg = data.slice(i, size);
            if (!s.ws.message(msg, data.binary(), fragmentSize, true) || !s.awaitEvents(i + 1, 60_000)) {
                s.force(Session.Verdict.FAILED, "no echo for message " + i);
                break;
            }
            Event e = s.ws.event(i);
            if (e.binary() != data.binary() || !Arrays.equals(e.data(), msg)) {
                s.force(Session.Verdict.FAILED, "echo " + i + " differs (" + e.data().length + " bytes, expected " + size + ")");
                break;
            }
        }
        s.force(Session.Verdict.OK, count + " compressed echoes; negotiated " + s.ws.deflate());
        s.closeAfter(0);
    }
}
