#!/usr/bin/env bash
# install.sh [PREFIX] — install brouwer under PREFIX (default ~/.local):
#   PREFIX/bin/brouwer, PREFIX/share/man/man1/brouwer.1, bash/zsh/fish completions under PREFIX/share,
#   README.md and LICENSE in PREFIX/share/doc/brouwer.
# Run from an unpacked brouwer-VERSION-linux-ARCH.tar.gz (it is install.sh at its top), or as
# scripts/install.sh in a source checkout, where it first builds that archive with scripts/package.sh.
set -euo pipefail

die() { echo "install.sh: error: $*" >&2; exit 2; }
[ $# -le 1 ] || die "usage: install.sh [PREFIX]   (default: ~/.local)"
case "${1:-}" in -h|--help) sed -n '2,6p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;; esac
prefix="${1:-$HOME/.local}"
[ -n "$prefix" ] || die "PREFIX is empty"

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

mkdir -p "$prefix" || die "cannot create $prefix"
prefix="$(cd "$prefix" && pwd)"
copy() {  # copy MODE FROM TO
  install -D -m "$1" "$here/$2" "$prefix/$3" || die "cannot write $prefix/$3"
  echo "  $prefix/$3"
}
echo "installing brouwer $("$here/bin/brouwer" --version) into $prefix:"
copy 755 bin/brouwer bin/brouwer
copy 644 share/man/man1/brouwer.1 share/man/man1/brouwer.1
copy 644 share/bash-completion/completions/brouwer share/bash-completion/completions/brouwer
copy 644 share/zsh/site-functions/_brouwer share/zsh/site-functions/_brouwer
copy 644 share/fish/vendor_completions.d/brouwer.fish share/fish/vendor_completions.d/brouwer.fish
copy 644 README.md share/doc/brouwer/README.md
copy 644 LICENSE share/doc/brouwer/LICENSE

case ":$PATH:" in
  *":$prefix/bin:"*) ;;
  *) echo "note: $prefix/bin is not on PATH; add it, e.g. export PATH=\"$prefix/bin:\$PATH\" in ~/.bashrc" ;;
esac
echo "check: brouwer --version && brouwer materials"
if [ "$prefix" != "$HOME/.local" ]; then
  echo "note: for completions outside ~/.local, source $prefix/share/bash-completion/completions/brouwer in ~/.bashrc;"
  echo "      zsh: fpath+=($prefix/share/zsh/site-functions); fish: add $prefix/share/fish/vendor_completions.d to \$fish_complete_path"
else
  echo "note: zsh users add fpath+=(~/.local/share/zsh/site-functions) before compinit in ~/.zshrc"
fi
