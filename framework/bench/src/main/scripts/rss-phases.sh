#!/usr/bin/env bash
# Samples the memory of one command, phase by phase (docs/BENCHMARKS.md "Spam run memory").
# usage: rss-phases.sh OUTDIR -- COMMAND...   (COMMAND must exec into the JVM, as ./lorakit does)
# OUTDIR/rss.tsv, one line a second: seconds  VmHWM_kB  VmRSS_kB  heap_committed_kB  heap_used_kB  phase
# phase: the innermost lorakit frame of the JVM's main thread (jstack, every ~2 s, in the background).
set -u
out="$1"; shift; shift
mkdir -p "$out"
"$@" > "$out/stdout.log" 2> "$out/stderr.log" &
pid=$!
start=$(date +%s.%N)
: > "$out/rss.tsv"; echo "start" > "$out/phase"
(
  while kill -0 $pid 2>/dev/null; do
    f=$(nice -n 19 timeout 20 jstack $pid 2>/dev/null | awk '/^"main"/{p=1} p&&/^$/{exit} p' \
      | grep -m1 -E "dev\.lorakit\.(train|host|zoo\.task|zoo\.text|plugins|cli)" | sed -E 's/^\s*at //; s/\(.*//')
    [[ -n "$f" ]] && echo "$f" > "$out/phase"
    sleep 2
  done
) &
sampler=$!
while kill -0 $pid 2>/dev/null; do
  t=$(echo "$(date +%s.%N) - $start" | bc)
  s=$(awk '/VmHWM|VmRSS/{printf "%s ", $2}' /proc/$pid/status 2>/dev/null)
  h=$(jstat -gc $pid 2>/dev/null | awk 'NR==2{printf "%d %d", $1+$2+$5+$7, $3+$4+$6+$8}')
  echo "$t $s $h $(cat "$out/phase")" >> "$out/rss.tsv"
  sleep 1
done
wait $pid; echo "rc=$?" >> "$out/rss.tsv"
wait $sampler
