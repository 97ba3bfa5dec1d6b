# U-Boot boot script for Tarn on QEMU virt (becomes boot.scr, see
# tools/mkdisk.sh).  U-Boot's distro boot finds /boot.scr on the bootable FAT
# partition of the virtio disk and sources it with ${devtype} ${devnum}
# ${distro_bootpart} (and ${prefix}) describing where it was found; every file
# below is loaded from that same partition and directory.
#
# The same script boots Tarn or Xen 4.17 (env tarn_hyp, see docs/xen.md) with
# the same modules, boot-time domains and device tree, so one guest Image can
# run on both.
#
# Memory layout (QEMU virt, RAM from 0x40000000, default U-Boot env):
#   0x40000000  QEMU's DTB (up to 1 MiB) - never load anything here
#   0x40200000  ${scriptaddr}: this script, while it runs
#   0x40400000  ${kernel_addr_r}: the hypervisor, tarn.bin or xen (override
#               with env tarn_addr)
#   0x44000000  ${ramdisk_addr_r}: dom0.bin, mod1.bin, mod2.bin, then the
#               boot-time domains domu1.bin .. domu4.bin, each at the next
#               2 MiB boundary after the previous one
#   next 2 MiB boundary after the last module: the device tree (unless
#               fdt_addr_r is set), so it can never overlap a module
#   top of RAM  U-Boot itself (reserved; load refuses to overwrite it)
#
# Modules are described to Tarn the way Xen's multiboot binding does: one
# /chosen/module@<addr> node each, compatible "multiboot,kernel",
# "multiboot,module", reg = <addr-hi addr-lo size-hi size-lo>, bootargs from
# env ${<name>_bootargs} (empty when unset).
#
# Boot-time domains follow Xen's dom0less binding: each domu<N>.bin present
# (N = 1..4) becomes /chosen/domU<N>, compatible "xen,domain",
# #address-cells = <2>, #size-cells = <2>, memory = <0 KiB> (64 bits, in KiB),
# cpus = <n>, an empty vpl011 property, and one subnode module@<addr>
# (compatible "multiboot,kernel", "multiboot,module", reg, bootargs).  Node
# order is load order: module@ nodes of dom0/mod1/mod2, then domU1..domU4.
#
# Env knobs: tarn_hyp (tarn, the default: boot tarn.bin; xen: boot the file
# "xen" and set /chosen/xen,xen-bootargs from xen_bootargs, default
# "console=dtuart dtuart=/pl011@9000000 sched=credit bootscrub=0"),
# tarn_addr, fdt_addr_r, dom0_bootargs, mod1_bootargs, mod2_bootargs,
# domu<N>_memory_kib (default 16384; decimal, or hex with 0x),
# domu<N>_cpus (default 1), domu<N>_vpl011 (no: leave vpl011 out),
# domu<N>_bootargs (default empty), tarn_pre_boot (commands run just before
# booti), tarn_fdt_debug (non-empty: print /chosen before booting).
# Errors print "TARN BOOT ERROR: ..." and return to distro boot (no boot).
#
# Quirks of U-Boot's (2023.01) shell relied on here: setexpr takes and prints
# hex without "0x"; test -lt parses with base 0 (so needs "0x"); '#' starts a
# comment unless quoted; a single quote inside double quotes still quotes
# (so messages here avoid them); there is no ${${name}} indirection, hence the
# "setenv tarn_cmd ...; run tarn_cmd" trick; "exit" does NOT stop a sourced
# script, hence the tarn_err flag guarding every step.

echo "TARN BOOT: script running from ${devtype} ${devnum}:${distro_bootpart}"

# Run by hand (not from distro boot)?  Assume the first virtio disk.
if test -z "${devtype}"; then
    setenv devtype virtio
    setenv devnum 0
    setenv distro_bootpart 1
    virtio scan
fi
setenv tarn_dev "${devtype} ${devnum}:${distro_bootpart}"
setenv tarn_err

# ---- the hypervisor -------------------------------------------------------
# tarn_hyp picks the image: tarn.bin, or xen (Debian's xen-4.17-arm64 copied
# onto the partition as "xen").  Everything after this is shared.
if test -z "${tarn_hyp}"; then
    setenv tarn_hyp tarn
fi
setenv tarn_hyp_file
if test "${tarn_hyp}" = "tarn"; then
    setenv tarn_hyp_file tarn.bin
fi
if test "${tarn_hyp}" = "xen"; then
    setenv tarn_hyp_file xen
fi
if test -z "${tarn_hyp_file}"; then
    echo "TARN BOOT ERROR: tarn_hyp=${tarn_hyp}: must be tarn or xen"
    setenv tarn_err 1
fi

# Any 2 MiB-aligned address works: both images are position independent and
# their headers say "place anywhere", so booti runs them where they are.
if test -z "${tarn_addr}"; then
    setenv tarn_addr ${kernel_addr_r}
