package org.gevent4j.websocket.conformance;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gevent4j.websocket.conformance.WireClient.Event;

/**
 * One case's run against one server: what the case sends, what it expects, and the verdict.
 *
 * <p>The verdict follows Autobahn TestSuite's {@code case.py}: the events received must equal the
 * OK list (else the NON-STRICT list, else FAILED), and the closing handshake is judged on its own:
 * the endpoint that had to close it, the close codes allowed, and whether a clean close (close
 * frames both ways, then the server drops TCP) is required. Two points are stricter than Autobahn:
 * a server that fails the connection without sending a close frame gets NON-STRICT (Autobahn calls it
 * OK; the project's must-haves ask for the close code), and whatever the reader flags as a server
 * protocol violation (a masked frame, RSV bits, bad UTF-8 in text) fails the case.
 */
final class Session {
    enum Verdict { OK, NON_STRICT, INFORMATIONAL, UNIMPLEMENTED, FAILED }

    /** How long a server has to drop TCP after the closing handshake before we call it unclean. */
    static final long CLOSE_GRACE_MILLIS = 2000;

    final WireClient ws;
    private final Map<Verdict, List<Event>> expected = new LinkedHashMap<>();
    private boolean expectClosedByMe = true;
    private int[] closeCodes = {1000};
    private boolean requireClean = true;
    private boolean wrongEndpointFatal;
    private boolean informational;
    private Verdict forced;            // a verdict a case computed itself (categories 9, 10, 12, 13)
    private String forcedReason = "";
    private boolean ended;

    Session(WireClient ws) {
        this.ws = ws;
    }

    // ---- what the case expects ------------------------------------------------------------------

    Session ok(Event... events) {
        expected.put(Verdict.OK, List.of(events));
        return this;
    }

    Session nonStrict(Event... events) {
        expected.put(Verdict.NON_STRICT, List.of(events));
        return this;
    }

    /** We close the connection (closedByMe); the server must answer with one of these codes. */
    Session closedByMe(int... codes) {
        expectClosedByMe = true;
        closeCodes = codes;
        requireClean = true;
        return this;
    }

    /** The server must fail the connection, with one of these codes. */
    Session failedByServer(int... codes) {
        expectClosedByMe = false;
        closeCodes = codes;
        requireClean = false;
        return this;
    }

    Session requireClean(boolean clean) {
        requireClean = clean;
        return this;
    }

    Session wrongEndpointIsFatal() {
        wrongEndpointFatal = true;
        return this;
    }

    /** The spec leaves the outcome open: the case reports what happened and cannot fail (7.1.6, 7.13.x). */
    Session informational() {
        informational = true;
        return this;
    }

    void force(Verdict v, String reason) {
        if (forced == null || forced == Verdict.OK) {
            forced = v;
            forcedReason = reason;
        }
    }

    // ---- what the case sends ------------------------------------------------------------------------

    boolean frame(int opcode, String payload) {
        return frame(opcode, payload.getBytes(UTF_8), true, 0, 0);
    }

    boolean frame(int opcode, byte[] payload, boolean fin, int rsv, int chop) {
        return ws.frame(opcode, payload, fin, rsv, true, chop);
    }

    /** Autobahn's {@code sync=True}: the frame's octets go out in one write, then a short pause so it gets a segment of its own. */
    boolean syncFrame(int opcode, byte[] payload, boolean fin, int rsv) throws InterruptedException {
        boolean r = ws.frame(opcode, payload, fin, rsv, true, 0);
        Thread.sleep(5);
        return r;
    }

    boolean message(byte[] data, boolean binary, int fragmentSize) {
        return ws.message(data, binary, fragmentSize, true);
    }

    boolean sendClose(Integer code, byte[] reason) {
        return ws.close(code, reason);
    }

    void pause(long millis) throws InterruptedException {
        ws.await(() -> false, millis);
    }

    boolean isOpen() {
        return ws.isOpen();
    }

    void marker(String label) {
        ws.recordMarker(Event.timeout(label));
    }

    // ---- how the case ends ----------------------------------------------------------------------------

    /**
     * Autobahn's {@code closeAfter}: waits until the events match what the case expects (or the time
     * is up), then starts the closing handshake with 1000 unless a close frame already went out, and
     * waits for the server to drop TCP.
     */
    void closeAfter(long millis) throws InterruptedException {
        ws.await(() -> !ws.isOpen() || (expected.size() == 1 && expected.values().iterator().next().equals(ws.events())), millis);
        if (ws.isOpen() && !ws.closeSent()) ws.close(1000, new byte[0]);
        ws.await(ws::tcpClosed, CLOSE_GRACE_MILLIS);
        ended = true;
    }

