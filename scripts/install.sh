#!/usr/bin/env bash
# install.sh [PREFIX] — install brouwer under PREFIX (default ~/.local):
#   PREFIX/bin/brouwer, PREFIX/share/man/man1/brouwer.1, bash/zsh/fish completions under PREFIX/share,
#   README.md and LICENSE in PREFIX/share/doc/brouwer.
# Run from an unpacked brouwer-VERSION-linux-ARCH.tar.gz (it is install.sh at its top), or as
# scripts/install.sh in a source checkout, where it first builds that archive with scripts/package.sh.
# Every file is first written in full beside its target, then renamed over it: a failed install (full disk,
# file-size limit, read-only PREFIX) leaves the previous one as it was. Errors: one line on stderr, exit 2.
set -euo pipefail

die() { local m="$*"; echo "install.sh: error: ${m//$'\n'/ }" >&2; exit 2; }
[ $# -le 1 ] || die "usage: install.sh [PREFIX]   (default: ~/.local)"
case "${1:-}" in -h|--help) sed -n '2,8p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;; esac
if [ $# -eq 1 ]; then
  [ -n "$1" ] || die "PREFIX is empty; give a directory, or no argument for ~/.local"
  prefix="$1"
else
  [ -n "${HOME:-}" ] || die "HOME is not set, so there is no default ~/.local; give a PREFIX: install.sh PREFIX"
  prefix="$HOME/.local"
fi

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [ ! -x "$here/bin/brouwer" ]; then
  # A source checkout: build the archive, unpack it in a temporary directory, install from there.
  [ -f "$here/../Package.swift" ] && [ -x "$here/package.sh" ] || die "no bin/brouwer beside install.sh and no source checkout"
  archive="$("$here/package.sh" | tail -n 1)"
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  tar -C "$tmp" -xzf "$archive"
  "$tmp"/brouwer-*/install.sh "$prefix"
  exit
fi

# A write over a file-size limit fails with EFBIG (reported below) instead of killing cp with SIGXFSZ.
trap '' XFSZ
version="$("$here/bin/brouwer" --version 2>/dev/null)" \
  || die "$here/bin/brouwer does not run here: $("$here/bin/brouwer" --version 2>&1 | tail -n 1)"
err="$(mkdir -p -- "$prefix" 2>&1)" || die "cannot create $prefix: ${err##*: }"
prefix="$(cd "$prefix" && pwd)"

# The files: MODE FROM (beside install.sh) TO (under PREFIX).
files=(
  755 bin/brouwer bin/brouwer
  644 share/man/man1/brouwer.1 share/man/man1/brouwer.1
  644 share/bash-completion/completions/brouwer share/bash-completion/completions/brouwer
  644 share/zsh/site-functions/_brouwer share/zsh/site-functions/_brouwer
  644 share/fish/vendor_completions.d/brouwer.fish share/fish/vendor_completions.d/brouwer.fish
  644 README.md share/doc/brouwer/README.md
  644 LICENSE share/doc/brouwer/LICENSE
)

# Stage: every file copied in full to a temporary file in its target folder (same file system, so the rename
# below is atomic). Any failure removes the temporary files and leaves the installed ones untouched.
staged=()
cleanup() { local f; for f in "${staged[@]}"; do [ -z "$f" ] || rm -f -- "$f"; done; }
trap cleanup EXIT
trap 'die "interrupted"' INT TERM HUP
for ((i = 0; i < ${#files[@]}; i += 3)); do
  mode="${files[i]}" from="$here/${files[i+1]}" to="$prefix/${files[i+2]}"
  [ -f "$from" ] || die "$from is missing (an incomplete package?)"
  dir="$(dirname "$to")"
  err="$(mkdir -p -- "$dir" 2>&1)" || die "cannot create $dir: ${err##*: }"
  [ ! -d "$to" ] || die "cannot write $to: it is a directory"
  tmp="$(mktemp "$dir/.$(basename "$to").install.XXXXXX" 2>&1)" || die "cannot write in $dir: ${tmp##*: }"
  staged+=("$tmp")
  err="$(cp -- "$from" "$tmp" 2>&1)" || die "cannot write $to: ${err##*: }"
  err="$(chmod "$mode" -- "$tmp" 2>&1)" || die "cannot write $to: ${err##*: }"
done

# Commit: rename each complete temporary file over the installed one.
echo "installing brouwer $version into $prefix:"
for ((i = 0; i < ${#files[@]}; i += 3)); do
  to="$prefix/${files[i+2]}"
  err="$(mv -f -T -- "${staged[i / 3]}" "$to" 2>&1)" || die "cannot replace $to: ${err##*: }"
  staged[i / 3]=""
  echo "  $to"
done
staged=()

case ":${PATH:-}:" in
  *":$prefix/bin:"*) ;;
  *) echo "note: $prefix/bin is not on PATH; add it, e.g. export PATH=\"$prefix/bin:\$PATH\" in ~/.bashrc" ;;
esac
echo "check: brouwer --version && brouwer materials"
if [ "$prefix" != "${HOME:-}/.local" ]; then
  echo "note: for completions outside ~/.local, source $prefix/share/bash-completion/completions/brouwer in ~/.bashrc;"
  echo "      zsh: fpath+=($prefix/share/zsh/site-functions); fish: add $prefix/share/fish/vendor_completions.d to \$fish_complete_path"
else
  echo "note: zsh users add fpath+=(~/.local/share/zsh/site-functions) before compinit in ~/.zshrc"
fi
