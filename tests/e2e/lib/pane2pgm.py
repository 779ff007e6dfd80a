#!/usr/bin/env python3
"""Draw a tmux pane, as `capture-pane -e -p` gives it, as a phone camera
would see it: a greyscale PGM image.

usage: pane2pgm.py CAPTURE OUT.pgm [MODULE_PX]

Each cell is MODULE_PX pixels wide and twice that high (a console cell is
about 1:2), so a half block is one square QR module.  The screen is light
ink on a dark ground (the Linux console): the foreground is light, the
background dark, and reverse video (SGR 7) swaps them.  Blocks are drawn
exactly: full, upper and lower halves.  Any other character is text, drawn
as a small light stroke in the middle of a dark cell, about as much ink as
a letter has.  Around the pane lies the panel's dark bezel, so a quiet
zone that the screen does not draw is not invented here.

Prints the pane's size in cells and, if it shows a QR code, the code's
size in modules and the light quiet zone drawn on each side of it; the
decoding is zbarimg's job.
"""
import re
import sys
import unicodedata

LIGHT, DARK = 255, 0
BEZEL = 8                               # cells of dark around the pane
SGR = re.compile(r"\x1b\[([0-9;]*)m")
OTHER = re.compile(r"\x1b[^a-zA-Z]*[a-zA-Z]")


def cells(line):
    """The line's cells: (char, reverse) each, combining marks dropped."""
    out, rev, i = [], False, 0
    while i < len(line):
        m = SGR.match(line, i)
        if m:
            for p in (m.group(1) or "0").split(";"):
                if p in ("", "0", "27"):
                    rev = False
                elif p == "7":
                    rev = True
            i = m.end()
            continue
        m = OTHER.match(line, i)
        if m:
            i = m.end()
            continue
        ch = line[i]
        i += 1
        if unicodedata.combining(ch):
            continue
        out.append((ch, rev))
    return out


def draw(rows, n):
    """Pixels of the pane (and its bezel), n pixels a module."""
    width = max(len(r) for r in rows) + 2 * BEZEL
    height = len(rows) + 2 * BEZEL
    img = [bytearray([DARK]) * (width * n) for _ in range(height * 2 * n)]
    for y, row in enumerate(rows):
        for x, (ch, rev) in enumerate(row):
            fg, bg = (DARK, LIGHT) if rev else (LIGHT, DARK)
            top, bottom = {"\u2588": (fg, fg), "\u2580": (fg, bg),
                           "\u2584": (bg, fg), " ": (bg, bg)}.get(ch, (None, None))
            px, py = (x + BEZEL) * n, (y + BEZEL) * 2 * n
            for dy in range(2 * n):
                line = img[py + dy]
                if top is None:         # text: a thin stroke, mid cell
                    line[px:px + n] = bytes([bg]) * n
                    if n // 2 <= dy < 3 * n // 2:
                        s = max(1, n // 4)
                        line[px + n // 2:px + n // 2 + s] = bytes([fg]) * s
                    continue
                line[px:px + n] = bytes([top if dy < n else bottom]) * n
    return img, width * n, height * 2 * n


def quiet_zone(rows):
    """The QR code's size in modules and its light quiet zone on each side
    (top, bottom, left, right), or None if the pane shows no code.  The
    code's box is that of the blocks drawn; its dark modules bound the
    code, and every module between them and the box's edge must be light
    (else the zone there is 0)."""
    blocks = "\u2588\u2580\u2584"
    pos = [(y, x) for y, r in enumerate(rows) for x, (ch, _) in enumerate(r)
           if ch in blocks]
    if not pos:
        return None
    y0, y1 = min(p[0] for p in pos), max(p[0] for p in pos)
    # The code is the run of blocks at the right: left of it lies text.
    x1 = max(p[1] for p in pos)
    x0 = min(p[1] for p in pos if y0 <= p[0] <= y1 and
             all(rows[p[0]][x][0] in blocks + " " for x in range(p[1], x1 + 1)))
    grid = []                   # modules, True = light
    for y in range(y0, y1 + 1):
        top, bottom = [], []
        for x in range(x0, x1 + 1):
            ch, rev = rows[y][x] if x < len(rows[y]) else (" ", False)
            t, b = {"\u2588": (1, 1), "\u2580": (1, 0), "\u2584": (0, 1)}.get(ch, (0, 0))
            if rev:
                t, b = 1 - t, 1 - b
            top.append(bool(t))
            bottom.append(bool(b))
        grid += [top, bottom]
    dark = [(y, x) for y, r in enumerate(grid) for x, v in enumerate(r) if not v]
    # Below the last line of blocks the pane is dark: not part of the code.
    while grid and not any(grid[-1]):
        grid.pop()
        dark = [(y, x) for y, x in dark if y < len(grid)]
    dy0, dy1 = min(d[0] for d in dark), max(d[0] for d in dark)
    dx0, dx1 = min(d[1] for d in dark), max(d[1] for d in dark)

    def ring_light(ys, xs):
        return all(grid[y][x] for y in ys for x in xs)
    h, w = len(grid), len(grid[0])
    zone = (dy0, h - 1 - dy1, dx0, w - 1 - dx1)
    ok = ring_light(range(0, dy0), range(w)) and \
        ring_light(range(dy1 + 1, h), range(w)) and \
        ring_light(range(h), range(0, dx0)) and \
        ring_light(range(h), range(dx1 + 1, w))
    return dx1 - dx0 + 1, zone if ok else (0, 0, 0, 0)


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit("usage: pane2pgm.py CAPTURE OUT.pgm [MODULE_PX]")
    n = int(sys.argv[3]) if len(sys.argv) == 4 else 4
    text = open(sys.argv[1], encoding="utf-8").read()
    rows = [cells(l) for l in text.split("\n")]
    while rows and not rows[-1]:
        rows.pop()
    img, w, h = draw(rows, n)
    with open(sys.argv[2], "wb") as f:
        f.write(b"P5\n%d %d\n255\n" % (w, h))
        for line in img:
            f.write(line)
    print("%dx%d cells" % (max(len(r) for r in rows), len(rows)))
    q = quiet_zone(rows)
    if q is not None:
        print("qr %d modules, quiet zone top %d bottom %d left %d right %d"
              % ((q[0],) + q[1]))


if __name__ == "__main__":
    main()
