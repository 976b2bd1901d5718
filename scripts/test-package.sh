#!/usr/bin/env bash
# scripts/test-package.sh ARCHIVE — checks a brouwer-VERSION-linux-ARCH.tar.gz (scripts/package.sh) the way a
# cluster node without Swift sees it: unpacked and installed (its install.sh) under a temporary prefix, then run
# from an empty directory with an empty environment (LD_LIBRARY_PATH empty) while the build directory is moved
# out of reach. Compares its output byte for byte with the debug build's (built first if missing) and with the
# material files. Exit 0 if every check passes, 1 at the first failure (it says which). Called by .ci/run.
#
# scripts/test-package.sh ARCHIVE --root DIR — the same checks with the binary installed in, and run inside, the
# Linux root DIR (chroot; needs root), e.g. a minimal Debian made by
#   debootstrap --variant=minbase bookworm DIR http://deb.debian.org/debian
# with no GSL and no Swift in it. /proc is mounted in DIR for the run if it is not.
set -euo pipefail

fail() { echo "test-package: FAIL: $*" >&2; exit 1; }
ok() { echo "test-package: ok: $*"; }
usage() { echo "usage: scripts/test-package.sh ARCHIVE.tar.gz [--root DIR]" >&2; exit 2; }
[ $# -ge 1 ] && [ -f "$1" ] || usage
chroot_dir=""
if [ $# -eq 3 ] && [ "$2" = --root ] && [ -x "$3/bin/sh" ]; then chroot_dir="$(cd "$3" && pwd)"; elif [ $# -ne 1 ]; then usage; fi

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d)"
hidden="$root/.build.out-of-reach.$$"
mounted_proc=0
cleanup() {
  if [ -d "$hidden" ]; then mv "$hidden" "$root/.build"; fi
  if [ "$mounted_proc" = 1 ]; then umount "$chroot_dir/proc"; fi
  if [ -n "$chroot_dir" ]; then rm -rf "$chroot_dir/opt/brouwer-test" "${empty:-}"; fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
cp "$1" "$work/archive.tar.gz"
mkdir -p "$work/ref" "$work/got" "$work/unpacked"

# What the packaged binary must reproduce: the debug build's output, and the material files.
cd "$root"
[ -x .build/debug/brouwer ] || swift build --product brouwer >&2
ref="$root/.build/debug/brouwer"
sweeps=(
  "sweep gdc10 --T 800C,1000C --pO2 1e-30:1:31"
  "sweep lsf --set \"Sr_La'=0.1:0.4:3\" --T 1073 --pO2 1e-20:1:21 --slopes"
  "sweep bzy10 --T 500C:700C:3 --pH2O 1e-3,0.02 --pO2 1e-20:1:5"
)
names=()
for f in Data/materials/*.yaml; do names+=("$(basename "$f" .yaml)"); done
"$ref" materials > "$work/ref/materials" < /dev/null
for i in "${!sweeps[@]}"; do eval "\"\$ref\" ${sweeps[$i]}" > "$work/ref/sweep$i" < /dev/null; done
cp -r Data/materials "$work/materials"

# The build directory out of reach, the archive unpacked and installed elsewhere.
mv "$root/.build" "$hidden"
tar -C "$work/unpacked" -xzf "$work/archive.tar.gz"
package=("$work/unpacked"/brouwer-*)
[ ${#package[@]} -eq 1 ] && [ -d "${package[0]}" ] || fail "the archive should hold one brouwer-VERSION-… directory"
package="${package[0]}"
for f in bin/brouwer share/man/man1/brouwer.1 share/bash-completion/completions/brouwer \
         share/zsh/site-functions/_brouwer share/fish/vendor_completions.d/brouwer.fish README.md LICENSE install.sh; do
  [ -s "$package/$f" ] || fail "the archive lacks $f"
done
grep -q "GNU GENERAL PUBLIC LICENSE" "$package/LICENSE" || fail "LICENSE is not the GPL text"
# The installation prefix and the empty working directory, as seen from here and by the binary.
if [ -n "$chroot_dir" ]; then
  prefix="$chroot_dir/opt/brouwer-test" inside=/opt/brouwer-test
  rm -rf "$prefix" && mkdir -p "$chroot_dir/tmp"
  empty="$(mktemp -d "$chroot_dir/tmp/brouwer-empty.XXXXXX")"
  if [ ! -e "$chroot_dir/proc/self" ]; then mount -t proc proc "$chroot_dir/proc" && mounted_proc=1; fi
else
  prefix="$work/prefix" inside="$work/prefix"
  empty="$work/empty" && mkdir -p "$empty"
fi
"$package/install.sh" "$prefix" > "$work/install.log" < /dev/null || fail "install.sh failed: $(cat "$work/install.log")"
bin="$prefix/bin/brouwer"
[ -x "$bin" ] && [ -s "$prefix/share/man/man1/brouwer.1" ] && [ -s "$prefix/share/doc/brouwer/LICENSE" ] \
  || fail "install.sh did not install bin/brouwer, the man page and the licence"
ok "archive layout; install.sh installed into a fresh prefix"

# Run as on a bare node: empty directory, empty environment, no library path.
if [ -n "$chroot_dir" ]; then
  in_root() { chroot "$chroot_dir" /usr/bin/env -i PATH=/usr/bin:/bin HOME=/ LD_LIBRARY_PATH= "$@"; }
  run() { in_root /bin/sh -c 'cd "$0" && exec "$@"' "${empty#"$chroot_dir"}" "$inside/bin/brouwer" "$@" < /dev/null; }
  gsl="$(in_root dpkg-query -W -f '${db:Status-Abbrev} ${Package}\n' 'libgsl*' 2>/dev/null | awk '$1 == "ii" {printf "%s ", $2}' || true)"
  echo "test-package: running inside $chroot_dir ($(. "$chroot_dir/etc/os-release" && echo "$PRETTY_NAME"); GSL packages: ${gsl:-none})"
  libs="$(in_root ldd "$inside/bin/brouwer")"
else
  run() { (cd "$empty" && env -i PATH=/usr/bin:/bin HOME="$empty" LD_LIBRARY_PATH= "$bin" "$@" < /dev/null); }
  libs="$(env LD_LIBRARY_PATH= ldd "$bin")"
fi
if grep -E 'libswift|libFoundation|libdispatch|libBlocksRuntime|not found' <<<"$libs"; then
  fail "the packaged binary needs the libraries above"
fi
ok "ldd: $(awk '/=>/ {print $1}' <<<"$libs" | tr '\n' ' ')"

version="$(run --version)" || fail "brouwer --version failed"
[[ "$(basename "$package")" == "brouwer-$version-linux-"* ]] || fail "--version says '$version', the archive is $(basename "$package")"
ok "brouwer --version: $version"

run materials > "$work/got/materials" || fail "brouwer materials exited $?"
cmp -s "$work/ref/materials" "$work/got/materials" || fail "brouwer materials differs from the debug build's"
[ "$(wc -l < "$work/got/materials")" -eq $(( ${#names[@]} + 1 )) ] || fail "brouwer materials should list ${#names[@]} materials"
ok "brouwer materials: ${#names[@]} materials, as the debug build"

for name in "${names[@]}"; do
  run show "$name" > "$work/got/$name.yaml" || fail "brouwer show $name exited $?"
  cmp -s "$work/materials/$name.yaml" "$work/got/$name.yaml" || fail "brouwer show $name differs from Data/materials/$name.yaml"
done
ok "brouwer show NAME is Data/materials/NAME.yaml byte for byte (${names[*]})"

for i in "${!sweeps[@]}"; do
  status=0
  eval "run ${sweeps[$i]}" > "$work/got/sweep$i" || status=$?
  [ "$status" -eq 0 ] || fail "brouwer ${sweeps[$i]} exited $status"
  cmp -s "$work/ref/sweep$i" "$work/got/sweep$i" || fail "brouwer ${sweeps[$i]} differs from the debug build's output"
  ok "brouwer ${sweeps[$i]}: $(( $(wc -l < "$work/got/sweep$i") - 1 )) rows, identical to the debug build's"
done
run sweep gdc10 --T 800C --pO2 1e-25:1:6 --quiet --output out.csv || fail "sweep --output exited $?"
run sweep gdc10 --T 800C --pO2 1e-25:1:6 | cmp -s - "$empty/out.csv" || fail "sweep --output wrote other bytes than stdout"
rm "$empty/out.csv"

# Bad names: one error line, exit status 2, nothing on stdout (no crash on a missing resource).
for args in "show no-such-material" "sweep no-such-material --T 1000 --pO2 1e-10" "show"; do
  status=0
  eval "run $args" > "$work/got/out" 2> "$work/got/err" || status=$?
  [ "$status" -eq 2 ] && [ ! -s "$work/got/out" ] && [ "$(wc -l < "$work/got/err")" -eq 1 ] \
    || fail "brouwer $args: want exit 2, one line on stderr, nothing on stdout; got $status: $(cat "$work/got/err")"
done
ok "unknown material name, missing argument: exit 2, one line on stderr, nothing on stdout"
[ -z "$(ls -A "$empty")" ] || fail "brouwer left files in the working directory: $(ls -A "$empty")"

# Completions (bash run for real; zsh and fish parsed when installed) and the man page.
completions="$prefix/share/bash-completion/completions/brouwer"
words="$(bash -c 'source "$1"; COMP_WORDS=(brouwer sw); COMP_CWORD=1; COMP_LINE="brouwer sw"; COMP_POINT=10
  _brouwer brouwer sw brouwer; echo "${COMPREPLY[*]}"
  COMPREPLY=(); COMP_WORDS=(brouwer sweep --sh); COMP_CWORD=2; COMP_LINE="brouwer sweep --sh"; COMP_POINT=18
  _brouwer brouwer --sh sweep; echo "${COMPREPLY[*]}"' _ "$completions" < /dev/null)"
[ "$words" = $'sweep\n--shard' ] || fail "bash completion of 'brouwer sw' and 'brouwer sweep --sh' gave: $words"
ok "bash completion: brouwer sw<TAB> -> sweep, brouwer sweep --sh<TAB> -> --shard"
if command -v zsh >/dev/null; then zsh -n "$prefix/share/zsh/site-functions/_brouwer" || fail "zsh completion does not parse"; fi
if command -v fish >/dev/null; then fish -n "$prefix/share/fish/vendor_completions.d/brouwer.fish" || fail "fish completion does not parse"; fi
if command -v man >/dev/null; then
  page="$(cd "$prefix/share/man/man1" && MANWIDTH=100 man --warnings ./brouwer.1 2> "$work/got/man-warnings")" \
    || fail "man ./brouwer.1 failed: $(cat "$work/got/man-warnings")"
  [ ! -s "$work/got/man-warnings" ] || fail "man ./brouwer.1 warns: $(cat "$work/got/man-warnings")"
  grep -q "mixed ionic-electronic conductors" <<<"$page" || fail "the man page lacks the description"
  for sub in sweep solve plot fit permeation materials show check; do
    grep -Eq "^ +$sub( |\$)" <<<"$page" || fail "the man page lacks the subcommand $sub"
  done
  ok "man ./brouwer.1 renders without warnings, every subcommand documented"
else
  echo "test-package: man is not installed; man page not rendered" >&2
fi
echo "test-package: all checks passed for $(basename "$package")"
