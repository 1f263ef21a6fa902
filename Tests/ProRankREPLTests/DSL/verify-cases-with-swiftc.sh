#!/usr/bin/env bash
# Checks the golden cases against real Swift: every case without `// expect error:` lines is compiled with swiftc
# and run, and its output must equal the case's `// expect:` lines. Cells are meant to be valid Swift that
# behaves the same when copied into a program. Usage: verify-cases-with-swiftc.sh [CASE.swift…]
# Cases that use notebook-only builtins (beir, bm25, synthetic, evaluate…) say `// swiftc: skip`.
set -u
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cases=("$@")
[ ${#cases[@]} -eq 0 ] && cases=("$here"/Cases/*.swift)

check() {
    local file=$1 work=$2 name
    name=$(basename "$file" .swift)
    grep -q '// expect error:' "$file" && return 0
    grep -q '// swiftc: skip' "$file" && return 0
    if ! swiftc -swift-version 6 -o "$work/$name" "$file" >"$work/$name.log" 2>&1; then
        echo "FAIL $name: does not compile"; sed 's/^/    /' "$work/$name.log" | head -5; return 1
    fi
    sed -n 's|.*// expect: \(.*\)$|\1|p' "$file" >"$work/$name.expected"
    "$work/$name" >"$work/$name.out" 2>&1
    if ! diff "$work/$name.expected" "$work/$name.out" >"$work/$name.diff"; then
        echo "FAIL $name: output differs (< expected, > swift)"; sed 's/^/    /' "$work/$name.diff"; return 1
    fi
    echo "ok   $name"
}
export -f check
printf '%s\n' "${cases[@]}" | xargs -P 8 -I{} bash -c 'check "$1" "$2"' _ {} "$work" | sort