fi
# setexpr normalises it to bare hex like every other address computed here.
setexpr tarn_addr ${tarn_addr} + 0
if test -z "${tarn_err}"; then
    if load ${tarn_dev} ${tarn_addr} ${prefix}${tarn_hyp_file}; then
        # End of the image including BSS: image_size from the arm64 Image header
        # (offset 0x10); 0 means a legacy image, then use the file size.
        setexpr tarn_hdr ${tarn_addr} + 10
        setexpr.l tarn_isz *${tarn_hdr}
        if test "${tarn_isz}" = "0"; then
            setenv tarn_isz ${filesize}
        fi
        setexpr tarn_end ${tarn_addr} + ${tarn_isz}
        echo "TARN BOOT: ${tarn_hyp_file} at 0x${tarn_addr}, image size 0x${tarn_isz}"
    else
        echo "TARN BOOT ERROR: cannot load ${prefix}${tarn_hyp_file} from ${tarn_dev}"
        setenv tarn_err 1
    fi
fi

# ---- modules and boot-time domains: load phase -----------------------------
# Start at ${ramdisk_addr_r}, or just past the hypervisor if it (with its BSS)
# covers that address.  tarn_next is always the next free 2 MiB-aligned
# address.  The domUs' kernels come after the other modules.
setexpr tarn_next ${ramdisk_addr_r} + 0
if test -z "${tarn_err}" && test 0x${tarn_addr} -le 0x${tarn_next} && test 0x${tarn_next} -lt 0x${tarn_end}; then
    setexpr tarn_next ${tarn_end} + 1fffff
    setexpr tarn_next ${tarn_next} / 200000
    setexpr tarn_next ${tarn_next} * 200000
fi
for tarn_m in dom0 mod1 mod2 domu1 domu2 domu3 domu4; do
    setenv tarn_${tarn_m}_addr
    setenv tarn_${tarn_m}_size
    if test -z "${tarn_err}" && test -e ${tarn_dev} ${prefix}${tarn_m}.bin; then
        if load ${tarn_dev} ${tarn_next} ${prefix}${tarn_m}.bin; then
            setenv tarn_${tarn_m}_addr ${tarn_next}
            setenv tarn_${tarn_m}_size ${filesize}
            echo "TARN BOOT: ${tarn_m}.bin at 0x${tarn_next}, size 0x${filesize}"
            setexpr tarn_next ${tarn_next} + ${filesize}
            setexpr tarn_next ${tarn_next} + 1fffff
            setexpr tarn_next ${tarn_next} / 200000
            setexpr tarn_next ${tarn_next} * 200000
        else
            echo "TARN BOOT ERROR: cannot load ${prefix}${tarn_m}.bin"
            setenv tarn_err 1
        fi
    fi
done

# ---- device tree ----------------------------------------------------------
# Start from the DTB U-Boot itself runs with (QEMU's, relocated by U-Boot to
# the top of RAM).  Its header claims 1 MiB (QEMU's buffer size), so the copy
# needs 1 MiB at the destination; "fdt resize" then shrinks it to its real
# size plus 64 KiB of room for the nodes added here and U-Boot's own /chosen
# and /memory fixups at booti time.
if test -z "${fdt_addr_r}"; then
    setenv fdt_addr_r ${tarn_next}
fi
setexpr fdt_addr_r ${fdt_addr_r} + 0
if test -z "${tarn_err}"; then
    fdt addr ${fdtcontroladdr}
    fdt header get tarn_fdt_size totalsize
    if fdt move ${fdtcontroladdr} ${fdt_addr_r} ${tarn_fdt_size}; then
        fdt resize 0x10000
    else
        echo "TARN BOOT ERROR: cannot copy the device tree to 0x${fdt_addr_r}"
        setenv tarn_err 1
    fi
fi

# Module reg values are read with /chosen's cells.  QEMU's /chosen has none
# (the DT default would then be 2/1), so state 2/2 explicitly; nothing else
# under /chosen has a reg for this to disturb.
if test -z "${tarn_err}"; then
    fdt set /chosen "#address-cells" <0x2>
    fdt set /chosen "#size-cells" <0x2>
fi

