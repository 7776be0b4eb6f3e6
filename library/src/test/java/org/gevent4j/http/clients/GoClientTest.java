package org.gevent4j.http.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Go's net/http client against gevent4j's server: go_client.go, built by {@code go run} (standard library only). */
@Timeout(240) // the first build of net/http takes a while on a busy machine; later runs hit Go's build cache
class GoClientTest {
    static ClientServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new ClientServer();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) server.close();
    }

    @Test
    void goGetKeepAliveHeadPostChunkedUploadExpectContinueChunkedDownload() throws Exception {
        String go = Tools.require("go", "/usr/lib/go/bin/go");
        // go run wants a file named *.go in a directory of its own.
        Path dir = Files.createTempDirectory("g4j-go-client");
        Path src = Files.copy(Tools.resource("go_client.go"), dir.resolve("go_client.go"));
        try {
            List<Map<String, Object>> out = Tools.jsonLines(200, go, "run", src.toString(), String.valueOf(server.port()));

            Map<String, Object> get = Json.named(out, "get");
            assertThat(get).containsEntry("status", 200L).containsEntry("body", "Hello, World!").containsEntry("proto", "HTTP/1.1");
            assertThat(Json.obj(get, "headers")).containsEntry("content-type", "text/plain").containsEntry("content-length", "13").containsKey("date");
            assertThat(Json.named(out, "get-again")).as("keep-alive").containsEntry("reused", true);
            Map<String, Object> head = Json.named(out, "head");
            assertThat(head).containsEntry("status", 200L).containsEntry("body", "");
            assertThat(Json.obj(head, "headers")).containsEntry("content-length", "13");
            Map<String, Object> post = Json.named(out, "post");
            assertThat(post).containsEntry("body", "go says hi ".repeat(1000));
            assertThat(Json.obj(post, "headers")).containsEntry("x-request-cl", String.valueOf(11 * 1000));
            Map<String, Object> chunkedUp = Json.named(out, "post-chunked");
            assertThat(chunkedUp).containsEntry("status", 200L).containsEntry("body", "part-1," + "part-2,".repeat(3000) + "end");
            assertThat(Json.obj(chunkedUp, "headers")).containsEntry("x-request-te", "chunked");
            Map<String, Object> expect = Json.named(out, "expect");
            assertThat(expect).containsEntry("status", 200L).containsEntry("body", "after the 100");
            assertThat(Json.obj(expect, "headers")).containsEntry("x-expect", "100-continue").containsEntry("x-method", "PUT");
            Map<String, Object> chunkedDown = Json.named(out, "get-chunked");
            assertThat(chunkedDown).containsEntry("body", ClientServer.CHUNKED_BODY);
            assertThat(Json.obj(chunkedDown, "headers")).containsEntry("transfer-encoding", "chunked");
            assertThat(Json.named(out, "nocontent")).containsEntry("status", 204L).containsEntry("body", "");
            assertThat(Json.named(out, "missing")).containsEntry("status", 404L);
        } finally {
            Files.deleteIfExists(src);
            Files.deleteIfExists(dir);
        }
    }
}
