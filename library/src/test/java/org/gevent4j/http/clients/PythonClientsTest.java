package org.gevent4j.http.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Python's http.client, and h11 as a strict response validator (h11_client.py: every response on
 * one keep-alive connection parsed by h11's client state machine; any protocol error fails).
 */
@Timeout(60)
class PythonClientsTest {
    static ClientServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new ClientServer();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) server.close();
    }

    static List<Map<String, Object>> runScript(String script, String... modules) throws Exception {
        return Tools.jsonLines(20, Tools.python(modules), Tools.resource(script).toString(), String.valueOf(server.port()));
    }

    @Test
    void h11FindsNoProtocolErrorInAnyResponse() throws Exception {
        List<Map<String, Object>> out = runScript("h11_client.py", "h11");
        assertThat(out).hasSize(10);

        Map<String, Object> get = Json.named(out, "get");
        assertThat(get).containsEntry("status", 200L).containsEntry("body", "Hello, World!").containsEntry("http_version", "1.1");
        assertThat(Json.obj(get, "headers")).containsEntry("content-type", "text/plain").containsEntry("content-length", "13").containsKey("date");

        Map<String, Object> head = Json.named(out, "head");
        assertThat(head).containsEntry("status", 200L).containsEntry("body", "");
        assertThat(Json.obj(head, "headers")).containsEntry("content-length", "13");

        assertThat(Json.named(out, "post-length")).containsEntry("status", 200L).containsEntry("body", "hello h11".repeat(1000));
        Map<String, Object> chunked = Json.named(out, "post-chunked");
        assertThat(chunked).containsEntry("status", 200L).containsEntry("body", "one," + "two,".repeat(3000) + "three");
        assertThat(Json.obj(chunked, "headers")).containsEntry("x-request-te", "chunked");

        Map<String, Object> getChunked = Json.named(out, "get-chunked");
        assertThat(getChunked).containsEntry("status", 200L).containsEntry("body", ClientServer.CHUNKED_BODY);
        assertThat(Json.obj(getChunked, "headers")).containsEntry("transfer-encoding", "chunked");

        assertThat(Json.named(out, "nocontent")).containsEntry("status", 204L).containsEntry("body", "");
        assertThat(Json.named(out, "missing")).containsEntry("status", 404L);

        Map<String, Object> expect = Json.named(out, "expect-100");
        assertThat(expect).containsEntry("status", 200L).containsEntry("informational", List.of(100L)).containsEntry("body", "z".repeat(70000));

        Map<String, Object> close = Json.named(out, "close");
        assertThat(close).containsEntry("status", 200L).containsEntry("body", "Hello, World!");
        assertThat(Json.obj(close, "headers")).containsEntry("connection", "close");
        assertThat(out.get(out.size() - 1)).containsEntry("closed", true);
    }

    @Test
    void httpClientKeepAliveChunkedAndHttp10() throws Exception {
        List<Map<String, Object>> out = runScript("http_client.py");
        Map<String, Object> get = Json.named(out, "get");
        assertThat(get).containsEntry("status", 200L).containsEntry("version", 11L).containsEntry("body", "Hello, World!");
        assertThat(Json.obj(get, "headers")).containsEntry("content-type", "text/plain").containsEntry("content-length", "13");

        assertThat(Json.named(out, "head")).containsEntry("status", 200L).containsEntry("body", "").containsEntry("same_socket", true);
        assertThat(Json.named(out, "post")).containsEntry("body", "abc".repeat(1000)).containsEntry("same_socket", true);
        Map<String, Object> chunked = Json.named(out, "post-chunked");
        assertThat(chunked).containsEntry("body", "chunk-1," + "chunk-2,".repeat(2000) + "end").containsEntry("same_socket", true);
        assertThat(Json.obj(chunked, "headers")).containsEntry("x-request-te", "chunked");
        assertThat(Json.named(out, "get-chunked")).containsEntry("body", ClientServer.CHUNKED_BODY).containsEntry("same_socket", true);
        assertThat(Json.named(out, "nocontent")).containsEntry("status", 204L).containsEntry("same_socket", true);

        Map<String, Object> get10 = Json.named(out, "get-1.0");
        assertThat(get10).containsEntry("status", 200L).containsEntry("body", "Hello, World!");
        assertThat(Json.named(out, "1.0-will-close")).containsEntry("will_close", true);
    }
}
