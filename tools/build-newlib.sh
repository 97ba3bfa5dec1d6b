#!/usr/bin/env bash
#
# tools/build-newlib.sh OUTDIR
#
# Builds newlib (libc.a + libm.a and its headers) for bare-metal AArch64
# guests of the Tarn hypervisor, and installs them as
#
#     OUTDIR/include/...      newlib headers (stdio.h, stdlib.h, sys/..., ...)
#     OUTDIR/lib/libc.a
#     OUTDIR/lib/libm.a
#
# Why: the guests are freestanding EL1 programs that still want printf,
# malloc, strtod and friends.  Debian ships no aarch64-none-elf toolchain,
# only the newlib sources (package newlib-source) and the Linux cross
# compiler aarch64-linux-gnu-gcc, so we build newlib ourselves with that
# compiler.  To keep glibc out of the picture, every target compile uses
# -nostdinc: newlib's own headers come first and gcc's freestanding headers
# (stddef.h, stdarg.h, ...) are added with -idirafter.
#
# Only newlib's libc and libm are built; libgloss is not.  The guest library
# provides the syscall layer (_write, _read, _sbrk, _exit, _close, _fstat,
# _isatty, _lseek, _gettimeofday, _kill, _getpid, ...).
#
# Guests may run at EL1 with the MMU off, where every data access is
# Device memory: unaligned accesses and DC ZVA fault.  Hence -mstrict-align,
# and the hand-written AArch64 string routines (memcpy.S, memset.S, ...,
# which use unaligned loads and DC ZVA) are swapped for newlib's generic,
# alignment-aware C versions.  The code may still use FP/SIMD registers, so
# guests must enable FP (CPACR_EL1.FPEN) before calling into libc.
#
# The build runs in OUTDIR-build (next to OUTDIR), logs to
# OUTDIR-build/build.log, and the build dir is removed on success.
# OUTDIR/.stamp is written last; if it exists the script does nothing, and if
# it is missing (e.g. an interrupted build) everything is redone from scratch.
#
# Environment: NEWLIB_TARBALL overrides the source tarball
# (default: newest /usr/src/newlib/newlib-*.tar.*).

set -euo pipefail

