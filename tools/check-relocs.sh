#!/usr/bin/env bash
# Checks that a linked tarn.elf can relocate itself: head.S applies only
# R_AARCH64_RELATIVE relocations (and skips R_AARCH64_NONE), so any other dynamic relocation (an
# unresolved symbol, a GOT entry needing a symbol lookup) is a build error.
set -euo pipefail
elf=$1
cross=${2:-aarch64-linux-gnu-}
bad=$("${cross}readelf" -rW "$elf" | awk '/^[0-9a-f]+ +[0-9a-f]+ R_AARCH64/ && $3 != "R_AARCH64_RELATIVE" && $3 != "R_AARCH64_NONE" {print}')
if [ -n "$bad" ]; then
	echo "check-relocs: $elf has relocations head.S cannot apply:" >&2
	echo "$bad" >&2
	exit 1
fi
