#!/bin/sh
# funclen.sh: the functions in src/ longer than a limit (default 80 lines,
# counted from the line with the name to the closing brace), longest
# first, each marked "why" when the comment just above it holds "Long:"
# (the house rule: no function over 80 lines without a comment saying
# why).  Exit status 1 when one has no such comment.  Plain awk over the
# OpenBSD layout: the name at the start of a line, "{" and "}" alone at
# the start of theirs.
#	scripts/funclen.sh [-n LIMIT] [FILE...]
set -eu
limit=80
if [ "${1:-}" = "-n" ]; then limit=$2; shift 2; fi
[ $# -gt 0 ] || set -- src/*.c
awk -v limit="$limit" '
FNR == 1 { pending = ""; infunc = 0; cmt = ""; cend = -10 }
/^\/\*/ { incmt = 1; cmt = "" }
incmt { cmt = cmt " " $0; if ($0 ~ /\*\//) { incmt = 0; cend = FNR }; next }
!infunc && /^[A-Za-z_][A-Za-z0-9_]*\(/ && !/;[ \t]*$/ {
	pending = $0; sub(/\(.*/, "", pending); start = FNR
	# The comment ends on the line above the return type, or above us.
	why = (cend == FNR - 2 || cend == FNR - 1) && cmt ~ /Long:/
	next
}
/^\{/ && pending != "" { infunc = 1; next }
/^}[ \t]*$/ && infunc {
	n = FNR - start + 1
	if (n > limit)
		printf "%4d %-28s %s:%d%s\n", n, pending, FILENAME, start,
		    why ? "  why" : ""
	infunc = 0; pending = ""
}
' "$@" | sort -rn > "${TMPDIR:-/tmp}/funclen.$$"
cat "${TMPDIR:-/tmp}/funclen.$$"
total=$(wc -l < "${TMPDIR:-/tmp}/funclen.$$")
bare=$(grep -cv '  why$' "${TMPDIR:-/tmp}/funclen.$$" || true)
rm -f "${TMPDIR:-/tmp}/funclen.$$"
echo "$total functions over $limit lines, $bare without a \"Long:\" comment"
[ "$bare" -eq 0 ]
