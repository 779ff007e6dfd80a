# The module graph runs one way (docs/DESIGN.md): no two modules include
# each other's headers, directly or round a longer loop; only the commands
# and the programs include the command layer's headers; and each
# third-party library's header is included by one module (a family of
# files with a private header counts as one).
. "$TOP/tests/e2e/lib.sh"
command -v python3 >/dev/null || skip "python3 not installed"
cd "$TOP"
python3 - <<'PY' || fail "the include graph breaks a rule (above)"
import glob, os, re, sys
bad = []
edges = {}
libs = {}
for f in sorted(glob.glob("src/*.c") + glob.glob("src/*.h") +
    glob.glob("include/ykien/*.h")):
    mod = os.path.basename(f).rsplit(".", 1)[0]
    text = open(f, encoding="utf-8").read()
    for h in re.findall(r'#include "(?:ykien/)?([a-z0-9-]+)\.h"', text):
        if h != mod:
            edges.setdefault(mod, set()).add(h)
        if h in ("cli", "kcmd", "pcmd") and not re.match(
            r"(kcmd-|pcmd-|ykien-|cli$|kcmd$|pcmd$)", mod):
            bad.append("%s: a domain module includes %s.h" % (f, h))
    for h in re.findall(r"#include <([a-z0-9_/]+)\.h>", text):
        libs.setdefault(h, set()).add(mod)
# Cycles, by depth-first search.
state = {}
def visit(m, path):
    state[m] = 1
    for n in sorted(edges.get(m, ())):
        if state.get(n) == 1:
            bad.append("include cycle: " + " -> ".join(path[path.index(n):] + [n]))
        elif n not in state:
            visit(n, path + [n])
    state[m] = 2
for m in sorted(edges):
    if m not in state:
        visit(m, [m])
# One module per third-party library.
third = { "sqlite3": "store", "sodium": "keys", "jansson": "json",
    "curl/curl": "upload", "microhttpd": "server", "curses": "ui-curses",
    "qrencode": "qr", "ini": "config", "libintl": "i18n",
    "uniconv": "text", "uninorm": "text", "unistr": "text",
    "uniwidth": "text", "alsa/asoundlib": "audio",
    "vorbis/vorbisfile": "audio" }
for h, owner in third.items():
    users = {u for u in libs.get(h, ()) if not (owner == "store" and
        re.match(r"(p?store(-[a-z]+)?)$", u))} - {owner}
    if users:
        bad.append("<%s.h> outside %s: %s" % (h, owner, ", ".join(sorted(users))))
    if not libs.get(h):
        bad.append("<%s.h> included nowhere: is the check out of date?" % h)
for b in bad:
    print(b, file=sys.stderr)
print("%d modules, %d include edges, one way" % (len(edges),
    sum(len(v) for v in edges.values())))
sys.exit(1 if bad else 0)
PY
ok "include graph"
