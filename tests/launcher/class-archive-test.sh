#!/usr/bin/env bash
#
# Checks the launcher's class-data sharing archive (see class_archive_opts in ./mallard) on a copy
# of the launcher around the built jar:
#   - the first `stdio` run writes target/mallard-stdio-java<N>.jsa, and prints nothing on stdout;
#   - the next run maps Mallard's classes from it and leaves it as it is;
#   - after a rebuild (a newer jar) the old archive is not used, and a fresh one is written;
#   - MALLARD_CLASS_ARCHIVE=off starts without one;
#   - a read-only target/ starts fine, with or without an archive there (when run as root, the
#     read-only runs are made as user nobody);
#   - the state store's SQLite library is loaded from beside the jar (Java 22+, which logs it).
#
#   tests/launcher/class-archive-test.sh [ROOT]     ROOT: the checkout with target/mallard.jar built
#
# Exits 0 when every check passed.

ROOT=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
# shellcheck source=scripts/java-env.sh
. "$ROOT/scripts/java-env.sh"
mallard_find_java >/dev/null 2>&1 || { echo "FAIL: no Java 21+ found"; exit 1; }
[ -f "$ROOT/target/mallard.jar" ] || { echo "FAIL: build $ROOT/target/mallard.jar first"; exit 1; }

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
COPY=$WORK/mallard
FAILED=0

fail() {
    echo "FAIL: $*"
    FAILED=1
}

ok() {
    echo "ok: $*"
}

# A launcher checkout with no sources: the jar is never stale, so nothing is built.
mkdir -p "$COPY/scripts" "$COPY/target" "$WORK/data" "$WORK/out"
cp "$ROOT/mallard" "$COPY/"
cp "$ROOT/scripts/java-env.sh" "$COPY/scripts/"
cp "$ROOT/target/mallard.jar" "$COPY/target/"
# Copied, not linked: the read-only checks run as another user, who may not see into $ROOT.
for native in "$ROOT"/target/libduckdb_java.so_*; do
    [ -e "$native" ] && cp "$native" "$COPY/target/"
done
[ -d "$ROOT/target/sqlite-native" ] && cp -R "$ROOT/target/sqlite-native" "$COPY/target/"

# Runs `mallard stdio` on an empty stdin (it starts, then stops at end of input); stdout and
# stderr go to $WORK/out/$1.out and .err. Extra environment assignments may follow the name.
run_stdio() {
    local name=$1
    shift
    env "$@" "$COPY/mallard" stdio --data-dir "$WORK/data" </dev/null \
        >"$WORK/out/$name.out" 2>"$WORK/out/$name.err"
}

# Succeeds when the run logged (-Xlog:class+load) a Mallard class mapped from an archive.
classes_from_archive() {
    grep -q 'dev\.mallard\..* source: shared objects file' "$WORK/out/$1.classes"
}

with_class_log() {
    echo "MALLARD_JAVA_OPTS=-Xlog:class+load=info:file=$WORK/out/$1.classes"
}

# Succeeds when run $1, made after a rebuild, used the archive of kind $2 made before it.
# Recording an AOT cache ends in a second JVM that overwrites the class log: there the launcher's
# word that it records a new cache tells that the old one was left out.
used_old_archive() {
    case $2 in
        aot) ! grep -q 'recording a start-up cache' "$WORK/out/$1.err" ;;
        *) classes_from_archive "$1" ;;
    esac
}

