package org.gevent4j.http;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** A raw-socket HTTP/1.1 client for tests: sends bytes as given, parses responses strictly enough to check framing. */
final class RawClient implements AutoCloseable {
    record Response(int status, String statusLine, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        boolean closes() {
            return "close".equalsIgnoreCase(header("connection"));
        }
    }

    final Socket socket;
    private final InputStream in;

    RawClient(int port) throws IOException {
        this(new Socket("127.0.0.1", port));
    }

    /** Over a connected socket of the test's making (a TLS one, say). */
    RawClient(Socket connected) throws IOException {
        socket = connected;
        socket.setSoTimeout(10_000);
        in = new BufferedInputStream(socket.getInputStream());
    }

    RawClient send(String raw) throws IOException {
        socket.getOutputStream().write(raw.getBytes(ISO_8859_1));
        socket.getOutputStream().flush();
        return this;
    }

    RawClient send(byte[] raw) throws IOException {
        socket.getOutputStream().write(raw);
        return this;
    }

    /** One response to a non-HEAD request. */
    Response read() throws IOException {
        return read(false);
    }

    Response read(boolean head) throws IOException {
        String statusLine = line();
        if (statusLine == null) throw new java.io.EOFException("connection closed before a response");
        Map<String, String> headers = new LinkedHashMap<>();
        String l;
        while (!(l = line()).isEmpty()) {
            int colon = l.indexOf(':');
            headers.merge(l.substring(0, colon).toLowerCase(Locale.ROOT), l.substring(colon + 1).strip(), (a, b) -> a + ", " + b);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        String body = "";
        boolean noBody = head || status < 200 || status == 204 || status == 304;
        if (!noBody) {
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                int size;
                while ((size = Integer.parseInt(line(), 16)) > 0) {
                    b.write(in.readNBytes(size));
                    line();
                }
                line();
                body = b.toString(ISO_8859_1);
            } else if (headers.containsKey("content-length")) {
                body = new String(in.readNBytes(Integer.parseInt(headers.get("content-length"))), ISO_8859_1);
            } else {
                body = new String(in.readAllBytes(), ISO_8859_1);
            }
        }
        return new Response(status, statusLine, headers, body);
    }

    /** Whether the server closed the connection (end of stream, or a reset) with nothing more to read. */
    boolean closedByServer() throws IOException {
        try {
            return in.read() == -1;
        } catch (java.net.SocketException e) {
            return true;
        }
    }

    /** Everything until the server closes. */
    String readToEnd() throws IOException {
        return new String(in.readAllBytes(), ISO_8859_1);
    }

    private String line() throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                if (b.length() > 0 && b.charAt(b.length() - 1) == '\r') b.setLength(b.length() - 1);
                return b.toString();
            }
            b.append((char) c);
        }
        return b.isEmpty() ? null : b.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
