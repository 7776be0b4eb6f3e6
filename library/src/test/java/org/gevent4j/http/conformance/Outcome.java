package org.gevent4j.http.conformance;

import java.util.List;

/**
 * What came back for one case: the responses the strict parser read (interim ones included),
 * its error if any, whether the server closed (EOF or reset), and the requests its handlers saw.
 */
record Outcome(List<Response> responses, String parseError, boolean closed, boolean reset,
               boolean timedOut, byte[] raw, List<String> seen, String writeError) {

    List<Response> finals() {
        return responses.stream().filter(r -> !r.interim()).toList();
    }

    List<Response> interims() {
        return responses.stream().filter(Response::interim).toList();
    }

    List<Integer> statuses() {
        return finals().stream().map(Response::status).toList();
    }

    Response first() {
        List<Response> f = finals();
        return f.isEmpty() ? null : f.get(0);
    }

    String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append("statuses=").append(statuses());
        if (!interims().isEmpty()) {
            sb.append(" interim=").append(interims().stream().map(Response::status).toList());
        }
        sb.append(closed ? (reset ? " reset" : " closed") : (timedOut ? " open(deadline)" : " open(idle)"));
        if (parseError != null) {
            sb.append(" PARSE-ERROR[").append(parseError).append(']');
        }
        sb.append(" seen=").append(seen);
        return sb.toString();
    }
}
