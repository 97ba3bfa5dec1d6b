#!/bin/bash
# mkdisk.sh - build the QEMU boot disk for Tarn, without root.
#
# Usage: mkdisk.sh OUT.img BOOT.cmd [FILE...]
#
# Produces an MBR-partitioned raw image:
#   partition 1: FAT, bootable flag set, holding
#                  boot.scr  - BOOT.cmd wrapped by `mkimage -T script`
#                  FILE...   - each copied to the FAT root under its basename
#                U-Boot's distro boot (scan_dev_for_boot_part) only scans the
#                partitions marked bootable, then runs /boot.scr from them.
#   partition 2: type 0xda ("non-FS data"), left zeroed, reserved for the
#                store.
# Use with QEMU as: -drive if=none,id=disk0,format=raw,file=OUT.img
#                  -device virtio-blk-device,drive=disk0 (virtio-mmio)
#
# sfdisk is not installed here (Debian package "fdisk") and loop devices need
# root, so the MBR is written by a few lines of python and the FAT is made and
# filled with mtools' "image@@offset" syntax.  The image is sparse and rebuilt
# from scratch every run (written to a temp file, then renamed over OUT).
set -euo pipefail

ALIGN_MIB=1          # first partition starts here (traditional 1 MiB)
BOOT_MIB=32          # FAT boot partition size
STORE_MIB=64         # store partition size

die() { echo "mkdisk.sh: error: $*" >&2; exit 1; }

[ $# -ge 2 ] || die "usage: mkdisk.sh OUT.img BOOT.cmd [FILE...]"
out=$1 bootcmd=$2
shift 2
[ -f "$bootcmd" ] || die "boot script source '$bootcmd' not found"
for f in "$@"; do
    [ -f "$f" ] || die "file '$f' not found"
done
for t in mkimage mformat mcopy python3; do
    command -v "$t" >/dev/null || die "$t not found (u-boot-tools, mtools, python3)"
done

# FAT16 below 64 MiB (FAT32 needs >= 65525 clusters), FAT32 from there on.
if [ "$BOOT_MIB" -ge 64 ]; then
    fat_opts=(-F); boot_type=0x0c      # FAT32 (LBA)
else
    fat_opts=();   boot_type=0x0e      # FAT16 (LBA)
fi

sector=512
boot_lba=$((ALIGN_MIB * 2048))
boot_sectors=$((BOOT_MIB * 2048))
store_lba=$((boot_lba + boot_sectors))
store_sectors=$((STORE_MIB * 2048))
total_mib=$((ALIGN_MIB + BOOT_MIB + STORE_MIB))

tmpdir=$(mktemp -d)
img="$out.tmp.$$"
trap 'rm -rf "$tmpdir"; rm -f "$img"' EXIT

# Refuse duplicate names on the FAT root (last one would silently win).
declare -A seen=([boot.scr]=1)
for f in "$@"; do
    b=$(basename "$f")
    [ -z "${seen[$b]:-}" ] || die "duplicate file name '$b' on the boot partition"
    seen[$b]=1
done

mkimage -A arm64 -O linux -T script -C none -n "Tarn boot script" \
    -d "$bootcmd" "$tmpdir/boot.scr" >/dev/null

rm -f "$img"
truncate -s "${total_mib}M" "$img"

# MBR: 4 partition entries at 0x1be, signature 0x55aa.  CHS fields are set to
# the "use LBA" values (0xfe 0xff 0xff); nothing here looks at them.
python3 - "$img" "$boot_type" "$boot_lba" "$boot_sectors" \
    "$store_lba" "$store_sectors" <<'EOF'
import struct, sys
path, btype, blba, bsz, slba, ssz = sys.argv[1:]
chs = b"\xfe\xff\xff"
def entry(boot, ptype, lba, size):
    return (bytes([boot]) + chs + bytes([ptype]) + chs
            + struct.pack("<II", lba, size))
mbr = bytearray(512)
mbr[440:444] = struct.pack("<I", 0x5441524e)            # disk id "TARN"
mbr[446:462] = entry(0x80, int(btype, 0), int(blba), int(bsz))
mbr[462:478] = entry(0x00, 0xda, int(slba), int(ssz))
mbr[510:512] = b"\x55\xaa"
with open(path, "r+b") as f:
    f.write(mbr)
EOF

export MTOOLS_SKIP_CHECK=1
fat="$img@@$((boot_lba * sector))"
mformat -i "$fat" "${fat_opts[@]}" -T "$boot_sectors" -h 64 -s 32 \
    -H "$boot_lba" -v TARNBOOT ::
mcopy -i "$fat" -o "$tmpdir/boot.scr" ::/boot.scr
for f in "$@"; do
    mcopy -i "$fat" -o "$f" "::/$(basename "$f")"
done

mv -f "$img" "$out"
trap 'rm -rf "$tmpdir"' EXIT
