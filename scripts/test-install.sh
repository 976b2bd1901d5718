#!/usr/bin/env bash
# scripts/test-install.sh [BROUWER | ARCHIVE.tar.gz] — checks scripts/install.sh in a temporary directory. Builds
# nothing: give a built brouwer binary (or set BROUWER_BIN), or a brouwer-VERSION-linux-ARCH.tar.gz from
# scripts/package.sh. The checkout's scripts/install.sh is put beside bin/brouwer (with the archive's files, or,
# for a bare binary, completions it generates and a stand-in man page), as in an unpacked archive, and run:
#   a fresh install works and the installed brouwer --version runs; reinstalling over it; PREFIX given with HOME
#   unset; install.sh "", HOME unset or empty without PREFIX, two arguments, PREFIX a file: exit 2, one error
#   line; an install under `ulimit -f` too small for the binary, onto a full file system (a small tmpfs; root
#   only), into a read-only PREFIX, and from a package missing a file: exit 2, one error line, the previous install byte for byte as it was, no temporary file left.
#   Run as root, the HOME-empty and read-only checks run as user nobody (setpriv), or are skipped without it.
# Prints one line per check and "N passed, M failed" last; exit 0 if all passed, 1 if not, 2 on bad usage.
set -euo pipefail

usage() { echo "usage: scripts/test-install.sh BROUWER|ARCHIVE.tar.gz   (or BROUWER_BIN=path scripts/test-install.sh)" >&2; exit 2; }
[ $# -le 1 ] || usage
src="${1:-${BROUWER_BIN:-}}"
[ -n "$src" ] && [ -f "$src" ] || usage
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
installer="$root/scripts/install.sh"

work="$(mktemp -d)"
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
trap 'exit 1' INT TERM
chmod 755 "$work"   # readable by user nobody for the read-only check when run as root

passed=0 failed=0
pass() { passed=$((passed + 1)); echo "test-install: ok: $*"; }
fail() { failed=$((failed + 1)); echo "test-install: FAIL: $*"; }
check() {  # check WHAT CMD…: passes if CMD succeeds; what CMD printed follows a FAIL line
  local what="$1" out; shift
  if out="$("$@" 2>&1)"; then pass "$what"; else fail "$what"; [ -z "$out" ] || echo "$out"; fi
}

# --- The package: the layout of an unpacked archive, with the checkout's install.sh at its top.
pkg="$work/pkg"
mkdir -p "$pkg"
case "$src" in
  *.tar.gz|*.tgz)
    mkdir -p "$work/unpacked" && tar -C "$work/unpacked" -xzf "$src"
    dirs=("$work/unpacked"/brouwer-*)
    [ ${#dirs[@]} -eq 1 ] && [ -d "${dirs[0]}" ] || { echo "test-install: $src holds no brouwer-VERSION-… directory" >&2; exit 2; }
    cp -R "${dirs[0]}/." "$pkg/" ;;
  *)
    mkdir -p "$pkg"/{bin,share/man/man1,share/bash-completion/completions,share/zsh/site-functions,share/fish/vendor_completions.d}
    cp "$src" "$pkg/bin/brouwer" && chmod 755 "$pkg/bin/brouwer"
    "$pkg/bin/brouwer" --generate-completion-script bash > "$pkg/share/bash-completion/completions/brouwer"
    "$pkg/bin/brouwer" --generate-completion-script zsh > "$pkg/share/zsh/site-functions/_brouwer"
    "$pkg/bin/brouwer" --generate-completion-script fish > "$pkg/share/fish/vendor_completions.d/brouwer.fish"
    printf '.TH BROUWER 1\n.SH NAME\nbrouwer \\- stand-in page written by scripts/test-install.sh\n' > "$pkg/share/man/man1/brouwer.1"
    cp "$root/README.md" "$root/LICENSE" "$pkg/" ;;
esac
cp "$installer" "$pkg/install.sh" && chmod 755 "$pkg/install.sh"
version="$("$pkg/bin/brouwer" --version)" || { echo "test-install: $src --version failed" >&2; exit 2; }
files=(bin/brouwer share/man/man1/brouwer.1 share/bash-completion/completions/brouwer share/zsh/site-functions/_brouwer
       share/fish/vendor_completions.d/brouwer.fish share/doc/brouwer/README.md share/doc/brouwer/LICENSE)
from() { case "$1" in share/doc/brouwer/*) echo "${1#share/doc/brouwer/}" ;; *) echo "$1" ;; esac; }

# A newer package: the same files, the binary with 64 KiB appended (it still runs, its bytes differ).
new="$work/pkg-new"
cp -R "$pkg" "$new"
head -c 65536 /dev/zero >> "$new/bin/brouwer"

# run NAME CMD…: runs CMD with stdout and stderr in $work/NAME.out/.err; its exit status in $status.
status=0
run() { local name="$1"; shift; status=0; "$@" > "$work/$name.out" 2> "$work/$name.err" < /dev/null || status=$?; }
# One line on stderr, starting "install.sh: error: " and matching the pattern $2 (grep -E), exit status 2.
one_error() {
  local name="$1" pattern="$2"
  if [ "$status" -eq 2 ] && [ "$(wc -l < "$work/$name.err")" -eq 1 ] && grep -q '^install\.sh: error: ' "$work/$name.err" \
     && grep -Eq "$pattern" "$work/$name.err"; then return 0; fi
  echo "    exit $status; stderr: $(cat "$work/$name.err")"; return 1
}
exit0() { [ "$status" -eq 0 ] || { echo "    exit $status; stderr: $(cat "$work/$1.err")"; return 1; }; }
no_temp() { [ -z "$(find "$1" -name '.*.install.*' 2>/dev/null)" ] || { echo "    left: $(find "$1" -name '.*.install.*')"; return 1; }; }
same_as() {  # same_as PREFIX DIR: every installed file is byte for byte DIR's (a package or a saved install)
  local f g
  for f in "${files[@]}"; do
    g="$2/$f"; [ -f "$2/install.sh" ] && g="$2/$(from "$f")"
    cmp -s "$g" "$1/$f" || { echo "    $1/$f differs from $g"; return 1; }
  done
}
modes_ok() {
  [ "$(stat -c %a "$1/bin/brouwer")" = 755 ] || return 1
  local f; for f in "${files[@]:1}"; do [ "$(stat -c %a "$1/$f")" = 644 ] || return 1; done
}

# --- A fresh install, then a reinstall (an upgrade) over it.
home="$work/home" && mkdir -p "$home"
prefix="$work/prefix"
run fresh env HOME="$home" "$pkg/install.sh" "$prefix"
check "fresh install: exit 0, every file installed as in the package, modes 755/644, no temporary file" \
  eval 'exit0 fresh && same_as "$prefix" "$pkg" && modes_ok "$prefix" && no_temp "$prefix"'
check "the installed brouwer --version runs and prints $version" eval '[ "$("$prefix/bin/brouwer" --version)" = "$version" ]'
check "install.sh lists the installed files on stdout" eval '[ "$(grep -c "^  $prefix/" "$work/fresh.out")" -eq ${#files[@]} ]'
saved="$work/saved" && cp -R "$prefix" "$saved"

run again env HOME="$home" "$new/install.sh" "$prefix"
check "reinstall over it (newer binary): exit 0, the new files in place, no temporary file" \
  eval 'exit0 again && same_as "$prefix" "$new" && modes_ok "$prefix" && no_temp "$prefix" && "$prefix/bin/brouwer" --version > /dev/null'
rm -rf "$prefix" && cp -R "$saved" "$prefix"   # back to the old install for the failure checks below

run home-unset-prefix env -u HOME "$pkg/install.sh" "$work/prefix2"
check "HOME unset, PREFIX given: installs (exit 0)" eval 'exit0 home-unset-prefix && same_as "$work/prefix2" "$pkg"'

# --- Bad arguments and environment: exit 2, one error line, nothing installed.
run empty env HOME="$home" "$pkg/install.sh" ""
check 'install.sh "": exit 2, one error line, nothing installed under ~/.local' \
  eval 'one_error empty "PREFIX is empty" && [ ! -e "$home/.local" ]'
run home-unset env -u HOME "$pkg/install.sh"
check "HOME unset, no PREFIX: exit 2, one error line saying HOME is not set" eval 'one_error home-unset "HOME is not set"'
run two-args "$pkg/install.sh" "$work/a" "$work/b"
check "two arguments: exit 2, one usage line, nothing created" eval 'one_error two-args "usage" && [ ! -e "$work/a" ]'
touch "$work/a-file"
run prefix-file "$pkg/install.sh" "$work/a-file"
check "PREFIX is a file: exit 2, one error line" eval 'one_error prefix-file "cannot create"'

# --- Failures part way: the previous install intact, no temporary file.
limit=512   # KiB (bash's ulimit -f unit): less than the binary, more than any other file
big=0; for f in "${files[@]:1}"; do [ "$(stat -c %s "$new/$(from "$f")")" -lt $((limit * 1024)) ] || big=1; done
if [ "$(stat -c %s "$new/bin/brouwer")" -gt $((limit * 1024)) ] && [ "$big" = 0 ]; then
  run ulimit bash -c 'ulimit -f "$1" && exec "$2" "$3"' _ "$limit" "$new/install.sh" "$prefix"
  check "ulimit -f $limit: exit 2, one error line (File too large), previous install byte for byte, no temporary file" \
    eval 'one_error ulimit "File too large" && same_as "$prefix" "$saved" && no_temp "$prefix" && [ ! -s "$work/ulimit.out" ]'
else
  fail "ulimit -f $limit KiB does not fall between the binary's size and the other files' sizes"
fi

# A full file system: a tmpfs with room for one install and 2 MiB, in a private mount namespace (root only).
if [ "$(id -u)" -eq 0 ] && command -v unshare > /dev/null && unshare -m true 2> /dev/null; then
  size=$(( $(du -sk "$pkg" | cut -f1) + 2048 ))
  mkdir -p "$work/full/prefix" "$work/full/before" "$work/full/after"
  # A package whose binary does not fit even in place of the old one (4 MiB larger than it, 2 MiB free).
  cp -R "$pkg" "$work/full/pkg" && head -c 4194304 /dev/zero >> "$work/full/pkg/bin/brouwer"
  run full unshare -m bash -c '
    mount -t tmpfs -o size="$1k" tmpfs "$2/prefix" || exit 99
    "$3/install.sh" "$2/prefix" > /dev/null && cp -R "$2/prefix/." "$2/before" || exit 98
    s=0; "$4/install.sh" "$2/prefix" || s=$?
    cp -R "$2/prefix/." "$2/after"; exit "$s"' _ "$size" "$work/full" "$pkg" "$work/full/pkg"
  if [ "$status" -eq 99 ]; then
    echo "test-install: skipped: full file system (cannot mount a tmpfs here)"
  else
    check "full file system (${size} KiB tmpfs): exit 2, one error line (No space left), previous install byte for byte, no temporary file" \
      eval 'one_error full "No space left on device" && same_as "$work/full/before" "$pkg" && same_as "$work/full/after" "$work/full/before" && no_temp "$work/full/after"'
  fi
else
  echo "test-install: skipped: full file system (needs root and unshare -m for a private tmpfs)"
fi

incomplete="$work/pkg-incomplete" && cp -R "$new" "$incomplete" && rm "$incomplete/LICENSE"
run incomplete "$incomplete/install.sh" "$prefix"
check "a package missing LICENSE: exit 2, one error line, previous install (binary too) byte for byte, no temporary file" \
  eval 'one_error incomplete "LICENSE is missing" && same_as "$prefix" "$saved" && no_temp "$prefix"'

as_user=()
if [ "$(id -u)" -eq 0 ]; then
  if command -v setpriv > /dev/null; then as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups); fi
fi
if [ "$(id -u)" -ne 0 ] || [ ${#as_user[@]} -gt 0 ]; then
  # Not as root: an install.sh that took HOME= for a default would write to /.local.
  run home-empty "${as_user[@]}" env HOME= "$pkg/install.sh"
  check "HOME empty, no PREFIX: exit 2, one error line saying HOME is not set" eval 'one_error home-empty "HOME is not set"'
  chmod -R a-w "$prefix"
  run read-only "${as_user[@]}" "$new/install.sh" "$prefix"
  check "read-only PREFIX with an install in it: exit 2, one error line, previous install byte for byte, no temporary file" \
    eval 'one_error read-only "Permission denied" && same_as "$prefix" "$saved" && no_temp "$prefix"'
  mkdir -p "$work/ro-empty" && chmod 555 "$work/ro-empty"
  run read-only-empty "${as_user[@]}" "$new/install.sh" "$work/ro-empty"
  check "read-only empty PREFIX: exit 2, one error line, nothing written" \
    eval 'one_error read-only-empty "Permission denied" && [ -z "$(ls -A "$work/ro-empty")" ]'
  chmod -R u+w "$prefix"
else
  echo "test-install: skipped: HOME empty and read-only PREFIX (running as root without setpriv to drop to user nobody)"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
