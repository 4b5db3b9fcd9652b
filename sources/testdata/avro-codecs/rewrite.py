#!/usr/bin/env python3
"""Rewrites a null-codec Avro object container file with another codec.

Usage: rewrite.py in.avro bzip2 out.avro

Go's standard library decodes bzip2 but cannot write it, and the Go Avro
encoder the tests use has no bzip2 codec: this makes the fixture with
Python's bz2 module. in.avro is what writeAvro(t, ocf.Null,
avroRecords(40)) writes (sources/avro_test.go).
"""
import bz2
import sys


def varint(b, i):
    shift = n = 0
    while True:
        c = b[i]
        i += 1
        n |= (c & 0x7F) << shift
        shift += 7
        if c < 0x80:
            return (n >> 1) ^ -(n & 1), i


def zigzag(n):
    n = (n << 1) ^ (n >> 63)
    out = bytearray()
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out)


def main():
    src, codec, dst = sys.argv[1], sys.argv[2], sys.argv[3]
    compress = {"bzip2": lambda d: bz2.compress(d, 9)}[codec]
    b = open(src, "rb").read()
    assert b[:4] == b"Obj\x01"
    i, meta = 4, {}
    while True:
        count, i = varint(b, i)
        if count == 0:
            break
        if count < 0:
            _, i = varint(b, i)
            count = -count
        for _ in range(count):
            n, i = varint(b, i)
            key = b[i:i + n].decode()
            i += n
            n, i = varint(b, i)
            meta[key] = b[i:i + n]
            i += n
    sync = b[i:i + 16]
    i += 16
    assert meta.get("avro.codec", b"null") == b"null"
    meta["avro.codec"] = codec.encode()
    out = bytearray(b"Obj\x01") + zigzag(len(meta))
    for k, v in meta.items():
        out += zigzag(len(k)) + k.encode() + zigzag(len(v)) + v
    out += zigzag(0) + sync
    while i < len(b):
        count, i = varint(b, i)
        size, i = varint(b, i)
        data = compress(b[i:i + size])
        i += size
        assert b[i:i + 16] == sync
        i += 16
        out += zigzag(count) + zigzag(len(data)) + data + sync
    open(dst, "wb").write(out)


main()
