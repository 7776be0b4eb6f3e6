package org.gevent4j.backdoor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A plain socket client of the console, as nc is: sends lines, reads up to the next prompt. */
final class ConsoleClient implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    ConsoleClient(InetSocketAddress address) throws IOException {
        socket = new Socket(address.getAddress(), address.getPort());
        socket.setSoTimeout(60_000); // a session's first JShell compile is slow on a busy machine
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /** Everything up to (not including) the next {@code >>> } or {@code ... } prompt at a line's start, or to the end of input. */
    String untilPrompt() throws IOException {
        return until(">>> ", "... ");
    }

    /** Whether the last {@link #untilPrompt()} ended at the continuation prompt. */
    boolean continuation;

    /** Reads until one of {@code ends} at a line's start (not included in the result), or to the end of input. */
    String until(String... ends) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        while (true) {
            int c = in.read();
            if (c < 0) return b.toString(StandardCharsets.UTF_8);
            b.write(c);
            String s = b.toString(StandardCharsets.UTF_8);
            for (String e : ends) {
                // A prompt starts a line ("... 7 more" in a stack trace is not one).
                if (s.endsWith(e) && (s.length() == e.length() || s.charAt(s.length() - e.length() - 1) == '\n')) {
                    continuation = e.equals("... ");
                    return s.substring(0, s.length() - e.length());
                }
            }
        }
    }

    /** Sends {@code line} and a newline; returns what came back before the next prompt. */
    String eval(String line) throws IOException {
        send(line);
        return untilPrompt();
    }

    void send(String line) throws IOException {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    /** Bytes available now without blocking. */
    int available() throws IOException {
        return in.available();
    }

    /** The rest of the stream: what the server sends before closing. */
    String rest() throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
