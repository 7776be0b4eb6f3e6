"""gevent-websocket echo server (Debian's python3-gevent-websocket on gevent 22.10, run with
/usr/bin/python3): the gevent anchor of the L5 benchmark. Usage: gevent_ws_echo.py PORT."""
import sys

from gevent import monkey

monkey.patch_all()

from geventwebsocket import WebSocketError, WebSocketServer  # noqa: E402


def app(environ, start_response):
    ws = environ.get("wsgi.websocket")
    if ws is None:
        start_response("400 Bad Request", [("Content-Length", "0")])
        return [b""]
    try:
        while True:
            m = ws.receive()
            if m is None:
                break
            ws.send(m, binary=not isinstance(m, str))
    except WebSocketError:
        pass
    return []


server = WebSocketServer(("127.0.0.1", int(sys.argv[1])), app, log=None, error_log=None)
print("listening %s" % sys.argv[1], flush=True)
server.serve_forever()
