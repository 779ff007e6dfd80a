#!/usr/bin/env python3
"""An independent verifier for ykien's foundation formats, written from
docs/PROTOCOL.md alone (it shares no code with the C implementation).

It decodes the ballot layout, recomputes the ballot hash, the receipt code
(from its random bytes),
the ballot-set hash, the household-code check digit and the code's
Argon2id hash (argon2-cffi, Debian's python3-argon2), and verifies the
Ed25519 signatures of the ballot and of the signify files with a small
RFC 8032 implementation (slow but plain).

With PROTOCOL.md as a third argument it also decodes the closing-record
and event-head test vectors printed there (hex), checks their layout
field by field, the closing record's village_id and digest, the event
named by the head, and both signatures by the vector key (RFC 8032 key
from seed 00 01 .. 1f).

usage: ykien_verify.py VECTORS.txt POLL.json [PROTOCOL.md]
"""
import base64
import hashlib
import struct
import sys

# --- Ed25519 verification (RFC 8032, section 5.1.7), affine coordinates ---
P = 2**255 - 19
L = 2**252 + 27742317777372353535851937790883648493
D = -121665 * pow(121666, P - 2, P) % P
I = pow(2, (P - 1) // 4, P)


def _xrecover(y):
    xx = (y * y - 1) * pow(D * y * y + 1, P - 2, P)
    x = pow(xx, (P + 3) // 8, P)
    if (x * x - xx) % P != 0:
        x = x * I % P
    if x % 2 != 0:
        x = P - x
    return x


BY = 4 * pow(5, P - 2, P) % P
B = (_xrecover(BY), BY)


def _add(p, q):
    (x1, y1), (x2, y2) = p, q
    t = D * x1 * x2 * y1 * y2
    x3 = (x1 * y2 + x2 * y1) * pow(1 + t, P - 2, P)
    y3 = (y1 * y2 + x1 * x2) * pow(1 - t, P - 2, P)
    return (x3 % P, y3 % P)


def _mul(p, e):
    q = (0, 1)
    while e:
        if e & 1:
            q = _add(q, p)
        p = _add(p, p)
        e >>= 1
    return q


def _decode_point(s):
    y = int.from_bytes(s, "little") & ((1 << 255) - 1)
    x = _xrecover(y)
    if (x & 1) != (s[31] >> 7):
        x = P - x
    pt = (x, y)
    if (-x * x + y * y - 1 - D * x * x * y * y) % P != 0:
        raise ValueError("point not on curve")
    return pt


def ed25519_verify(pk, msg, sig):
    if len(sig) != 64 or len(pk) != 32:
        return False
    r = _decode_point(sig[:32])
    a = _decode_point(pk)
    s = int.from_bytes(sig[32:], "little")
    if s >= L:
        return False
    h = int.from_bytes(hashlib.sha512(sig[:32] + pk + msg).digest(), "little")
    return _mul(B, s) == _add(r, _mul(a, h))


# --- ykien formats ---
def lp(s):
    return struct.pack(">I", len(s)) + s


def signify_blob(text):
    lines = text.split("|") if "|" in text else text.split("\n")
    assert lines[0].startswith("untrusted comment: "), "comment line"
    return base64.b64decode(lines[1])


def receipt(b8):
    """A receipt is 8 random bytes shown as their top 50 bits."""
    alpha = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
    v = int.from_bytes(b8, "big")
    chars = [alpha[(v >> (64 - 5 * (i + 1))) & 31] for i in range(10)]
    return "".join(chars[:5]) + "-" + "".join(chars[5:])


def damm(digits):
    t = [[0, 3, 1, 7, 5, 9, 8, 6, 4, 2], [7, 0, 9, 2, 1, 5, 4, 8, 6, 3],
         [4, 2, 0, 6, 8, 7, 1, 3, 5, 9], [1, 7, 5, 0, 9, 8, 3, 4, 2, 6],
         [6, 1, 2, 3, 0, 4, 5, 9, 7, 8], [3, 6, 7, 4, 2, 0, 9, 5, 8, 1],
         [5, 8, 6, 9, 7, 2, 0, 1, 3, 4], [8, 9, 4, 5, 3, 6, 2, 0, 1, 7],
         [9, 4, 3, 8, 6, 1, 7, 2, 0, 5], [2, 5, 8, 1, 4, 3, 6, 7, 9, 0]]
    i = 0
    for c in digits:
        i = t[i][int(c)]
    return i


class Reader:
    """Big-endian fields read off the front of b; str = u32 length + bytes."""

    def __init__(self, b):
        self.b, self.off = b, 0

    def take(self, n):
        if self.off + n > len(self.b):
            raise ValueError("truncated")
        r = self.b[self.off:self.off + n]
        self.off += n
        return r

    def u(self, n):
        return int.from_bytes(self.take(n), "big")

    def string(self):
        return self.take(self.u(4))

    def end(self):
        if self.off != len(self.b):
            raise ValueError("trailing bytes")


def decode_ballot(b):
    r = Reader(b)
    out = {"domain": r.string(), "id": r.take(16), "poll_id": r.string(),
           "poll_hash": r.take(32), "kiosk": r.take(8), "flags": r.u(1)}
    out["answers"] = list(r.take(r.u(2)))
    out["body_len"] = r.off
    out["sig"] = r.take(64)
    r.end()
    return out


def ed25519_public(seed):
    h = hashlib.sha512(seed).digest()
    a = int.from_bytes(h[:32], "little")
    a &= (1 << 254) - 8
    a |= 1 << 254
    x, y = _mul(B, a)
    return (y | ((x & 1) << 255)).to_bytes(32, "little")


def decode_closing(b):
    """The closing record layout of docs/PROTOCOL.md, field by field."""
    d = Reader(b)

    def string():
        return d.string().decode("utf-8")

    r = {"domain": string(), "poll": string(), "poll_hash": d.take(32),
         "kiosk": d.take(8), "commune": string(), "village_id": string(),
         "closed_at": d.u(8), "eligibility": d.u(1), "ballots": d.u(8),
         "test_ballots": d.u(8), "codes_issued": d.u(8),
         "codes_used": d.u(8), "activations": d.u(8), "ignored": d.u(8),
         "set_hash": d.take(32), "event_seq": d.u(8),
         "event_hash": d.take(32), "questions": []}
    for _ in range(d.u(2)):
        qid = string()
        r["questions"].append((qid, [d.u(8) for _ in range(d.u(2))]))
    r["receipts"] = [d.take(11).decode("ascii") for _ in range(d.u(4))]
    assert r["receipts"] == sorted(r["receipts"]), "receipts not sorted"
    r["body_len"] = d.off
    r["sig"] = d.take(64)
    d.end()
    return r


def closing_vector(protocol):
    """The hex block under the closing record's "Test vector" heading."""
    text = open(protocol, encoding="utf-8").read()
    sec = text[text.index("## Closing record"):]
    sec = sec[sec.index("### Test vector"):]
    block = sec.split("```")[1]
    digest = sec.split("Digest: `")[1].split("`")[0]
    return bytes.fromhex("".join(block.split())), digest


def check_event_head(protocol):
    """The event head vector: layout, the event hash it names, signature."""
    text = open(protocol, encoding="utf-8").read()
    sec = text[text.index("### Event head"):]
    b = bytes.fromhex("".join(sec.split("```")[1].split()))
    ev = text[text.index("## Event (`ykien/v1/event`)"):]
    ev_hash = ev.split("Event hash: `")[1].split("`")[0]
    d = Reader(b)
    assert d.string() == b"ykien/v1/event-head"
    assert d.take(8) == bytes(range(0xa0, 0xa8))
    assert d.u(8) == 1
    assert d.take(32).hex() == ev_hash, "the head names another event"
    body = d.off
    sig = d.take(64)
    d.end()
    pk = ed25519_public(bytes(range(32)))
    assert ed25519_verify(pk, b[:body], sig), "event head signature"
    return 3


def check_closing(protocol):
    rec, digest = closing_vector(protocol)
    c = decode_closing(rec)
    assert c["domain"] == "ykien/v1/closing"
    assert c["poll"] == "demo-2026" and c["commune"] == "14001"
    assert c["village_id"] == "ban-mau", c["village_id"]
    assert c["ballots"] == 3 and c["questions"] == [("chung", [0, 2, 1])]
    assert sum(c["questions"][0][1]) == c["ballots"]
    assert c["receipts"] == ["0123A-BCDEF", "5GHJK-MNPQR", "7STVW-XYZ00"]
    assert c["kiosk"] == bytes(range(0xa0, 0xa8))
    pk = ed25519_public(bytes(range(32)))
    assert ed25519_verify(pk, rec[:c["body_len"]], c["sig"]), "closing sig"
    assert hashlib.sha256(rec).hexdigest() == digest, "closing digest"
    return 5


def check_code_hash(code, kdf, want):
    """Argon2id (v1.3, one lane, 32 bytes) of str(domain) || str(digits)
    with the salt and cost of the kdf line, as PROTOCOL.md says.  argon2
    is imported here, so that the other checks need only the standard
    library (tests that import this file for closing records)."""
    try:
        from argon2.low_level import Type, hash_secret_raw
    except ImportError:
        sys.exit("ykien_verify: the argon2 module is missing "
                 "(apt-get install python3-argon2)")
    f = kdf.split(" ")
    assert f[0] == "argon2id13" and len(f) == 4, kdf
    ops = int(f[1].removeprefix("ops="))
    mem_kib = int(f[2].removeprefix("mem_kib="))
    salt = bytes.fromhex(f[3].removeprefix("salt="))
    assert len(salt) == 16
    pw = lp(b"ykien/v2/code") + lp(code.encode())
    got = hash_secret_raw(pw, salt, time_cost=ops, memory_cost=mem_kib,
                          parallelism=1, hash_len=32, type=Type.ID,
                          version=19)
    assert got.hex() == want, "household-code Argon2id hash"
    return 1


def main():
    vec = {}
    for line in open(sys.argv[1], encoding="utf-8"):
        if line.startswith("#") or " = " not in line:
            continue
        k, v = line.rstrip("\n").split(" = ", 1)
        vec[k] = v
    poll = open(sys.argv[2], "rb").read()
    checks = 0

    assert hashlib.sha256(poll).hexdigest() == vec["poll.sha256"]
    checks += 1
    ppub = signify_blob(vec["province.pub"])
    kpub = signify_blob(vec["kiosk.pub"])
    assert ppub[:2] == b"Ed" and len(ppub) == 42
    psig = signify_blob(vec["poll.json.sig"])
    assert psig[:2] == b"Ed" and psig[2:10] == ppub[2:10], "keynum"
    assert ed25519_verify(ppub[10:], poll, psig[10:]), "poll signature"
    assert not ed25519_verify(ppub[10:], poll + b" ", psig[10:])
    checks += 2

    sb = bytes.fromhex(vec["ballot.signed"])
    b = decode_ballot(sb)
    assert b["domain"] == b"ykien/v1/ballot"
    assert b["poll_hash"].hex() == vec["poll.sha256"]
    assert b["kiosk"] == kpub[2:10]
    assert ed25519_verify(kpub[10:], sb[:b["body_len"]], b["sig"]), "ballot"
    h = hashlib.sha256(sb).digest()
    assert h.hex() == vec["ballot.sha256"]
    rc = receipt(bytes.fromhex(vec["receipt.bytes"]))
    assert rc == vec["receipt.code"]
    checks += 4

    hs = sorted(bytes([0x30 - 0x10 * i]) * 32 for i in range(3))
    sh = hashlib.sha256(lp(b"ykien/v1/ballot-set") + struct.pack(">I", 3) +
                        b"".join(hs)).hexdigest()
    assert sh == vec["set.sha256"]
    checks += 1

    code = vec["code.digits"]
    assert len(code) == 12 and code.isdigit() and damm(code) == 0
    assert damm(code[:-1] + str((int(code[-1]) + 1) % 10)) != 0
    checks += 1
    checks += check_code_hash(code, vec["code.kdf"], vec["code.argon2id"])
    if len(sys.argv) > 3:
        checks += check_closing(sys.argv[3])
        checks += check_event_head(sys.argv[3])
    print("independent verifier: %d checks passed (answers %s, receipt %s)"
          % (checks, b["answers"], rc))


if __name__ == "__main__":
    main()
