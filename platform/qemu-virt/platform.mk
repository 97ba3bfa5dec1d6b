# QEMU virt: besides tarn.bin, `make` builds the boot disk (boot.scr + tarn.bin
# on a FAT partition) and U-Boot's environment (bootdelay=0) for the second pflash.
PLATFORM_IMAGES := disk.img uboot-env.img
UBOOT_BIN := /usr/lib/u-boot/qemu_arm64/u-boot.bin
