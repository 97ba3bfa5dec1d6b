#!/usr/bin/env bash
# Installs everything Tarn's build, run and tests need on a Debian 12 machine,
# and prepares the parts that are not installed system-wide:
#   - Debian packages (cross compiler, QEMU, U-Boot, dtc, mtools, cmocka, pytest, linters,
#     valgrind for the scheduler-decision benchmark);
#   - libfdt for arm64 (libfdt-dev:arm64), extracted into build/deps/libfdt, not installed,
#     so the host keeps its own libfdt for the unit tests;
#   - newlib for aarch64-none-elf, built from Debian's newlib-source (tools/build-newlib.sh);
#   - Xen 4.17 for arm64 (xen-hypervisor-4.17-arm64:arm64), extracted into build/deps/xen, not
#     installed: the Tarn/Xen parity scenarios and benchmarks boot its
#     build/deps/xen/boot/xen-4.17-arm64 (an arm64 Image) through the same U-Boot script.
# Idempotent: when everything is there it only checks, in well under a second.
set -euo pipefail

DEPS=${1:-build/deps}
HOST_PKGS=(gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu qemu-system-arm u-boot-qemu
	u-boot-tools device-tree-compiler mtools dosfstools fdisk libcmocka-dev libfdt-dev
	python3-pytest python3-pytest-xdist newlib-source cppcheck clang-tidy clang-format make
	xz-utils valgrind)
ARM64_PKGS=(libfdt-dev:arm64)
XEN_PKG=xen-hypervisor-4.17-arm64:arm64
XEN_IMAGE=boot/xen-4.17-arm64

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo

# apt-get download of an :arm64 package needs the architecture in dpkg.
need_arm64() {
	if ! dpkg --print-foreign-architectures | grep -qx arm64; then
		$SUDO dpkg --add-architecture arm64
		$SUDO apt-get update -qq
	fi
}

missing=()
for p in "${HOST_PKGS[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	echo "deps: installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	$SUDO apt-get update -qq
	$SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# libfdt for the target: the static library and headers of libfdt-dev:arm64.
if [ ! -f "$DEPS/libfdt/.stamp" ]; then
	echo "deps: fetching libfdt-dev:arm64"
	need_arm64
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

# Xen 4.17 for arm64, for the parity scenarios and benchmarks (docs/xen.md): only the
# hypervisor Image is used, nothing is installed.
if [ ! -f "$DEPS/xen/.stamp" ]; then
	echo "deps: fetching $XEN_PKG"
	need_arm64
	tmp=$(mktemp -d)
	(cd "$tmp" && apt-get download -qq "$XEN_PKG" 2>/dev/null) || true
	debs=("$tmp"/*.deb)
	[ -f "${debs[0]}" ] || {
		echo "deps: cannot download $XEN_PKG (try apt-get update)" >&2
		rm -rf "$tmp"
		exit 1
	}
	rm -rf "$DEPS/xen"
	mkdir -p "$DEPS/xen"
	dpkg-deb -x "${debs[0]}" "$DEPS/xen"
	xen_version=$(dpkg-deb -f "${debs[0]}" Version)
	rm -rf "$tmp"
	# An arm64 Image: magic "ARM\x64" at offset 0x38.
	[ "$(od -An -tx1 -j56 -N4 "$DEPS/xen/$XEN_IMAGE" | tr -d ' ')" = "41524d64" ] || {
		echo "deps: $DEPS/xen/$XEN_IMAGE is not an arm64 Image" >&2
		exit 1
	}
	echo "$XEN_PKG $xen_version" >"$DEPS/xen/.stamp"
fi

# newlib for guests (guest-kit).
"$(dirname "$0")/build-newlib.sh" "$DEPS/newlib"
