#!/usr/bin/env bash
# Start-up benchmark: milliseconds from JVM start to the workbench's first window (painted,
# with the Bring-up perspective), median of N runs, under a virtual display. Reference in the
# same run: a plain JVM start to the command line's --version on the same class path, so the
# ratio says what the workbench adds on top of starting Java on this machine.
#   releng/bench-startup.sh [N]        (default N=7; needs xvfb-run; builds the product if needed)
set -euo pipefail
top=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
n=${1:-7}
. "$top/.ci/jdk.sh"
bringup_find_jdk
product="$top/releng/dev.bringup.product/target/products/dev.bringup.product/linux/gtk/x86_64"
"$top/bringup" --version >/dev/null   # builds when needed
ws=$(mktemp -d)
trap 'rm -rf "$ws"' EXIT

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

gui=()
for _ in $(seq "$n"); do
  out=$(BRINGUP_WORKSPACE="$ws/w$RANDOM" BRINGUP_VMARGS="-Dbringup.startupProbe=true" \
    xvfb-run -a -s "-screen 0 1600x1000x24" "$top/bringup" 2>/dev/null | sed -n 's/.*first-window-ms=\([0-9]*\).*/\1/p' || true)
  [ -n "$out" ] || { echo "bench-startup: the workbench did not report its first window" >&2; exit 1; }
  gui+=("$out")
done
ref=()
for _ in $(seq "$n"); do
  s=$(date +%s%N)
  "$JAVA_HOME/bin/java" -Xshare:auto -XX:TieredStopAtLevel=1 -cp "$product/plugins/*" dev.bringup.cli.Main --version >/dev/null
  e=$(date +%s%N)
  ref+=($(( (e - s) / 1000000 )))
done
g=$(printf '%s\n' "${gui[@]}" | median)
r=$(printf '%s\n' "${ref[@]}" | median)
echo "first window: median ${g} ms over $n runs (${gui[*]})"
echo "reference, JVM start to 'bringup --version' exit: median ${r} ms (${ref[*]})"
awk -v g="$g" -v r="$r" 'BEGIN {printf "ratio first-window / plain JVM start: %.1f\n", g / r}'
