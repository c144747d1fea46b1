package dev.bringup.loader.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.eclipse.jdt.annotation.Nullable;

import dev.bringup.common.FormatException;
import dev.bringup.common.Hex;
import dev.bringup.firmware.ElfFile;
import dev.bringup.firmware.ElfProgramHeader;
import dev.bringup.firmware.ElfSection;
import dev.bringup.iommu.Errno;
import dev.bringup.iommu.IommuException;

/**
 * {@code drivers/remoteproc/remoteproc_elf_loader.c}: the sanity check, the boot address, finding
 * and caching {@code .resource_table}, loading the PT_LOAD segments through {@code da_to_va}, and
 * finding the loaded table. The checks and messages are the kernel's; the firmware bytes come from
 * {@link ElfFile} (memory-mapped, read in chunks).
 */
public final class ElfLoader {

    private static final int EI_CLASS = 4;
    private static final int EI_DATA = 5;
    private static final int ELFCLASS32 = 1;
    private static final int ELFCLASS64 = 2;
    private static final int ELFDATA2LSB = 1;
    private static final int CHUNK = 1 << 20;

    private ElfLoader() {
    }

    /** {@code rproc_elf_sanity_check()}. */
    public static void sanityCheck(Rproc r, FirmwareImage fw) throws StepFailure {
        Kernel k = r.kernel();
        byte[] h = fw.head();
        if (fw.size() < 52 || h.length < 52) {
            r.err("Image is too small");
            throw k.fail(-22, fw.file() + " has " + fw.size() + " bytes, fewer than an ELF32 header (52)",
                    "give the complete firmware file");
        }
        if (h[0] != 0x7f || h[1] != 'E' || h[2] != 'L' || h[3] != 'F') {
            r.err("Image is corrupted (bad magic)");
            throw k.fail(-22, fw.file() + " does not start with the ELF magic (7f 45 4c 46)",
                    "give an ELF image; a raw binary needs a driver that loads it");
        }
        int cls = h[EI_CLASS];
        if (cls != ELFCLASS32 && cls != ELFCLASS64) {
            r.err("Unsupported class: " + cls);
            throw k.fail(-22, "EI_CLASS is " + cls + ", neither ELFCLASS32 nor ELFCLASS64", "rebuild the image");
        }
        if (cls == ELFCLASS64 && (fw.size() < 64 || h.length < 64)) {
            r.err("elf64 header is too small");
            throw k.fail(-22, "an ELF64 image of " + fw.size() + " bytes has no room for its 64-byte header", null);
        }
        if (h[EI_DATA] != ELFDATA2LSB) {
            r.err("Unsupported firmware endianness");
            throw k.fail(-22, "the firmware is big-endian (EI_DATA " + h[EI_DATA] + ") and the host little-endian: the"
                    + " kernel reads its headers and resource table in host byte order",
                    "build the firmware little-endian (for a Cortex-R in BE-32/BE-8 mode the host cannot load it as is)");
        }
        ByteBuffer b = ByteBuffer.wrap(h).order(ByteOrder.LITTLE_ENDIAN);
        boolean is64 = cls == ELFCLASS64;
        long phoff = is64 ? b.getLong(32) : Integer.toUnsignedLong(b.getInt(28));
        long shoff = is64 ? b.getLong(40) : Integer.toUnsignedLong(b.getInt(32));
        int phnum = Short.toUnsignedInt(b.getShort(is64 ? 56 : 44));
        int shdrSize = is64 ? 64 : 40;
        if (Long.compareUnsigned(fw.size(), shoff + shdrSize) < 0) {
            r.err("Image is too small");
            throw k.fail(-22, "e_shoff " + Hex.of(shoff) + " + one section header (" + shdrSize + " bytes) is past the end"
                    + " of the " + fw.size() + "-byte image", "give the complete firmware file");
        }
        if (phnum == 0) {
            r.err("No loadable segments");
            throw k.fail(-22, "e_phnum is 0: the image has no program headers to load", "link the firmware as an executable");
        }
        if (Long.compareUnsigned(phoff, fw.size()) > 0) {
            r.err("Firmware size is too small");
            throw k.fail(-22, "e_phoff " + Hex.of(phoff) + " is past the end of the image", null);
        }
        fw.requireElf(k);
    }

    /** {@code rproc_elf_get_boot_addr()}: {@code e_entry}. */
    public static long bootAddr(FirmwareImage fw) {
        ElfFile e = fw.elf();
        return e == null ? 0 : e.header().e_entry();
    }

    /**
     * {@code find_table()}: the {@code .resource_table} section when it is usable, printing what the
     * kernel prints when it is not; null when there is none.
     */
    static @Nullable ElfSection findTable(Rproc r, FirmwareImage fw) throws StepFailure {
        ElfFile e = fw.requireElf(r.kernel());
        for (ElfSection s : e.sections()) {
            if (!s.name().equals(dev.bringup.firmware.Firmware.RESOURCE_TABLE_SECTION)) {
                continue;
            }
            long size = s.sh_size();
            long offset = s.sh_offset();
            if (Long.compareUnsigned(offset + size, size) < 0 || !e.contains(offset, size)) {
                r.err("resource table truncated");
                r.kernel().note(".resource_table [" + Hex.of(offset) + ", +" + Hex.of(size) + ") runs past the end of "
                        + fw.file());
                return null;
            }
            if (size < RscTable.HEADER) {
                r.err("header-less resource table");
                r.kernel().note(".resource_table has " + size + " bytes, fewer than the 16-byte header");
                return null;
            }
            byte[] t = read(r, e, offset, 16);
            long ver = RscTable.u32(t, 0);
            if (ver != 1) {
                r.err("unsupported fw ver: " + (int) ver);
                r.kernel().note("ver is " + ver + "; only version 1 exists"
                        + (ver <= 5 && size % 96 == 0 ? " (this looks like a 2011 table of 96-byte entries, which kernels"
                                + " since 3.4 do not read)" : ""));
                return null;
            }
            if (RscTable.u32(t, 8) != 0 || RscTable.u32(t, 12) != 0) {
                r.err("non zero reserved bytes");
                return null;
            }
            long num = RscTable.u32(t, 4);
            if (RscTable.HEADER + 4 * num > size) {
                r.err("resource table incomplete");
                r.kernel().note("num " + num + " offsets do not fit in " + size + " bytes");
                return null;
            }
            return s;
        }
        return null;
    }