# ---- describe modules and boot-time domains --------------------------------
# "fdt mknode" inserts a node BEFORE its existing siblings, so add them in
# reverse to leave them in the tree as dom0, mod1, mod2, domU1 .. domU4 (load
# order): the domUs first, then the top-level modules.
#
# One domU: tarn_dn node name, tarn_na/tarn_ns module address/size,
# tarn_dmem (KiB), tarn_dcpus, tarn_dvpl011, tarn_nargs.  The && chain makes
# "run" fail if any step does (e.g. a memory size fdt cannot parse).
setenv tarn_adddomu 'setenv tarn_dp /chosen/${tarn_dn}; setexpr tarn_ah ${tarn_na} / 100000000; setexpr tarn_al ${tarn_na} % 100000000; setenv tarn_mp ${tarn_dp}/module@${tarn_na}; fdt mknode /chosen ${tarn_dn} && fdt set ${tarn_dp} compatible "xen,domain" && fdt set ${tarn_dp} "#address-cells" <0x2> && fdt set ${tarn_dp} "#size-cells" <0x2> && fdt set ${tarn_dp} memory <0x0 ${tarn_dmem}> && fdt set ${tarn_dp} cpus <${tarn_dcpus}> && fdt mknode ${tarn_dp} module@${tarn_na} && fdt set ${tarn_mp} compatible "multiboot,kernel" "multiboot,module" && fdt set ${tarn_mp} reg <0x${tarn_ah} 0x${tarn_al} 0x0 0x${tarn_ns}> && fdt set ${tarn_mp} bootargs "${tarn_nargs}"'
for tarn_n in 4 3 2 1; do
    setenv tarn_cmd "setenv tarn_na \${tarn_domu${tarn_n}_addr}; setenv tarn_ns \${tarn_domu${tarn_n}_size}; setenv tarn_dmem \${domu${tarn_n}_memory_kib}; setenv tarn_dcpus \${domu${tarn_n}_cpus}; setenv tarn_dvpl011 \${domu${tarn_n}_vpl011}; setenv tarn_nargs \"\${domu${tarn_n}_bootargs}\""
    run tarn_cmd
    if test -z "${tarn_err}" && test -n "${tarn_na}"; then
        setenv tarn_dn domU${tarn_n}
        if test -z "${tarn_dmem}"; then
            setenv tarn_dmem 16384
        fi
        if test -z "${tarn_dcpus}"; then
            setenv tarn_dcpus 1
        fi
        if run tarn_adddomu; then
            if test "${tarn_dvpl011}" != "no"; then
                fdt set /chosen/${tarn_dn} vpl011
            fi
            echo "TARN BOOT: /chosen/domU${tarn_n}: ${tarn_dmem} KiB, ${tarn_dcpus} vCPU(s), kernel at 0x${tarn_na}"
        else
            echo "TARN BOOT ERROR: cannot describe domU${tarn_n} (domu${tarn_n}_memory_kib=${tarn_dmem}, domu${tarn_n}_cpus=${tarn_dcpus})"
            setenv tarn_err 1
        fi
    fi
done

setenv tarn_addnode 'fdt mknode /chosen module@${tarn_na}; fdt set /chosen/module@${tarn_na} compatible "multiboot,kernel" "multiboot,module"; setexpr tarn_ah ${tarn_na} / 100000000; setexpr tarn_al ${tarn_na} % 100000000; fdt set /chosen/module@${tarn_na} reg <0x${tarn_ah} 0x${tarn_al} 0x0 0x${tarn_ns}>; fdt set /chosen/module@${tarn_na} bootargs "${tarn_nargs}"'
for tarn_m in mod2 mod1 dom0; do
    setenv tarn_cmd "setenv tarn_na \${tarn_${tarn_m}_addr}; setenv tarn_ns \${tarn_${tarn_m}_size}; setenv tarn_nargs \"\${${tarn_m}_bootargs}\""
    run tarn_cmd
    if test -z "${tarn_err}" && test -n "${tarn_na}"; then
        run tarn_addnode
    fi
done

# Xen's own command line (Tarn would read it too, but only Xen gets it).
if test -z "${tarn_err}" && test "${tarn_hyp}" = "xen"; then
    setenv tarn_xargs "${xen_bootargs}"
    if test -z "${tarn_xargs}"; then
        setenv tarn_xargs "console=dtuart dtuart=/pl011@9000000 sched=credit bootscrub=0"
    fi
    fdt set /chosen xen,xen-bootargs "${tarn_xargs}"
    echo "TARN BOOT: xen,xen-bootargs \"${tarn_xargs}\""
fi

# A hook for extra device-tree edits (tests use it to add a broken module).
if test -z "${tarn_err}" && test -n "${tarn_pre_boot}"; then
    run tarn_pre_boot
fi

if test -z "${tarn_err}" && test -n "${tarn_fdt_debug}"; then
    fdt print /chosen
fi

# ---- go -------------------------------------------------------------------
# No initrd ("-"); x0 = device tree.  booti fixes up /memory and /chosen
# (bootargs from ${bootargs}, if set) and, unless fdt_high is all ones, moves
# the tree to the top of RAM just under U-Boot.  The default env has
# fdt_high=0xffffffff, which is "all ones" only on 32-bit U-Boot; on arm64 it
# means "relocate below 4 GiB".  Keep the tree where it was put, so Tarn
# finds everything it was given packed together above ${ramdisk_addr_r}.
if test -z "${tarn_err}"; then
    setenv fdt_high 0xffffffffffffffff
    echo "TARN BOOT: booti 0x${tarn_addr} - 0x${fdt_addr_r} (${tarn_hyp})"
    booti ${tarn_addr} - ${fdt_addr_r}
    echo "TARN BOOT ERROR: booti returned"
fi