any_archive() {
    ls "$COPY"/target/*.jsa "$COPY"/target/*.aot >/dev/null 2>&1
}

# The archive's life: written, reused, replaced after a rebuild. $1 is MALLARD_CLASS_ARCHIVE
# (empty: the default kind for this Java, an AOT cache on 25+, a CDS archive before).
check_archive_life() {
    local mode=$1 kind=aot first second rebuilt after
    { [ "$mode" = cds ] || [ "$MALLARD_JAVA_VERSION" -lt 25 ]; } && kind=jsa
    ARCHIVE=$COPY/target/mallard-stdio-java$MALLARD_JAVA_VERSION.$kind
    first=first-$kind second=second-$kind rebuilt=rebuilt-$kind after=after-rebuild-$kind
    rm -f "$COPY"/target/*.jsa "$COPY"/target/*.aot
    if ! run_stdio "$first" "MALLARD_CLASS_ARCHIVE=$mode"; then
        fail "first stdio run exited non-zero: $(tail -n 5 "$WORK/out/$first.err")"
    elif [ -s "$WORK/out/$first.out" ]; then
        fail "first stdio run printed on stdout (the protocol channel): $(head -c 300 "$WORK/out/$first.out")"
    elif [ ! -f "$ARCHIVE" ]; then
        fail "first stdio run wrote no class archive at $ARCHIVE"
    else
        ok "${mode:-default}: first stdio run writes $(basename "$ARCHIVE") and keeps stdout clean"
    fi

    touch -r "$ARCHIVE" "$WORK/archive-before" 2>/dev/null
    if ! run_stdio "$second" "MALLARD_CLASS_ARCHIVE=$mode" "$(with_class_log "$second")"; then
        fail "second stdio run exited non-zero: $(tail -n 5 "$WORK/out/$second.err")"
    elif ! classes_from_archive "$second"; then
        fail "second stdio run did not map Mallard's classes from the archive"
    elif [ "$ARCHIVE" -nt "$WORK/archive-before" ]; then
        fail "second stdio run wrote the archive again instead of reusing it"
    else
        ok "${mode:-default}: second stdio run maps Mallard's classes from the archive and leaves it as it is"
    fi

    # A rebuild: the jar becomes newer than the archive.
    sleep 1
    touch "$COPY/target/mallard.jar"
    if ! run_stdio "$rebuilt" "MALLARD_CLASS_ARCHIVE=$mode" "$(with_class_log "$rebuilt")"; then
        fail "stdio run after a rebuild exited non-zero: $(tail -n 5 "$WORK/out/$rebuilt.err")"
    elif used_old_archive "$rebuilt" "$kind"; then
        fail "stdio run after a rebuild used the archive made from the old jar"
    elif [ ! -f "$ARCHIVE" ] || [ "$COPY/target/mallard.jar" -nt "$ARCHIVE" ]; then
        fail "stdio run after a rebuild did not write a fresh archive"
    elif grep -q '\]\[warning\]\|\]\[error' "$WORK/out/$rebuilt.err"; then
        fail "stdio run after a rebuild warned about the archive: $(grep '\]\[warning\]\|\]\[error' "$WORK/out/$rebuilt.err" | head -n 3)"
    else
        ok "${mode:-default}: after a rebuild the old archive is ignored, silently, and a fresh one is written"
    fi
    if run_stdio "$after" "MALLARD_CLASS_ARCHIVE=$mode" "$(with_class_log "$after")" && classes_from_archive "$after"; then
        ok "${mode:-default}: the run after that maps the fresh archive"
    else
        fail "the run after a rebuild's first run did not map the fresh archive"
    fi
}

check_archive_life ""
# The JDK 21-24 kind, where this Java can make both.
[ "$MALLARD_JAVA_VERSION" -ge 25 ] && check_archive_life cds

rm -f "$COPY"/target/*.jsa "$COPY"/target/*.aot
if ! run_stdio off MALLARD_CLASS_ARCHIVE=off; then
    fail "stdio run with MALLARD_CLASS_ARCHIVE=off exited non-zero: $(tail -n 5 "$WORK/out/off.err")"
elif any_archive; then
    fail "MALLARD_CLASS_ARCHIVE=off still wrote an archive"
else
    ok "MALLARD_CLASS_ARCHIVE=off starts without an archive"
fi

# Read-only target/: root may write anywhere, so as root the runs are made as user nobody.
as_reader=()
if [ "$(id -u)" = 0 ]; then
    if command -v setpriv >/dev/null 2>&1 && id nobody >/dev/null 2>&1; then
        as_reader=(setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups)
        chmod 755 "$WORK"
        chmod -R a+rX "$COPY"
        chmod -R a+rwX "$WORK/data" "$WORK/out"
    else
        echo "skipped: read-only target/ checks (running as root without setpriv or user nobody)"
    fi
else
    chmod a-w "$COPY/target"
fi
if [ "$(id -u)" != 0 ] || [ ${#as_reader[@]} -gt 0 ]; then
    if ! "${as_reader[@]}" env HOME="$WORK/data" "$COPY/mallard" stdio --data-dir "$WORK/data" </dev/null \
        >"$WORK/out/readonly.out" 2>"$WORK/out/readonly.err"; then
        fail "stdio run with a read-only target/ exited non-zero: $(tail -n 5 "$WORK/out/readonly.err")"
    elif [ -s "$WORK/out/readonly.out" ] || any_archive; then
        fail "stdio run with a read-only target/ printed on stdout or wrote an archive"
    else
        ok "a read-only target/ without an archive starts without one"
    fi
    # An archive made earlier (by whoever could write there) is used as it is.
    chmod u+w "$COPY/target"
    run_stdio make-archive
    chmod -R a+r "$COPY/target"
    [ "$(id -u)" = 0 ] || chmod a-w "$COPY/target"
    if ! "${as_reader[@]}" env HOME="$WORK/data" \
        "MALLARD_JAVA_OPTS=-Xlog:class+load=info:file=$WORK/out/readonly-archive.classes" \
        "$COPY/mallard" stdio --data-dir "$WORK/data" </dev/null \
        >"$WORK/out/readonly-archive.out" 2>"$WORK/out/readonly-archive.err"; then
        fail "stdio run with a read-only target/ and an archive exited non-zero: $(tail -n 5 "$WORK/out/readonly-archive.err")"
    elif ! classes_from_archive readonly-archive; then
        fail "stdio run with a read-only target/ did not map the archive already there"
    else
        ok "a read-only target/ with an archive maps it"
    fi
    chmod u+w "$COPY/target"
fi

if [ "$MALLARD_JAVA_VERSION" -ge 22 ] && [ -d "$ROOT/target/sqlite-native" ]; then
    if run_stdio sqlite MALLARD_CLASS_ARCHIVE=off "MALLARD_JAVA_OPTS=-Xlog:library=info:stderr" \
        && grep -q "Loaded library $COPY/target/sqlite-native/" "$WORK/out/sqlite.err"; then
        ok "the state store's SQLite library is loaded from beside the jar"
    else
        fail "the SQLite library was not loaded from $COPY/target/sqlite-native: $(grep -i 'sqlite' "$WORK/out/sqlite.err" | head -n 3)"
    fi
fi

exit "$FAILED"
