#!/usr/bin/env bash
# scripts/package.sh [--shared-gsl] [-o DIR] — build brouwer-VERSION-linux-ARCH.tar.gz, a relocatable binary
# distribution for machines without Swift (cluster nodes):
#
#   brouwer-VERSION-linux-ARCH/
#     bin/brouwer                                  release build, Swift runtime linked statically,
#                                                  built-in materials compiled in (no resource files)
#     share/man/man1/brouwer.1                     from swift-argument-parser's generate-manual
#     share/bash-completion/completions/brouwer    brouwer --generate-completion-script bash
#     share/zsh/site-functions/_brouwer            … zsh
#     share/fish/vendor_completions.d/brouwer.fish … fish
#     README.md  LICENSE  install.sh               install.sh [PREFIX] puts it all under PREFIX (~/.local)
#
# GSL is linked statically when its static archives are installed (Debian: libgsl-dev has them), so the binary
# needs only the C and C++ runtime libraries (libc6, libstdc++6, libgcc-s1). With --shared-gsl, or without the
# archives, it links libgsl.so and a node also needs GSL's runtime package (Debian 12: libgsl27, libgslcblas0).
#
# VERSION is what the built binary reports (`brouwer --version`; one constant in Sources/brouwer/Brouwer.swift).
# Builds under .build/package (separate from the everyday .build/debug and .build/release). Prints the archive's
# path as the last line on stdout. Needs: Swift 6, libgsl-dev, pkg-config, tar, gzip; strip if present.
set -euo pipefail

die() { echo "package.sh: error: $*" >&2; exit 2; }

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shared_gsl=0
out_dir="$root/.build"
while [ $# -gt 0 ]; do
  case "$1" in
    --shared-gsl) shared_gsl=1 ;;
    -o|--output) [ $# -ge 2 ] || die "$1 needs a directory"; out_dir="$2"; shift ;;
    -h|--help) sed -n '2,20p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument '$1' (usage: scripts/package.sh [--shared-gsl] [-o DIR])" ;;
  esac
  shift
done
cd "$root"
command -v swift >/dev/null || die "swift is not on PATH"
pkg-config --exists gsl || die "GSL not found by pkg-config (install libgsl-dev pkg-config)"

scratch="$root/.build/package"
mkdir -p "$scratch" "$out_dir"
out_dir="$(cd "$out_dir" && pwd)"

# --- GSL: static archives through a private pkg-config file whose only -L directory holds just the .a files
pc_args=()
gsl_libdir="$(pkg-config --variable=libdir gsl)"
if [ "$shared_gsl" = 0 ] && [ -f "$gsl_libdir/libgsl.a" ] && [ -f "$gsl_libdir/libgslcblas.a" ]; then
  static="$scratch/gsl-static"
  rm -rf "$static" && mkdir -p "$static/lib" "$static/pkgconfig"
  ln -s "$gsl_libdir/libgsl.a" "$gsl_libdir/libgslcblas.a" "$static/lib/"
  cat > "$static/pkgconfig/gsl.pc" <<EOF
Name: GSL
Description: GNU Scientific Library, static archives (written by scripts/package.sh)
Version: $(pkg-config --modversion gsl)
Libs: -L$static/lib -lgsl -lgslcblas -lm
Cflags: $(pkg-config --cflags gsl)
EOF
  pc_args=(--pkg-config-path "$static/pkgconfig")
  gsl_note="GSL linked statically"
else
  [ "$shared_gsl" = 1 ] || echo "package.sh: no static GSL archives in $gsl_libdir; linking libgsl.so" >&2
  gsl_note="GSL linked dynamically (nodes need libgsl27 and libgslcblas0 on Debian 12)"
fi

build=(swift build -c release --static-swift-stdlib --build-path "$scratch" "${pc_args[@]}")
echo "package.sh: building (release, static Swift runtime, $gsl_note)" >&2
"${build[@]}" --product brouwer >&2
"${build[@]}" --product generate-manual >&2
bin_dir="$("${build[@]}" --show-bin-path)"
brouwer="$bin_dir/brouwer"

