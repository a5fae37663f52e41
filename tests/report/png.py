"""tests/report/png.py - reading and writing the PNG screenshots Chromium takes, with
the Python standard library only (8-bit RGB or RGBA, not interlaced): enough to tell
a blank screenshot, and to crop and shrink one for docs/report.md."""
import struct
import zlib


def read(path):
    """(width, height, channels, rows): rows a list of bytearrays, one per line."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path}: not a PNG")
    pos, idat, head = 8, [], None
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        pos += 12 + n
        if kind == b"IHDR":
            head = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
    width, height, depth, colour, _, _, interlace = head
    if depth != 8 or colour not in (2, 6) or interlace:
        raise ValueError(f"{path}: only 8-bit RGB(A), non-interlaced PNGs are read")
    ch = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(idat))
    stride = width * ch
    rows, prev = [], bytearray(stride)
    for y in range(height):
        off = y * (stride + 1)
        kind, line = raw[off], bytearray(raw[off + 1:off + 1 + stride])
        for i in range(stride):
            a = line[i - ch] if i >= ch else 0
            b = prev[i]
            c = prev[i - ch] if i >= ch else 0
            if kind == 1:
                line[i] = (line[i] + a) & 255
            elif kind == 2:
                line[i] = (line[i] + b) & 255
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line)
        prev = line
    return width, height, ch, rows


def write(path, width, height, ch, rows):
    raw = b"".join(b"\x00" + bytes(r) for r in rows)
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2 if ch == 3 else 6, 0, 0, 0)))
        f.write(chunk(b"IDAT", zlib.compress(raw, 9)))
        f.write(chunk(b"IEND", b""))


def non_background(path):
    """The fraction of pixels that differ from the top-left one (0 for a blank page)."""
    width, height, ch, rows = read(path)
    bg = bytes(rows[0][:ch])
    other = 0
    for r in rows:
        for x in range(0, width * ch, ch):
            if r[x:x + ch] != bg:
                other += 1
    return other / (width * height)


def crop_shrink(src, dst, top, bottom, factor=1):
    """Lines top..bottom of src, every `factor`-th pixel (RGB), into dst."""
    width, height, ch, rows = read(src)
    bottom = min(bottom, height)
    out = []
    for y in range(top, bottom, factor):
        r = rows[y]
        line = bytearray()
        for x in range(0, width, factor):
            line += r[x * ch:x * ch + 3]
        out.append(line)
    write(dst, len(out[0]) // 3, len(out), 3, out)


if __name__ == "__main__":
    import sys
    if sys.argv[1] == "crop":
        crop_shrink(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]))
    else:
        print(non_background(sys.argv[1]))
