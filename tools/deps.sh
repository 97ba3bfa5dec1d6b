#!/usr/bin/env bash
# Installs everything Tarn's build, run and tests need on a Debian 12 machine,
# and prepares the parts that are not installed system-wide:
#   - Debian packages (cross compiler, QEMU, U-Boot, dtc, mtools, cmocka, pytest, linters);
#   - libfdt for arm64 (libfdt-dev:arm64), extracted into build/deps/libfdt, not installed,
#     so the host keeps its own libfdt for the unit tests;
#   - newlib for aarch64-none-elf, built from Debian's newlib-source (tools/build-newlib.sh).
# Idempotent: when everything is there it only checks, in well under a second.
set -euo pipefail

DEPS=${1:-build/deps}
HOST_PKGS=(gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu qemu-system-arm u-boot-qemu
	u-boot-tools device-tree-compiler mtools dosfstools fdisk libcmocka-dev libfdt-dev
	python3-pytest python3-pytest-xdist newlib-source cppcheck clang-tidy clang-format make
	xz-utils)
ARM64_PKGS=(libfdt-dev:arm64)

missing=()
for p in "${HOST_PKGS[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	echo "deps: installing ${missing[*]}"
	SUDO=""
	[ "$(id -u)" -eq 0 ] || SUDO=sudo
	export DEBIAN_FRONTEND=noninteractive
	$SUDO apt-get update -qq
	$SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# libfdt for the target: the static library and headers of libfdt-dev:arm64.
if [ ! -f "$DEPS/libfdt/.stamp" ]; then
	echo "deps: fetching libfdt-dev:arm64"
	if ! dpkg --print-foreign-architectures | grep -qx arm64; then
		SUDO=""
		[ "$(id -u)" -eq 0 ] || SUDO=sudo
		$SUDO dpkg --add-architecture arm64
		$SUDO apt-get update -qq
	fi
	tmp=$(mktemp -d)
	(cd "$tmp" && apt-get download -qq "${ARM64_PKGS[@]}" 2>/dev/null)
	rm -rf "$DEPS/libfdt"
	mkdir -p "$DEPS/libfdt"
	for deb in "$tmp"/*.deb; do
		dpkg-deb -x "$deb" "$DEPS/libfdt"
	done
	rm -rf "$tmp"
	test -f "$DEPS/libfdt/usr/lib/aarch64-linux-gnu/libfdt.a"
	touch "$DEPS/libfdt/.stamp"
fi

# newlib for guests (guest-kit).
"$(dirname "$0")/build-newlib.sh" "$DEPS/newlib"