if [[ $# -ne 1 || -z $1 ]]; then
    echo "usage: $0 OUTDIR" >&2
    exit 2
fi

outdir=$1
outdir=${outdir%/}
stamp=$outdir/.stamp

if [[ -f $stamp ]]; then
    echo "newlib: up to date"
    exit 0
fi

target=aarch64-none-elf
cross=aarch64-linux-gnu-
target_cflags="-O2 -g -ffreestanding -fno-stack-protector -mstrict-align -fno-pic -fno-pie"

die() {
    echo "newlib: error: $*" >&2
    exit 1
}

for tool in gcc ar as ld nm ranlib objdump readelf strip; do
    command -v "$cross$tool" >/dev/null 2>&1 ||
        die "$cross$tool not found (install gcc-aarch64-linux-gnu / binutils-aarch64-linux-gnu)"
done
command -v gcc >/dev/null 2>&1 || die "host gcc not found (needed by newlib's configure)"

# Locate the source tarball (the version is whatever Debian ships).
tarball=${NEWLIB_TARBALL:-}
if [[ -z $tarball ]]; then
    shopt -s nullglob
    candidates=(/usr/src/newlib/newlib-*.tar.*)
    shopt -u nullglob
    [[ ${#candidates[@]} -gt 0 ]] ||
        die "no /usr/src/newlib/newlib-*.tar.* found (apt-get install newlib-source)"
    tarball=$(printf '%s\n' "${candidates[@]}" | sort -V | tail -n 1)
fi
[[ -f $tarball ]] || die "tarball $tarball not found"

gcc_include=$("${cross}gcc" -print-file-name=include)
[[ -f $gcc_include/stddef.h ]] || die "cannot find ${cross}gcc's own include dir (got '$gcc_include')"

# Absolute paths: configure and make run in other directories.
mkdir -p "$(dirname "$outdir")"
outdir=$(cd "$(dirname "$outdir")" && pwd)/$(basename "$outdir")
stamp=$outdir/.stamp
builddir=$outdir-build
log=$builddir/build.log
jobs=$(nproc 2>/dev/null || echo 2)

# Start from scratch: leftovers of an interrupted build are not trusted.
rm -rf "$outdir" "$builddir"
mkdir -p "$builddir/src" "$builddir/obj"
: >"$log"

fail() {
    echo "newlib: error: $*; last lines of $log:" >&2
    tail -n 40 "$log" >&2 || true
    echo "newlib: build FAILED (build dir kept: $builddir)" >&2
    exit 1
}

# Don't let the calling make (jobserver, command-line variables) or
# host-compiler settings from the environment leak into newlib's build.
unset MAKEFLAGS MFLAGS MAKEOVERRIDES GNUMAKEFLAGS MAKELEVEL \
    CC CXX CPP CFLAGS CXXFLAGS CPPFLAGS LDFLAGS LIBS \
    AR AS LD NM RANLIB OBJCOPY OBJDUMP STRIP || true

start=$SECONDS
echo "newlib: building $(basename "$tarball") for $target (log: $log)"

tar -xf "$tarball" -C "$builddir/src" --strip-components=1 >>"$log" 2>&1 ||
    fail "cannot extract $tarball"

# Use the generic C string functions instead of the AArch64 assembly ones
# (see header).  Each machine/aarch64/foo.S and foo-stub.c pair selects the
# C version (libc/string/foo.c) under this condition; make it always true.
size_cond='#if (defined (__OPTIMIZE_SIZE__) || defined (PREFER_SIZE_OVER_SPEED))'
asmdir=$builddir/src/newlib/libc/machine/aarch64
mapfile -t patched < <(grep -lF "$size_cond" "$asmdir"/*.S "$asmdir"/*-stub.c 2>/dev/null || true)
[[ ${#patched[@]} -gt 0 ]] ||
    die "no AArch64 string routines to switch to C in $asmdir (newlib layout changed?)"
# ($size_cond has no BRE metacharacters, so it can be used as a pattern as is.)
sed -i "s@^$size_cond@#if 1 /* Tarn: generic C version, safe with -mstrict-align */@" "${patched[@]}"
! grep -qF "$size_cond" "${patched[@]}" || die "failed to patch $asmdir"
echo "patched ${#patched[@]} files in $asmdir to use the C string routines" >>"$log"

configure_args=(
    --target="$target"
    --prefix="$builddir/install"
    --disable-newlib-supplied-syscalls
    --enable-newlib-io-long-long
    --enable-newlib-io-c99-formats
    --disable-multilib
    --disable-nls
    CC_FOR_TARGET="${cross}gcc"
    AR_FOR_TARGET="${cross}ar"
    AS_FOR_TARGET="${cross}as"
    LD_FOR_TARGET="${cross}ld"
    NM_FOR_TARGET="${cross}nm"
    RANLIB_FOR_TARGET="${cross}ranlib"
    OBJDUMP_FOR_TARGET="${cross}objdump"
    READELF_FOR_TARGET="${cross}readelf"
    STRIP_FOR_TARGET="${cross}strip"
    CFLAGS_FOR_TARGET="$target_cflags -nostdinc -idirafter $gcc_include"
)

(
    cd "$builddir/obj"
    echo "+ configure ${configure_args[*]}"
    ../src/configure "${configure_args[@]}"
) >>"$log" 2>&1 || fail "configure failed"

make -C "$builddir/obj" -j"$jobs" all-target-newlib >>"$log" 2>&1 ||
    fail "make failed"
make -C "$builddir/obj" install-target-newlib >>"$log" 2>&1 ||
    fail "make install failed"

# Install: OUTDIR/include and OUTDIR/lib.
inst=$builddir/install/$target
for f in include/stdio.h include/stdlib.h include/string.h include/time.h \
    include/sys/types.h lib/libc.a lib/libm.a; do
    [[ -f $inst/$f ]] || fail "$inst/$f missing after install"
done
mkdir -p "$outdir/lib"
cp -R "$inst/include" "$outdir/include"
cp "$inst/lib/libc.a" "$inst/lib/libm.a" "$outdir/lib/"

# Sanity checks: nothing from glibc or the Linux toolchain's runtime.
undef=$("${cross}nm" -u "$outdir/lib/libc.a" "$outdir/lib/libm.a" 2>/dev/null | awk 'NF == 2 { print $2 }' | sort -u)
bad=$(grep -E '^(__stack_chk_|__errno_location$|__libc_|__[a-z0-9_]+_chk$|__ctype_b_loc$|_dl_|__gmon_start__$)' <<<"$undef" || true)
[[ -z $bad ]] || fail "libc.a/libm.a reference glibc symbols: $(tr '\n' ' ' <<<"$bad")"
if "${cross}objdump" -d "$outdir/lib/libc.a" 2>/dev/null | grep -qE '\sdc\s+zva'; then
    fail "libc.a still contains DC ZVA (assembly string routines not replaced)"
fi

rm -rf "$builddir"

{
    echo "source: $tarball"
    echo "target: $target"
    echo "cflags: $target_cflags"
} >"$stamp.tmp"
mv "$stamp.tmp" "$stamp"

echo "newlib: installed in $outdir ($((SECONDS - start)) s)"
