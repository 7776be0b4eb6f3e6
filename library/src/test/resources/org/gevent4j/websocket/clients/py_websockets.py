"""Python `websockets` (Debian python3-websockets 10.4) as a strict client of the echo server.

Usage: python3 py_websockets.py ws://127.0.0.1:PORT/echo deflate|plain
Prints one line per check: "ok NAME detail"; exits 1 at the first mismatch ("FAIL NAME why").
"""
import asyncio
import os
import sys

import websockets

MIB16 = 16 * 1024 * 1024


def big_text():
    unit = "κόσμε-gevent4j-"  # multi-byte code points, so that UTF-8 is exercised
    b = (unit * (MIB16 // len(unit.encode()) + 1)).encode()[: MIB16 - 64]
    b = b.decode("utf-8", "ignore").encode()
    return (b + b"." * (MIB16 - len(b))).decode()


async def main(url, mode):
    compression = "deflate" if mode == "deflate" else None
    async with websockets.connect(url, max_size=None, compression=compression, ping_interval=None) as ws:
        ext = ws.response_headers.get("Sec-WebSocket-Extensions", "")
        if mode == "deflate" and "permessage-deflate" not in ext:
            fail("negotiate", "deflate offered, server answered %r" % ext)
        if mode == "plain" and ext:
            fail("negotiate", "no extension offered, server answered %r" % ext)
        print("ok negotiate %r" % ext, flush=True)

        text = big_text()
        await ws.send(text)
        check("text-16MiB", await ws.recv(), text)
        data = os.urandom(MIB16)
        await ws.send(data)
        check("binary-16MiB", await ws.recv(), data)

        # a message sent as an iterable goes out as one frame per item: 1-byte binary fragments,
        # and text fragments of one code point each (1 to 4 bytes)
        frag = bytes(range(256)) * 8
        await ws.send([frag[i:i + 1] for i in range(len(frag))])
        check("binary-1-byte-fragments", await ws.recv(), frag)
        ftext = "ab€ü😀" * 200
        await ws.send(list(ftext))
        check("text-codepoint-fragments", await ws.recv(), ftext)

        pong = await ws.ping(b"are you there")
        await asyncio.wait_for(pong, 10)
        print("ok ping-pong", flush=True)

        await ws.close(1000, "bye")
        if ws.close_code != 1000:
            fail("close", "close code %r" % ws.close_code)
        print("ok close %d" % ws.close_code, flush=True)


def check(name, got, want):
    if type(got) is not type(want) or got != want:
        fail(name, "echo differs: %s of %d, expected %s of %d" % (type(got).__name__, len(got), type(want).__name__, len(want)))
    print("ok %s %d" % (name, len(want.encode()) if isinstance(want, str) else len(want)), flush=True)


def fail(name, why):
    print("FAIL %s %s" % (name, why), flush=True)
    sys.exit(1)


asyncio.run(main(sys.argv[1], sys.argv[2]))
