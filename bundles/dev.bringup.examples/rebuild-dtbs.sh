#!/usr/bin/env bash
# Rebuilds the committed example blobs from their sources:
#   *.dts  -> *.dtb   and   *.dtso -> *.dtbo
# with dtc -@ (labels exported, so that overlays apply). Run after editing a source:
#   bundles/dev.bringup.examples/rebuild-dtbs.sh
# The examples' test fails when a committed blob no longer matches its source.
set -euo pipefail
command -v dtc >/dev/null || { echo "rebuild-dtbs: dtc is not installed (Debian: apt-get install device-tree-compiler)" >&2; exit 1; }
cd "$(dirname "${BASH_SOURCE[0]}")/src/main/resources/dev/bringup/examples/dts"
for src in *.dts *.dtso; do
  case "$src" in
    *.dts) out="${src%.dts}.dtb" ;;
    *.dtso) out="${src%.dtso}.dtbo" ;;
  esac
  dtc -q -@ -I dts -O dtb -o "$out.tmp" "$src"
  mv "$out.tmp" "$out"
  echo "rebuild-dtbs: $out"
done
