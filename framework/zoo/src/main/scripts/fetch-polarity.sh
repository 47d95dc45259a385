#!/usr/bin/env bash
# Fetches the Pang & Lee sentence polarity set (4,000 Rotten Tomatoes snippets, CSV label,text,
# labels 1/-1) and the 1,500 full reviews from the Debian package python3-pattern, without
# installing it, into ${LORAKIT_DATA:-~/.cache/lorakit/data}/polarity/.
# Idempotent: does nothing when both files are already there.
set -euo pipefail
out="${LORAKIT_DATA:-$HOME/.cache/lorakit/data}/polarity"
files=("polarity-en-pang&lee2.csv" "polarity-en-pang&lee1.csv")
have_all() { for f in "${files[@]}"; do [[ -s "$out/$f" ]] || return 1; done; }
if ! have_all; then
  work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
  (cd "$work" && { apt-get download python3-pattern >/dev/null 2>&1 \
      || { echo "apt-get download python3-pattern failed; run 'sudo apt-get update' and retry" >&2; exit 1; }; })
  dpkg-deb -x "$work"/python3-pattern_*.deb "$work/x"
  mkdir -p "$out"
  for f in "${files[@]}"; do
    src="$(find "$work/x" -name "$f" -print -quit)"
    [[ -n "$src" ]] || { echo "python3-pattern has no $f" >&2; exit 1; }
    cp "$src" "$out/$f.tmp" && mv "$out/$f.tmp" "$out/$f"   # atomic rename: no half files
  done
fi
echo "Sentence polarity (Debian python3-pattern) in $out:"
for f in "${files[@]}"; do printf '  %s  %s lines\n' "$out/$f" "$(wc -l < "$out/$f")"; done
