"""wsproto (Debian python3-wsproto 1.2.0, sans-IO) as a strict client of the echo server, plus
crafted bad frames written by hand after a wsproto handshake.

Usage: python3 py_wsproto.py HOST PORT deflate|plain
Prints "ok NAME detail" per check; exits 1 at the first mismatch ("FAIL NAME why").
"""
import os
import socket
import struct
import sys

from wsproto import ConnectionType, WSConnection
from wsproto.events import (AcceptConnection, BytesMessage, CloseConnection, Message, Ping, Pong, RejectConnection,
                            Request, TextMessage)
from wsproto.extensions import PerMessageDeflate

MIB16 = 16 * 1024 * 1024


class Client:
    def __init__(self, host, port, deflate):
        self.sock = socket.create_connection((host, port), timeout=20)
        self.ws = WSConnection(ConnectionType.CLIENT)
        self.pending = []
        exts = [PerMessageDeflate()] if deflate else []
        self.sock.sendall(self.ws.send(Request(host="%s:%d" % (host, port), target="/echo", extensions=exts)))
        ev = self.next_event()
        if not isinstance(ev, AcceptConnection):
            fail("handshake", repr(ev))
        self.extensions = [e.name for e in ev.extensions]

    def next_event(self):
        while not self.pending:
            data = self.sock.recv(1 << 20)
            self.ws.receive_data(data if data else None)
            self.pending.extend(self.ws.events())
            if not data and not self.pending:
                return None
        return self.pending.pop(0)

    def send(self, event):
        self.sock.sendall(self.ws.send(event))

    def receive_message(self):
        parts = []
        while True:
            ev = self.next_event()
            if isinstance(ev, Ping):
                self.send(ev.response())
                continue
            if not isinstance(ev, Message):
                return ev
            parts.append(ev.data)
            if ev.message_finished:
                return type(ev)(data=("" if isinstance(ev, TextMessage) else b"").join(parts))


def echo(c, name, data, fragments=None):
    if fragments is None:
        c.send(Message(data=data))
    else:
        for i, f in enumerate(fragments):
            c.send(Message(data=f, message_finished=(i == len(fragments) - 1)))
    ev = c.receive_message()
    if not isinstance(ev, Message) or ev.data != data:
        fail(name, "echo differs: %r" % (type(ev), ))
    print("ok %s %d" % (name, len(data.encode()) if isinstance(data, str) else len(data)), flush=True)


def expect_close(c, name, code):
    ev = c.next_event()
    while isinstance(ev, (Message, Pong)):
        ev = c.next_event()
    if not isinstance(ev, CloseConnection) or ev.code != code:
        fail(name, "expected close %d, got %r" % (code, ev))
    print("ok %s closed %d" % (name, ev.code), flush=True)
    c.sock.close()


def raw_frame(opcode, payload, fin=True, rsv=0, masked=True):
    head = bytes([(0x80 if fin else 0) | rsv << 4 | opcode])
    n = len(payload)
    mbit = 0x80 if masked else 0
    if n <= 125:
        head += bytes([mbit | n])
    elif n <= 0xFFFF:
        head += bytes([mbit | 126]) + struct.pack("!H", n)
    else:
        head += bytes([mbit | 127]) + struct.pack("!Q", n)
    if not masked:
        return head + payload
    key = os.urandom(4)
    return head + key + bytes(b ^ key[i % 4] for i, b in enumerate(payload))


def main(host, port, mode):
    deflate = mode == "deflate"
    c = Client(host, port, deflate)
    if deflate != ("permessage-deflate" in c.extensions):
        fail("negotiate", "deflate=%s, server accepted %r" % (deflate, c.extensions))
    print("ok negotiate %r" % c.extensions, flush=True)
    text = ("wsproto-κόσμε-" * (MIB16 // 18))
    text = text.encode()[:MIB16].decode("utf-8", "ignore")
    text += "." * (MIB16 - len(text.encode()))
    echo(c, "text-16MiB", text)
    echo(c, "binary-16MiB", os.urandom(MIB16))
    frag = bytes(range(256)) * 4
    echo(c, "binary-1-byte-fragments", frag, [frag[i:i + 1] for i in range(len(frag))])
    ftext = "ab€ü😀" * 100
    echo(c, "text-codepoint-fragments", ftext, list(ftext))
    # a ping between two fragments of a message: answered before the message completes
    c.send(Message(data="frag-1,", message_finished=False))
    c.send(Ping(b"in the middle"))
    ev = c.next_event()
    if not isinstance(ev, Pong) or ev.payload != b"in the middle":
        fail("ping-inside-fragments", repr(ev))
    c.send(Message(data="frag-2", message_finished=True))
    ev = c.receive_message()
    if not isinstance(ev, TextMessage) or ev.data != "frag-1,frag-2":
        fail("ping-inside-fragments", repr(ev))
    print("ok ping-inside-fragments", flush=True)
    c.send(CloseConnection(code=1000, reason="bye"))
    expect_close(c, "close-normal", 1000)

    # crafted bad frames: wsproto shakes hands, the frame bytes are written by hand
    bad = [
        ("unmasked-frame", raw_frame(0x1, b"hello", masked=False), 1002),
        ("rsv2-without-extension", raw_frame(0x1, b"hello", rsv=2), 1002),
        ("reserved-opcode-3", raw_frame(0x3, b""), 1002),
        ("ping-126-bytes", raw_frame(0x9, b"x" * 126), 1002),
        ("fragmented-ping", raw_frame(0x9, b"x", fin=False), 1002),
        ("close-1-byte", raw_frame(0x8, b"a"), 1002),
        ("close-code-1005", raw_frame(0x8, struct.pack("!H", 1005)), 1002),
        ("close-code-2999", raw_frame(0x8, struct.pack("!H", 2999)), 1002),
        ("continuation-first", raw_frame(0x0, b"x"), 1002),
        ("invalid-utf8", raw_frame(0x1, b"\xce\xba\xed\xa0\x80"), 1007),
        ("invalid-utf8-fail-fast", raw_frame(0x1, b"ok\xc0", fin=False), 1007),
        # the header announces 16 MiB + 1: the server must refuse on the length alone
        ("over-16MiB", raw_frame(0x2, b"\0" * (MIB16 + 1))[:14 + 1024], 1009),
    ]
    for name, frame, code in bad:
        c = Client(host, port, False)
        c.sock.sendall(frame)
        expect_close(c, name, code)


def fail(name, why):
    print("FAIL %s %s" % (name, why), flush=True)
    sys.exit(1)


main(sys.argv[1], int(sys.argv[2]), sys.argv[3])
