#!/usr/bin/env python3
"""residue: carve a raw filesystem image (or any file) for traces of ballots,
the way someone who seized a kiosk's SD card would.  For tests only.

  residue.py ids FILE...
      Print the id (hex) of every signed ballot found in the files, one per
      line, first occurrence order.  A ballot is found by its encoding:
      str("ykien/v1/ballot") || id[16] || ... (docs/PROTOCOL.md).

  residue.py order SNAPSHOT...
      Given copies of the database taken after each cast, in order, print
      the id of the ballot that each cast added (exit 1 if one added none
      or several).

  residue.py scan IMAGE --live BLOCKS --bs N --order FILE [--wal BLOCKS]
                [--needles FILE]
      BLOCKS lists the filesystem blocks of the live database file (as
      printed by debugfs "blocks"); --wal those of its WAL; FILE lists the
      ballot ids in casting order.  Reports, and exits 1 if any is found:
      - a ballot outside the live database's blocks (freed blocks, journals,
        the WAL: every earlier state counts);
      - more than one copy of a ballot;
      - a SQLite rollback-journal header anywhere, or a WAL header anywhere
        but at the start of the live WAL's first block (a primed WAL);
      - a needle (hex: code hashes, receipt codes as text) outside the live
        database;
      - |Spearman rho| of live position against casting order above 0.6
        (for n >= 30 ballots a chance |rho| that large has p < 0.001).
"""
import re
import sys

BALLOT_MARK = b"\x00\x00\x00\x0fykien/v1/ballot"
JOURNAL_MAGIC = bytes.fromhex("d9d505f920a163d7")
WAL_MAGICS = (bytes.fromhex("377f0682"), bytes.fromhex("377f0683"))
RHO_LIMIT = 0.6


def ballots(data):
    """(offset, id hex) of every ballot encoding in data."""
    out = []
    for m in re.finditer(re.escape(BALLOT_MARK), data):
        o = m.end()
        if o + 16 <= len(data):
            out.append((m.start(), data[o:o + 16].hex()))
    return out


def ranks(xs):
    order = sorted(range(len(xs)), key=lambda i: xs[i])
    r = [0.0] * len(xs)
    for rank, i in enumerate(order):
        r[i] = float(rank)
    return r


def spearman(a, b):
    n = len(a)
    if n < 3:
        return 0.0
    ra, rb = ranks(a), ranks(b)
    d2 = sum((x - y) ** 2 for x, y in zip(ra, rb))
    return 1.0 - 6.0 * d2 / (n * (n * n - 1))


def cmd_ids(files):
    seen = set()
    for f in files:
        try:
            with open(f, "rb") as fh:
                data = fh.read()
        except FileNotFoundError:
            continue
        for _, i in ballots(data):
            if i not in seen:
                seen.add(i)
                print(i)
    return 0


def cmd_order(files):
    seen = set()
    for f in files:
        with open(f, "rb") as fh:
            now = set(i for _, i in ballots(fh.read()))
        new = now - seen
        if len(new) != 1:
            sys.stderr.write("%s: %d new ballots\n" % (f, len(new)))
            return 1
        print(new.pop())
        seen |= now
    return 0


def read_blocks(path):
    blocks = set()
    with open(path) as fh:
        for tok in fh.read().split():
            if tok.isdigit():
                blocks.add(int(tok))
    return blocks


def cmd_scan(argv):
    opts = {"--needles": None, "--wal": None}
    image = argv[0]
    i = 1
    while i < len(argv):
        opts[argv[i]] = argv[i + 1]
        i += 2
    bs = int(opts["--bs"])
    live = read_blocks(opts["--live"])
    order = [l.strip() for l in open(opts["--order"]) if l.strip()]
    with open(image, "rb") as fh:
        data = fh.read()
    bad = 0

    found = ballots(data)
    copies, live_pos = {}, {}
    outside = 0
    for off, bid in found:
        copies[bid] = copies.get(bid, 0) + 1
        if off // bs in live and (off + 40) // bs in live:
            live_pos.setdefault(bid, off)
        else:
            outside += 1
    multi = sum(1 for c in copies.values() if c > 1)
    print("ballot copies found: %d (%d distinct), outside the live "
          "database: %d, ids with more than one copy: %d" %
          (len(found), len(copies), outside, multi))
    if outside or multi:
        bad = 1
    known = [b for b in order if b in copies]
    print("ballots cast in known order: %d, found on the image: %d" %
          (len(order), len(known)))

    j = [m.start() for m in re.finditer(re.escape(JOURNAL_MAGIC), data)]
    wal_first = None
    if opts["--wal"]:
        with open(opts["--wal"]) as fh:
            toks = [int(t) for t in fh.read().split() if t.isdigit()]
        if toks:
            wal_first = toks[0] * bs
    w = [o for o in range(0, len(data), 512)
         if data[o:o + 4] in WAL_MAGICS and o != wal_first]
    print("rollback journal headers: %d, WAL headers: %d" % (len(j), len(w)))
    if j or w:
        bad = 1

    if opts["--needles"]:
        n_out = n_tot = 0
        for line in open(opts["--needles"]):
            line = line.strip()
            if not line:
                continue
            try:
                needle = bytes.fromhex(line)
            except ValueError:
                needle = line.encode()
            for m in re.finditer(re.escape(needle), data):
                n_tot += 1
                if m.start() // bs not in live:
                    n_out += 1
        print("needles (code hashes, receipts) found: %d, outside the "
              "live database: %d" % (n_tot, n_out))
        if n_out:
            bad = 1

    xs = [i for i, b in enumerate(order) if b in live_pos]
    ys = [live_pos[b] for b in order if b in live_pos]
    rho = spearman(xs, ys)
    print("Spearman rho (live position vs casting order, n=%d): %.3f" %
          (len(xs), rho))
    if len(xs) >= 30 and abs(rho) > RHO_LIMIT:
        bad = 1
    print("residue: %s" % ("FOUND" if bad else "none"))
    return bad


def main():
    if len(sys.argv) >= 3 and sys.argv[1] == "ids":
        return cmd_ids(sys.argv[2:])
    if len(sys.argv) >= 3 and sys.argv[1] == "order":
        return cmd_order(sys.argv[2:])
    if len(sys.argv) >= 3 and sys.argv[1] == "scan":
        return cmd_scan(sys.argv[2:])
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main())
