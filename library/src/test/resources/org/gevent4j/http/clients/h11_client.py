"""A strict HTTP/1.1 client built on h11: sends a fixed sequence of requests over ONE keep-alive
connection to 127.0.0.1:PORT and fails (exit 1, message on stderr) on any protocol error h11
detects in the server's responses (bad framing, bad header syntax, a body on HEAD/204, a 100 after
the final status, an unexpected close...). On success prints one JSON object per line per
exchange: {"name", "status", "informational": [codes], "headers": {lower-cased name: value},
"body" (latin-1 text), "http_version"}, then {"closed": true} when the server closed the
connection after the final "Connection: close" request.

usage: python3 h11_client.py PORT
"""
import json
import socket
import sys

import h11

PORT = int(sys.argv[1])
sock = socket.create_connection(("127.0.0.1", PORT), timeout=5)
conn = h11.Connection(h11.CLIENT)
HOST = ("Host", "127.0.0.1:%d" % PORT)


def send(*events):
    for ev in events:
        data = conn.send(ev)
        if data:
            sock.sendall(data)


def next_event():
    while True:
        ev = conn.next_event()
        if ev is h11.NEED_DATA:
            data = sock.recv(65536)
            conn.receive_data(data)  # b"" means EOF
            continue
        return ev


def read_response(name, informational=None):
    info = informational if informational is not None else []
    while True:
        ev = next_event()
        if isinstance(ev, h11.InformationalResponse):
            info.append(ev.status_code)
            continue
        break
    if not isinstance(ev, h11.Response):
        raise AssertionError("%s: expected a response, got %r" % (name, ev))
    body = b""
    while True:
        e = next_event()
        if isinstance(e, h11.Data):
            body += e.data
        elif isinstance(e, h11.EndOfMessage):
            break
        else:
            raise AssertionError("%s: unexpected event %r" % (name, e))
    headers = {}
    for k, v in ev.headers:
        k = k.decode("latin-1")
        if k in headers:
            headers[k] += ", " + v.decode("latin-1")
        else:
            headers[k] = v.decode("latin-1")
    print(json.dumps({"name": name, "status": ev.status_code, "informational": info, "headers": headers,
                      "body": body.decode("latin-1"), "http_version": ev.http_version.decode()}), flush=True)


def cycle():
    if conn.our_state is h11.DONE and conn.their_state is h11.DONE:
        conn.start_next_cycle()


def simple(name, method, target, headers=(), body=None):
    hs = [HOST] + list(headers)
    if body is not None:
        hs.append(("Content-Length", str(len(body))))
    send(h11.Request(method=method, target=target, headers=hs))
    if body is not None:
        send(h11.Data(data=body))
    send(h11.EndOfMessage())
    read_response(name)
    cycle()


try:
    simple("get", "GET", "/")
    simple("head", "HEAD", "/")
    simple("post-length", "POST", "/echo", body=b"hello h11" * 1000)
    # a chunked request body in three chunks
    send(h11.Request(method="POST", target="/echo", headers=[HOST, ("Transfer-Encoding", "chunked")]))
    for piece in (b"one,", b"two," * 3000, b"three"):
        send(h11.Data(data=piece))
    send(h11.EndOfMessage())
    read_response("post-chunked")
    cycle()
    simple("get-chunked", "GET", "/chunked")
    simple("nocontent", "GET", "/nocontent")
    simple("missing", "GET", "/missing")
    # Expect: 100-continue: wait for the 100 before sending the body
    body = b"z" * 70000
    send(h11.Request(method="POST", target="/echo",
                     headers=[HOST, ("Content-Length", str(len(body))), ("Expect", "100-continue")]))
    ev = next_event()
    if not isinstance(ev, h11.InformationalResponse) or ev.status_code != 100:
        raise AssertionError("expect: wanted a 100 Continue before the body, got %r" % (ev,))
    send(h11.Data(data=body), h11.EndOfMessage())
    read_response("expect-100", informational=[100])
    cycle()
    # the last request asks to close: the server must answer, then close
    simple("close", "GET", "/", headers=[("Connection", "close")])
    if conn.their_state is not h11.MUST_CLOSE and conn.their_state is not h11.CLOSED:
        raise AssertionError("after Connection: close the server's state is %r" % (conn.their_state,))
    rest = sock.recv(100)
    if rest != b"":
        raise AssertionError("bytes after the last response: %r" % (rest,))
    print(json.dumps({"closed": True}), flush=True)
except h11.ProtocolError as e:
    print("h11 protocol error: %r" % (e,), file=sys.stderr)
    sys.exit(1)
except AssertionError as e:
    print("h11 client: %s" % (e,), file=sys.stderr)
    sys.exit(1)
except OSError as e:
    print("h11 client: socket error %r" % (e,), file=sys.stderr)
    sys.exit(1)
