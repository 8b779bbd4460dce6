# shellcheck shell=bash
#
# java-env.sh: find a Java 21+ (and Maven) for building and running Mallard.
#
# Sourced, not executed, by ./mallard and ./test. It defines:
#
#   mallard_find_java [--jdk]   Finds Java 21 or newer and exports JAVA_HOME, MALLARD_JAVA
#                               (the java binary) and MALLARD_JAVA_VERSION (major version).
#                               With --jdk a full JDK (with javac) is required, as for a build;
#                               without it a runtime is enough to run an existing jar.
#                               Prints what it looked at to stderr and returns 1 if none is found.
#   mallard_maven_opts          Exports MAVEN_OPTS suited to the chosen JDK.
#   mallard_find_maven ROOT     Sets MALLARD_MVN to ROOT/mvnw if present, else to `mvn`.
#
# Where Java is looked for, in order:
#   1. $JAVA_HOME, when it is recent enough (an explicit choice wins even if a newer JDK exists);
#   2. `java` on PATH;
#   3. the usual install locations; the newest suitable one wins. MALLARD_JDK_SEARCH_PATHS
#      (a ':'-separated list of glob patterns of Java homes) replaces this list, which is how
#      the search is tested; set but empty, it disables step 3.
#
# ./mallard runs this on every start, so the common paths use shell builtins only: versions come
# from each JDK's `release` file, and a JVM is started only for installations that lack one.
# Written for bash 3.2 too (macOS /bin/bash): no mapfile, no associative arrays.

MALLARD_MIN_JAVA=21

