#!/usr/bin/env python3
"""Draws the app icons (a white funnel on Rounds green) as PNGs, with no dependencies.

Run from the repository root: python3 scripts/make-icons.py
"""
import struct
import zlib

GREEN = (11, 110, 79)
WHITE = (255, 255, 255)


def inside_funnel(x, y):
    # Coordinates in 0..1. A funnel: a wide top narrowing to a spout, in the safe zone.
    if 0.26 <= y <= 0.56:
        half = 0.30 - (y - 0.26) * 0.75
        return abs(x - 0.5) <= half
    if 0.56 < y <= 0.76:
        return abs(x - 0.5) <= 0.075
    return False


def png(size):
    rows = []
    for j in range(size):
        row = bytearray([0])
        for i in range(size):
            x, y = (i + 0.5) / size, (j + 0.5) / size
            row.extend(WHITE if inside_funnel(x, y) else GREEN)
        rows.append(bytes(row))
    raw = zlib.compress(b"".join(rows), 9)

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


for size in (192, 512):
    with open(f"client/icons/icon-{size}.png", "wb") as f:
        f.write(png(size))
