"""Python's http.client against 127.0.0.1:PORT: one HTTPConnection (keep-alive), then an
HTTP/1.0 connection. Prints one JSON object per exchange: name, status, version, headers
(lower-cased), body, and "same_socket" (whether http.client reused the connection's socket).

usage: python3 http_client.py PORT
"""
import http.client
import json
import sys

PORT = int(sys.argv[1])
c = http.client.HTTPConnection("127.0.0.1", PORT, timeout=5)
first_sock = None


def report(name, r, body):
    print(json.dumps({"name": name, "status": r.status, "version": r.version,
                      "headers": {k.lower(): v for k, v in r.getheaders()},
                      "body": body.decode("latin-1"), "same_socket": c.sock is first_sock}), flush=True)


c.request("GET", "/")
first_sock = c.sock
r = c.getresponse()
report("get", r, r.read())
c.request("HEAD", "/")
r = c.getresponse()
report("head", r, r.read())
c.request("POST", "/echo", body=b"abc" * 1000, headers={"Content-Type": "application/octet-stream"})
r = c.getresponse()
report("post", r, r.read())
# a chunked request body from an iterable
c.request("POST", "/echo", body=iter([b"chunk-1,", b"chunk-2," * 2000, b"end"]), encode_chunked=True,
          headers={"Transfer-Encoding": "chunked"})
r = c.getresponse()
report("post-chunked", r, r.read())
c.request("GET", "/chunked")
r = c.getresponse()
report("get-chunked", r, r.read())
c.request("GET", "/nocontent")
r = c.getresponse()
report("nocontent", r, r.read())
c.close()

# HTTP/1.0: http.client speaks 1.1 only, so send the request by hand and let it parse the response
class Http10(http.client.HTTPConnection):
    _http_vsn = 10
    _http_vsn_str = "HTTP/1.0"

c = Http10("127.0.0.1", PORT, timeout=5)
c.request("GET", "/")
first_sock = c.sock
r = c.getresponse()
report("get-1.0", r, r.read())
print(json.dumps({"name": "1.0-will-close", "will_close": r.will_close}), flush=True)
