#!/usr/bin/env bash
# Fetches real content and style pictures into ${LORAKIT_DATA:-~/.cache/lorakit/data}/images/:
# astronaut.png, chelsea.png, coffee.png (public domain / CC0) from Debian python3-skimage and
# starry_night.jpg (Van Gogh) and fruits.jpg (a second style picture for style adapters) from Debian
# opencv-doc, both without installing the packages.
# Idempotent: a package is downloaded only when one of its pictures is missing.
set -euo pipefail
out="${LORAKIT_DATA:-$HOME/.cache/lorakit/data}/images"
mkdir -p "$out"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT

# extract PACKAGE FILE... : downloads PACKAGE once and copies each FILE (a base name) to $out.
extract() {
  local pkg="$1"; shift
  local missing=()
  for f in "$@"; do [[ -s "$out/$f" ]] || missing+=("$f"); done
  [[ ${#missing[@]} -eq 0 ]] && return 0
  (cd "$work" && { apt-get download "$pkg" >/dev/null 2>&1 \
      || { echo "apt-get download $pkg failed; run 'sudo apt-get update' and retry" >&2; exit 1; }; })
  dpkg-deb -x "$work/${pkg}"_*.deb "$work/$pkg"
  for f in "${missing[@]}"; do
    src="$(find "$work/$pkg" -path "*data/$f" -print -quit)"
    [[ -n "$src" ]] || { echo "$pkg has no data/$f" >&2; exit 1; }
    cp "$src" "$out/$f.tmp" && mv "$out/$f.tmp" "$out/$f"
  done
  rm -rf "$work/$pkg" "$work/${pkg}"_*.deb
}

extract python3-skimage astronaut.png chelsea.png coffee.png
extract opencv-doc starry_night.jpg fruits.jpg
echo "Pictures in $out:"; ls -l "$out"