    /** {@code rproc_elf_load_rsc_table()}: copies the table into {@code rproc->cached_table}. */
    public static void loadRscTable(Rproc r, FirmwareImage fw) throws StepFailure {
        ElfSection s = findTable(r, fw);
        if (s == null) {
            throw r.kernel().fail(-22, "the firmware has no usable .resource_table", "add one (OpenAMP: a struct"
                    + " remote_resource_table in section .resource_table, kept by the linker), or use a driver that boots"
                    + " without one");
        }
        ElfFile e = fw.requireElf(r.kernel());
        r.setCachedTable(read(r, e, s.sh_offset(), (int) s.sh_size()));
    }

    /** {@code rproc_elf_find_loaded_rsc_table()}: the host address of the loaded table, or -1. */
    public static long findLoadedRscTable(Rproc r, FirmwareImage fw) {
        try {
            ElfSection s = findTable(r, fw);
            if (s == null) {
                return -1;
            }
            return r.daToVa(s.sh_addr() + r.relocation(), s.sh_size());
        } catch (StepFailure f) {
            return -1;
        }
    }

    /**
     * {@code rproc_elf_load_segments()}: every PT_LOAD with {@code p_memsz} goes to
     * {@code da_to_va(p_paddr)}; {@code p_filesz} bytes from the file, the rest zeroed.
     */
    public static void loadSegments(Rproc r, FirmwareImage fw) throws StepFailure {
        Kernel k = r.kernel();
        ElfFile e = fw.requireElf(k);
        for (ElfProgramHeader p : e.programHeaders()) {
            if (!p.isLoad() || p.p_memsz() == 0) {
                continue;
            }
            long da = p.p_paddr() + r.relocation();
            long memsz = p.p_memsz();
            long filesz = p.p_filesz();
            if (Long.compareUnsigned(filesz, memsz) > 0) {
                r.err("bad phdr filesz " + Hex.of(filesz) + " memsz " + Hex.of(memsz));
                throw k.fail(-22, "segment " + p.index() + " has p_filesz > p_memsz", "relink the firmware");
            }
            if (!e.contains(p.p_offset(), filesz)) {
                r.err("truncated fw: need " + Hex.of(p.p_offset() + filesz) + " avail " + Hex.of(fw.size()));
                throw k.fail(-22, "segment " + p.index() + "'s file bytes run past the end of " + fw.file(),
                        "copy the complete firmware file");
            }
            long hostPa = r.daToVa(da, memsz);
            if (hostPa < 0) {
                r.err("bad phdr da " + Hex.of(da) + " mem " + Hex.of(memsz));
                throw k.fail(-22, "segment " + p.index() + " (p_paddr " + Hex.of(da) + ", p_memsz " + Hex.of(memsz)
                        + ") lies in no carveout and no internal memory of " + r.name() + " (" + describeCarveouts(r) + ")",
                        "reserve memory that covers da " + Hex.of(da) + ".." + Hex.of(da + memsz) + " (a memory-region or a"
                                + " resource-table carveout), or link the segment where the processor has memory");
            }
            String what = "segment " + p.index() + " (p_paddr " + Hex.of(da) + ")";
            try {
                copy(k, e, p.p_offset(), hostPa, filesz, da, what);
                if (memsz > filesz) {
                    k.hostZero(hostPa + filesz, memsz - filesz, da + filesz, what + " zero fill");
                }
            } catch (IommuException x) {
                throw k.fail(Errno.EFAULT.negated(), what + " at pa " + Hex.of(hostPa) + ": " + x.reason(), x.fix());
            }
        }
    }

    /** The carveouts and internal memories, for messages. */
    static String describeCarveouts(Rproc r) {
        StringBuilder b = new StringBuilder();
        for (MemEntry m : r.carveouts()) {
            if (m.hasVa()) {
                b.append(b.isEmpty() ? "" : ", ").append(m.name).append(" da ").append(Hex.of(m.da)).append("..")
                        .append(Hex.of(m.da + m.len));
            }
        }
        return b.isEmpty() ? "it has none" : "it has " + b;
    }

    /** Copies {@code len} file bytes at {@code offset} to physical memory at {@code pa}, in chunks. */
    static void copy(Kernel k, ElfFile e, long offset, long pa, long len, long da, String what) throws StepFailure,
            IommuException {
        byte[] buf = new byte[(int) Math.min(CHUNK, Math.max(len, 1))];
        long done = 0;
        while (done < len) {
            int n = (int) Math.min(buf.length, len - done);
            byte[] chunk;
            try {
                chunk = e.read(offset + done, n);
            } catch (FormatException x) {
                throw k.fail(Errno.EINVAL.negated(), x.describe(), x.fix());
            }
            k.hostWrite(pa + done, chunk, 0, n, da < 0 ? -1 : da + done, what);
            done += n;
        }
    }

    private static byte[] read(Rproc r, ElfFile e, long offset, int len) throws StepFailure {
        try {
            return e.read(offset, len);
        } catch (FormatException x) {
            throw r.kernel().fail(Errno.EINVAL.negated(), x.describe(), x.fix());
        }
    }
}
