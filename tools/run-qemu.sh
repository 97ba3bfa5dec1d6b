#!/usr/bin/env bash
# Boots Tarn on QEMU's virt machine the way `make run` does: U-Boot as the
# firmware (at EL2: virtualization=on), its environment from the second
# pflash bank (bootdelay=0, boot from virtio), the boot disk on virtio-blk over
# virtio-mmio (virtio-blk-device: Tarn gives it to the control domain).
#
#   tools/run-qemu.sh --disk D --env E [--gic 2|3] [--smp N] [--mem SIZE] [--icount]
#                     [-- extra QEMU arguments]
set -euo pipefail

gic=3 smp=4 mem=2G disk="" env="" icount=0 cpu=cortex-a57
while [ $# -gt 0 ]; do
	case $1 in
	--gic) gic=$2; shift 2 ;;
	--smp) smp=$2; shift 2 ;;
	--mem) mem=$2; shift 2 ;;
	--disk) disk=$2; shift 2 ;;
	--env) env=$2; shift 2 ;;
	--cpu) cpu=$2; shift 2 ;;
	--icount) icount=1; shift ;;
	--) shift; break ;;
	*) echo "run-qemu: unknown option $1" >&2; exit 2 ;;
	esac
done
[ -n "$disk" ] && [ -n "$env" ] || { echo "run-qemu: --disk and --env are required" >&2; exit 2; }

args=(-M "virt,virtualization=on,gic-version=$gic,dtb-randomness=off" -cpu "$cpu"
	-smp "$smp" -m "$mem" -bios /usr/lib/u-boot/qemu_arm64/u-boot.bin
	-drive "if=pflash,unit=1,format=raw,readonly=on,file=$env"
	-drive "if=none,id=disk0,format=raw,file=$disk" -device virtio-blk-device,drive=disk0
	-nographic -net none)
[ "$icount" = 1 ] && args+=(-icount shift=0,sleep=off)
exec qemu-system-aarch64 "${args[@]}" "$@"