    /**
     * Autobahn's {@code killAfter}: waits for the server to drop TCP (failing the connection, or
     * finishing a closing handshake this side started); at the deadline the connection is dropped.
     */
    void killAfter(long millis) throws InterruptedException {
        ws.await(ws::tcpClosed, millis);
        if (!ws.tcpClosed() && ws.closeReceived()) ws.await(ws::tcpClosed, CLOSE_GRACE_MILLIS);
        ended = true;
    }

    /** Waits until {@code n} events arrived or the connection ended; false at the deadline. */
    boolean awaitEvents(int n, long millis) throws InterruptedException {
        return ws.await(() -> ws.eventCount() >= n || !ws.isOpen(), millis) && ws.eventCount() >= n;
    }

    // ---- verdict ------------------------------------------------------------------------------------

    record Result(String id, Verdict behavior, Verdict close, String detail) {
        boolean passed() {
            return behavior != Verdict.FAILED && close != Verdict.FAILED;
        }

        boolean strictlyOk() {
            return (behavior == Verdict.OK || behavior == Verdict.INFORMATIONAL) && (close == Verdict.OK || close == Verdict.INFORMATIONAL);
        }

        @Override
        public String toString() {
            return String.format("%-8s %-13s %-13s %s", id, behavior, close, detail);
        }
    }

    Result verdict(String id) throws IOException, InterruptedException {
        if (!ended) killAfter(1);
        boolean serverDropped = ws.tcpClosed(); // before we drop it ourselves
        ws.close();
        List<Event> got = ws.events();
        Verdict behavior = Verdict.FAILED;
        String detail = "received " + abbreviate(got);
        if (forced != null) {
            behavior = forced;
            detail = forcedReason;
        } else {
            for (Map.Entry<Verdict, List<Event>> e : expected.entrySet()) {
                if (e.getValue().equals(got)) {
                    behavior = e.getKey();
                    break;
                }
            }
            if (behavior == Verdict.FAILED) detail += "; expected one of " + abbreviate(expected);
        }

        Verdict close;
        String why;
        Integer code = ws.remoteCode();
        boolean clean = ws.closeSent() && ws.closeReceived() && serverDropped;
        if (ws.closedByMe() != expectClosedByMe) {
            close = Verdict.FAILED;
            why = expectClosedByMe ? "the server closed first (code " + code + " " + ws.remoteReason() + ")" : "the server did not fail the connection (we had to close it)";
            if (wrongEndpointFatal) behavior = Verdict.FAILED;
        } else if (!expectClosedByMe && !ws.closeReceived() && !serverDropped) {
            close = Verdict.FAILED;
            why = "the server neither sent a close frame nor dropped the connection";
            if (wrongEndpointFatal) behavior = Verdict.FAILED;
        } else if (requireClean && !clean) {
            close = Verdict.FAILED;
            why = "UNCLEAN: " + (!ws.closeReceived() ? "no close frame from the server" : "the server did not drop TCP within " + CLOSE_GRACE_MILLIS + " ms");
        } else if (code != null && Arrays.stream(closeCodes).noneMatch(c -> c == code)) {
            close = Verdict.FAILED;
            why = "WRONG CODE " + code + ", expected " + Arrays.toString(closeCodes);
        } else if (!expectClosedByMe && !ws.closeReceived()) {
            close = Verdict.NON_STRICT;
            why = "the server dropped TCP without a close frame (expected code " + Arrays.toString(closeCodes) + ")";
        } else {
            close = Verdict.OK;
            why = "close " + (code == null ? "(no code)" : code);
        }
        if (ws.violation() != null) {
            behavior = Verdict.FAILED;
            detail = "server protocol violation: " + ws.violation() + "; " + detail;
        }
        if (informational) {
            detail = "INFORMATIONAL " + behavior + "/" + close + ": " + detail + "; " + why;
            return new Result(id, Verdict.INFORMATIONAL, Verdict.INFORMATIONAL, detail);
        }
        return new Result(id, behavior, close, detail + "; " + why);
    }

    private static String abbreviate(Object o) {
        String s = String.valueOf(o);
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

    static List<Event> list(Event... e) {
        return new ArrayList<>(List.of(e));
    }
}
