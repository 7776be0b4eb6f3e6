package org.gevent4j.http.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Node 20's fetch (undici) against gevent4j's server: node_fetch.mjs. */
@Timeout(60)
class NodeFetchTest {
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
    void fetchGetHeadPostStreamedUploadChunkedDownload() throws Exception {
        String node = Tools.require("node");
        Tools.Result v = Tools.run(null, 10, node, "--version");
        assertThat(v.out().trim()).as("Node >= 20 (global fetch); " + Tools.INSTALL).matches("v(2\\d|[3-9]\\d)\\..*");
        List<Map<String, Object>> out = Tools.jsonLines(20, node, Tools.resource("node_fetch.mjs").toString(), String.valueOf(server.port()));

        Map<String, Object> get = Json.named(out, "get");
        assertThat(get).containsEntry("status", 200L).containsEntry("body", "Hello, World!");
        assertThat(Json.obj(get, "headers")).containsEntry("content-type", "text/plain").containsEntry("content-length", "13").containsKey("date");
        Map<String, Object> head = Json.named(out, "head");
        assertThat(head).containsEntry("status", 200L).containsEntry("body", "");
        assertThat(Json.obj(head, "headers")).containsEntry("content-length", "13");
        Map<String, Object> post = Json.named(out, "post");
        assertThat(post).containsEntry("status", 200L).containsEntry("body", "node says hi ".repeat(1000));
        assertThat(Json.obj(post, "headers")).containsEntry("x-request-cl", String.valueOf(13 * 1000));
        Map<String, Object> stream = Json.named(out, "post-stream");
        assertThat(stream).containsEntry("status", 200L).containsEntry("body", "part-1," + "part-2,".repeat(3000) + "end");
        assertThat(Json.obj(stream, "headers")).containsEntry("x-request-te", "chunked");
        Map<String, Object> chunked = Json.named(out, "get-chunked");
        assertThat(chunked).containsEntry("status", 200L).containsEntry("body", ClientServer.CHUNKED_BODY);
        assertThat(Json.obj(chunked, "headers")).containsEntry("transfer-encoding", "chunked");
        assertThat(Json.named(out, "nocontent")).containsEntry("status", 204L).containsEntry("body", "");
        assertThat(Json.named(out, "missing")).containsEntry("status", 404L);
        assertThat(Json.named(out, "parallel").get("bodies")).isEqualTo(Collections.nCopies(10, "Hello, World!"));
    }
}
