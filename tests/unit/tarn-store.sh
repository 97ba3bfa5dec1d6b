#!/usr/bin/env bash
# The host tool tools/tarn-store on a real file, as a user runs it: make a
# store, add an image and a config, list, verify, extract and compare, then
# damage a byte of the image's payload and check that verify reports it while
# the config still extracts, and that bad input is refused with nothing
# written. Run by `make unit`; the library itself is tested by test_store.c.
set -euo pipefail
TOOL=${1:?usage: tarn-store.sh TOOL}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "tarn-store.sh: FAIL: $*" >&2; exit 1; }

# An arm64 Image needs only its magic at offset 56 for the tool.
head -c 4096 /dev/urandom > "$work/k.img"
printf 'ARM\x64' | dd of="$work/k.img" bs=1 seek=56 conv=notrunc status=none
printf 'name = "k"\nkernel = "k.img"\nmemory = 16\n' > "$work/k.cfg"

"$TOOL" mkfs "$work/s.img" 1M > /dev/null
"$TOOL" add "$work/s.img" k.img "$work/k.img" > /dev/null
"$TOOL" add "$work/s.img" k.cfg "$work/k.cfg" > /dev/null
"$TOOL" list "$work/s.img" | grep -q '^k.img  *image  *4096 ' || fail "list lacks k.img"
"$TOOL" list "$work/s.img" | grep -q '^k.cfg  *config ' || fail "list lacks k.cfg"
"$TOOL" verify "$work/s.img" > /dev/null || fail "verify of a good store failed"
"$TOOL" extract "$work/s.img" k.img "$work/out.img" > /dev/null
cmp -s "$work/k.img" "$work/out.img" || fail "extracted image differs"

# Not an Image: refused, nothing written.
cp "$work/s.img" "$work/before.img"
if "$TOOL" add "$work/s.img" bad.img "$work/k.cfg" > /dev/null 2>&1; then
	fail "a non-Image was added"
fi
cmp -s "$work/s.img" "$work/before.img" || fail "a refused add changed the store"

# One byte of the image's payload (sector 2) flipped: reported, the rest works.
printf '\xff' | dd of="$work/s.img" bs=1 seek=$((512 * 2 + 7)) conv=notrunc status=none
if "$TOOL" verify "$work/s.img" > "$work/verify.txt" 2>&1; then
	fail "verify missed a damaged payload"
fi
grep -q "k.img.*checksum" "$work/verify.txt" || fail "verify did not name the damaged record"
"$TOOL" extract "$work/s.img" k.cfg "$work/out.cfg" > /dev/null
cmp -s "$work/k.cfg" "$work/out.cfg" || fail "the undamaged config no longer extracts"
echo "tarn-store.sh: ok"