version="$("$brouwer" --version)"
[[ "$version" =~ ^[0-9A-Za-z.+-]+$ ]] || die "'brouwer --version' printed '$version', not a version"
name="brouwer-$version-linux-$(uname -m)"
stage="$scratch/stage/$name"
rm -rf "$scratch/stage" && mkdir -p "$stage"/{bin,share/man/man1,share/bash-completion/completions,share/zsh/site-functions,share/fish/vendor_completions.d}

install -m 755 "$brouwer" "$stage/bin/brouwer"
if command -v strip >/dev/null; then strip "$stage/bin/brouwer"; fi
if ldd "$stage/bin/brouwer" | grep -E 'libswift|libFoundation|libdispatch|libBlocksRuntime|not found'; then
  die "the binary still needs the libraries above"
fi

"$brouwer" --generate-completion-script bash > "$stage/share/bash-completion/completions/brouwer"
"$brouwer" --generate-completion-script zsh > "$stage/share/zsh/site-functions/_brouwer"
"$brouwer" --generate-completion-script fish > "$stage/share/fish/vendor_completions.d/brouwer.fish"

# --- man page: swift-argument-parser's generate-manual (the tool behind its generate-manual plugin, run directly
# so it documents this static build). Version 1.8.2 drops every non-ASCII character (String+Escaping.swift,
# "TODO: maybe drop `where character.isASCII`"), which would turn "ionic–electronic" into "ionicelectronic";
# so it reads the help through a filter that spells the symbols our help text uses in ASCII.
manual="$scratch/manual"
rm -rf "$manual" && mkdir -p "$manual"
cat > "$manual/brouwer-ascii-help" <<EOF
#!/usr/bin/env bash
set -o pipefail
"$brouwer" "\$@" | LC_ALL=C sed -e 's/–/-/g; s/—/--/g; s/−/-/g; s/…/.../g; s/⁻¹/^-1/g; s/¹/^1/g; s/²/^2/g; s/³/^3/g' \\
  -e 's/σ/sigma/g; s/δ/delta/g; s/Δ/Delta/g; s/Θ/Theta/g; s/µ/mu/g; s/μ/mu/g; s/∫/integral /g; s/→/->/g' \\
  -e 's/≤/<=/g; s/≥/>=/g; s/≈/~/g; s/°/deg/g; s/×/x/g; s/·/*/g; s/′/'"'"'/g; s/•/./g; s/ö/o/g; s/§/section /g' \\
  | LC_ALL=C tr -d '\\200-\\377'   # whatever is left is dropped whole, never split into invalid UTF-8
EOF
chmod +x "$manual/brouwer-ascii-help"
left="$("$manual/brouwer-ascii-help" --experimental-dump-help | LC_ALL=C grep -o '[^ -~]' | LC_ALL=C.UTF-8 sort -u | tr -d '\n' || true)"
[ -z "$left" ] || echo "package.sh: warning: the man page drops these characters of the help text: $left" >&2
date="$(git -C "$root" log -1 --format=%cs 2>/dev/null || date -u +%F)"
"$bin_dir/generate-manual" "$manual/brouwer-ascii-help" --date "$date" --output-directory "$manual" >&2
install -m 644 "$manual/brouwer.1" "$stage/share/man/man1/brouwer.1"

install -m 644 README.md LICENSE "$stage/"
install -m 755 scripts/install.sh "$stage/install.sh"

# Reproducible archive: sorted names, owner root, modification time of the last commit.
mtime="$(git -C "$root" log -1 --format=%ct 2>/dev/null || date +%s)"
archive="$out_dir/$name.tar.gz"
tar -C "$scratch/stage" --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$mtime" -cf - "$name" \
  | gzip -n -9 > "$archive.part"
mv "$archive.part" "$archive"
echo "package.sh: wrote $archive ($(du -h "$archive" | cut -f1); $gsl_note)" >&2
echo "$archive"