# Prints the version string of the Java installation at $1: "25.0.3", "21", "1.8.0_392"...
_mallard_java_version_of() {
    local home=$1 line version=
    if [ -r "$home/release" ]; then
        while IFS= read -r line || [ -n "$line" ]; do
            case $line in
                JAVA_VERSION=*)
                    version=${line#JAVA_VERSION=}
                    version=${version%$'\r'}
                    version=${version//\"/}
                    break
                    ;;
            esac
        done <"$home/release"
    fi
    if [ -z "$version" ] && [ -x "$home/bin/java" ]; then
        # `java -version` prints e.g.: openjdk version "21.0.2" 2024-01-16 / java version "1.8.0_392"
        version=$("$home/bin/java" -version 2>&1 | sed -n 's/^[^"]* version "\([^"]*\)".*/\1/p' | head -n 1)
    fi
    [ -n "$version" ] || return 1
    printf '%s\n' "$version"
}

# Prints the major version of a version string: "1.8.0_392" -> 8, "21.0.2" -> 21, "26-ea" -> 26.
_mallard_major_of() {
    local version=$1
    case $version in 1.*) version=${version#1.} ;; esac
    version=${version%%[!0-9]*}
    [ -n "$version" ] || return 1
    printf '%s\n' "$version"
}

# Succeeds if version $1 is newer than version $2, comparing numeric parts left to right
# ("21.0.10" > "21.0.9" > "21").
_mallard_version_gt() {
    local a=$1 b=$2 x y
    case $a in 1.*) a=${a#1.} ;; esac
    case $b in 1.*) b=${b#1.} ;; esac
    while [ -n "$a" ] || [ -n "$b" ]; do
        x=${a%%[!0-9]*}
        y=${b%%[!0-9]*}
        # Drop this part and the separator(s) after it.
        a=${a#"$x"}
        a=${a#"${a%%[0-9]*}"}
        b=${b#"$y"}
        b=${b#"${b%%[0-9]*}"}
        if [ "$((10#${x:-0}))" -gt "$((10#${y:-0}))" ]; then return 0; fi
        if [ "$((10#${x:-0}))" -lt "$((10#${y:-0}))" ]; then return 1; fi
    done
    return 1
}

# Prints $1 with symlinks in its last component followed (readlink -f is not portable).
_mallard_resolve_symlinks() {
    local path=$1 target
    while [ -L "$path" ]; do
        target=$(readlink "$path") || break
        case $target in
            /*) path=$target ;;
            *) path=${path%/*}/$target ;;
        esac
    done
    printf '%s\n' "$path"
}

# Prints the Java home behind the `java` found on PATH.
_mallard_path_java_home() {
    local java_bin home
    java_bin=$(command -v java) || return 1
    java_bin=$(_mallard_resolve_symlinks "$java_bin")
    home=${java_bin%/bin/java}
    # Usually `java` is (a link to) <home>/bin/java: no need to start a JVM to find out.
    if [ "$home" != "$java_bin" ] && [ -r "$home/release" ]; then
        printf '%s\n' "$home"
        return 0
    fi
    # Wrappers (the macOS /usr/bin/java stub, asdf or jenv shims) live outside the JDK; ask it.
    home=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.home = //p' | head -n 1)
    [ -n "$home" ] || return 1
    printf '%s\n' "$home"
}

# Records a Java installation at $1 that was found but can't be used, and why ($2), for the
# error message. The same JDK is often reachable by several paths (PATH, a symlink in
# /usr/lib/jvm); it is listed once, under its real path.
_mallard_reject() {
    local home entry
    home=$(cd -P "$1" 2>/dev/null && pwd) || home=$1
    entry="  $home ($2)"$'\n'
    case $_MALLARD_REJECTED in
        *"$entry"*) ;;
        *) _MALLARD_REJECTED=$_MALLARD_REJECTED$entry ;;
    esac
}

# Checks whether directory $1 holds a usable Java (a JDK if $2 is 1). On success sets
# _MALLARD_CAND_HOME and _MALLARD_CAND_VERSION.
_mallard_accept() {
    local dir=$1 need_jdk=$2 sub home='' version major
    # macOS bundles (Foo.jdk/Contents/Home) and Homebrew kegs keep the real home further down.
    for sub in Contents/Home libexec/openjdk.jdk/Contents/Home libexec ""; do
        if [ -x "$dir${sub:+/$sub}/bin/java" ]; then
            home=$dir${sub:+/$sub}
            break
        fi
    done
    [ -n "$home" ] || return 1
    if ! version=$(_mallard_java_version_of "$home") || ! major=$(_mallard_major_of "$version"); then
        _mallard_reject "$home" "could not tell its version"
        return 1
    fi
    if [ "$major" -lt "$MALLARD_MIN_JAVA" ]; then
        _mallard_reject "$home" "Java $version: too old"
        return 1
    fi
    if [ "$need_jdk" = 1 ] && [ ! -x "$home/bin/javac" ]; then
        _mallard_reject "$home" "Java $version runtime without javac: building needs a JDK"
        return 1
    fi
    _MALLARD_CAND_HOME=$home
    _MALLARD_CAND_VERSION=$version
    return 0
}

# The usual install locations, as ':'-separated glob patterns.
_mallard_default_search_paths() {
    local h=${HOME:-/nonexistent}
    printf '%s' "/usr/lib/jvm/*:/usr/java/*:/opt/java/*:/opt/jdk*" \
        ":/Library/Java/JavaVirtualMachines/*:$h/Library/Java/JavaVirtualMachines/*" \
        ":$h/.sdkman/candidates/java/*:$h/.jdks/*:$h/.asdf/installs/java/*" \
        ":/opt/homebrew/opt/openjdk*:/usr/local/opt/openjdk*"
}

_mallard_export_java() {
    JAVA_HOME=$_MALLARD_CAND_HOME
    MALLARD_JAVA=$_MALLARD_CAND_HOME/bin/java
    MALLARD_JAVA_VERSION=$(_mallard_major_of "$_MALLARD_CAND_VERSION")
    export JAVA_HOME MALLARD_JAVA MALLARD_JAVA_VERSION
}

mallard_find_java() {
    local need_jdk=0 search_paths old_ifs path_home best_home='' best_version='' candidate
    local -a candidates
    [ "${1:-}" = --jdk ] && need_jdk=1
    _MALLARD_REJECTED=

    # 1. JAVA_HOME: the user's explicit choice, honoured whenever it is recent enough.
    if [ -n "${JAVA_HOME:-}" ] && _mallard_accept "$JAVA_HOME" "$need_jdk"; then
        _mallard_export_java
        return 0
    fi

    # 2. java on PATH.
    if path_home=$(_mallard_path_java_home) && _mallard_accept "$path_home" "$need_jdk"; then
        _mallard_export_java
        return 0
    fi

    # 3. The usual install locations: take the newest suitable Java.
    if [ -n "${MALLARD_JDK_SEARCH_PATHS+set}" ]; then
        search_paths=$MALLARD_JDK_SEARCH_PATHS
    else
        search_paths=$(_mallard_default_search_paths)
    fi
    old_ifs=$IFS
    IFS=':'
    # Deliberately unquoted: split on ':' and expand each glob (patterns that match nothing stay
    # literal and are skipped below).
    # shellcheck disable=SC2206
    candidates=($search_paths)
    IFS=$old_ifs
    # macOS's own registry of installed JDKs.
    if [ -z "${MALLARD_JDK_SEARCH_PATHS+set}" ] && [ -x /usr/libexec/java_home ]; then
        candidate=$(/usr/libexec/java_home -v "$MALLARD_MIN_JAVA+" 2>/dev/null) && candidates+=("$candidate")
    fi
    for candidate in ${candidates[@]+"${candidates[@]}"}; do
        _mallard_accept "$candidate" "$need_jdk" || continue
        if [ -z "$best_home" ] || _mallard_version_gt "$_MALLARD_CAND_VERSION" "$best_version"; then
            best_home=$_MALLARD_CAND_HOME
            best_version=$_MALLARD_CAND_VERSION
        fi
    done
    if [ -n "$best_home" ]; then
        _MALLARD_CAND_HOME=$best_home
        _MALLARD_CAND_VERSION=$best_version
        _mallard_export_java
        return 0
    fi

    _mallard_no_java_message "$need_jdk" "$search_paths"
    return 1
}

_mallard_no_java_message() {
    local need_jdk=$1 search_paths=$2 what="Java $MALLARD_MIN_JAVA or newer"
    [ "$need_jdk" = 1 ] && what="a JDK $MALLARD_MIN_JAVA or newer (to build Mallard)"
    {
        printf 'mallard: could not find %s.\n' "$what"
        printf 'Looked at:\n'
        printf '  JAVA_HOME: %s\n' "${JAVA_HOME:-(not set)}"
        printf '  java on PATH: %s\n' "$(command -v java 2>/dev/null || echo '(none)')"
        search_paths=${search_paths:-(no other locations)}
        printf '  %s\n' "${search_paths//:/, }"
        if [ -n "$_MALLARD_REJECTED" ]; then
            printf 'Found, but not usable:\n%s' "$_MALLARD_REJECTED"
        fi
        printf '%s\n' "Mallard needs Java $MALLARD_MIN_JAVA or newer. Install a JDK $MALLARD_MIN_JAVA+ (for example" \
            "Eclipse Temurin 21 or 25, or \`sudo apt install openjdk-21-jdk\` on distributions that have it," \
            "or \`brew install openjdk@21\`) and/or set JAVA_HOME to it."
    } >&2
}

# Maven 3.8/3.9 bundle a Guava that uses sun.misc.Unsafe, which JDK 24+ warns about on every
# build. The option that silences it exists from JDK 23 on; older JVMs refuse to start with it.
mallard_maven_opts() {
    if [ "${MALLARD_JAVA_VERSION:-0}" -ge 23 ]; then
        case " ${MAVEN_OPTS:-} " in
            *" --sun-misc-unsafe-memory-access="*) ;;
            *) MAVEN_OPTS="${MAVEN_OPTS:+$MAVEN_OPTS }--sun-misc-unsafe-memory-access=allow" ;;
        esac
    fi
    export MAVEN_OPTS
}

# MALLARD_MVN is read by the scripts that source this file.
# shellcheck disable=SC2034
mallard_find_maven() {
    local root=$1
    if [ -x "$root/mvnw" ]; then
        MALLARD_MVN=$root/mvnw
    elif command -v mvn >/dev/null 2>&1; then
        MALLARD_MVN=mvn
    else
        {
            echo "mallard: Apache Maven 3.8 or newer is needed to build Mallard, but \`mvn\` is not on PATH."
            echo "Install it (for example \`sudo apt install maven\` or \`brew install maven\`, or download it"
            echo "from the Apache Maven website) and try again."
        } >&2
        return 1
    fi
    return 0
}
