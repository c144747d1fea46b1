package dev.bringup.firmware.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.eclipse.jdt.annotation.Nullable;

import dev.bringup.common.Hex;
import dev.bringup.common.Location;
import dev.bringup.firmware.DiagnosticCode;
import dev.bringup.firmware.ElfFile;
import dev.bringup.firmware.ElfProgramHeader;
import dev.bringup.firmware.ElfSection;

/**
 * The checks on the ELF image that concern a remoteproc boot: what rproc_elf_sanity_check and
 * rproc_elf_load_segments reject, and what they let through but breaks a boot (overlapping
 * segments, a resource table the host cannot find in loaded memory).
 */
public final class ImageChecks {

    private ImageChecks() {
    }

    /** Checks the program headers. */
    public static void checkSegments(ElfFile elf, Findings f) {
        String file = elf.name();
        if (elf.programHeaders().isEmpty()) {
            f.add(DiagnosticCode.ELF_NO_PHDRS, Location.at(file, elf.header().is64() ? 56 : 44), "e_phnum is 0: the file has"
                    + " no program headers, so remoteproc has nothing to load (\"No loadable segments\")",
                    "link an executable (not a relocatable object: ld without -r)");
            return;
        }
        List<ElfProgramHeader> loads = new ArrayList<>();
        for (ElfProgramHeader p : elf.programHeaders()) {
            if (!p.isLoad()) {
                continue;
            }
            Location at = Location.entry(file, p.headerOffset(), p.index());
            if (Long.compareUnsigned(p.p_filesz(), p.p_memsz()) > 0) {
                f.add(DiagnosticCode.ELF_FILESZ_GT_MEMSZ, at, "segment " + p.index() + " has p_filesz " + Hex.of(p.p_filesz())
                        + " > p_memsz " + Hex.of(p.p_memsz()) + " (\"bad phdr filesz\")",
                        "fix the linker script so that the segment's memory size covers its file bytes");
            }
            if (!elf.contains(p.p_offset(), p.p_filesz())) {
                f.add(DiagnosticCode.ELF_SEGMENT_TRUNCATED, at, "segment " + p.index() + " file bytes [" + Hex.of(p.p_offset())
                        + ", +" + Hex.of(p.p_filesz()) + ") run past the end of the file (" + elf.size() + " bytes) (\"truncated fw\")",
                        "copy the complete firmware file; it was cut short");
            }
            if (p.p_memsz() != 0) {
                loads.add(p);
            }
        }
        loads.sort(Comparator.comparing(ElfProgramHeader::p_paddr, Long::compareUnsigned));
        ElfProgramHeader reach = null;
        for (ElfProgramHeader p : loads) {
            if (reach != null && Long.compareUnsigned(p.p_paddr(), end(reach.p_paddr(), reach.p_memsz())) < 0) {
                f.add(DiagnosticCode.ELF_LOAD_OVERLAP, Location.entry(file, p.headerOffset(), p.index())
                        .withRange(p.p_paddr(), p.p_memsz()), "PT_LOAD segment " + p.index() + " at p_paddr " + Hex.of(p.p_paddr())
                        + " overlaps segment " + reach.index() + " [" + Hex.of(reach.p_paddr()) + ", "
                        + Hex.of(end(reach.p_paddr(), reach.p_memsz())) + "): the later copy overwrites the earlier one",
                        "give each segment its own memory region in the linker script (check AT() and > REGION)");
            }
            if (reach == null || Long.compareUnsigned(end(p.p_paddr(), p.p_memsz()), end(reach.p_paddr(), reach.p_memsz())) > 0) {
                reach = p;
            }
        }
    }

    /** Checks that the resource table lies in loaded memory where the host will look for it. */
    public static void checkTableLoaded(ElfFile elf, ElfSection table, Findings f) {
        Location at = Location.entry(elf.name(), table.headerOffset(), table.index()).withRange(table.sh_addr(), table.sh_size());
        @Nullable ElfProgramHeader holder = null;
        for (ElfProgramHeader p : elf.programHeaders()) {
            if (p.isLoad() && Long.compareUnsigned(table.sh_addr(), p.p_vaddr()) >= 0
                    && Long.compareUnsigned(end(table.sh_addr(), table.sh_size()), end(p.p_vaddr(), p.p_memsz())) <= 0
                    && Long.compareUnsigned(table.sh_addr(), end(p.p_vaddr(), p.p_memsz())) < 0) {
                holder = p;
                break;
            }
        }
        String fix = "place .resource_table in a loaded region: in the linker script put it in an output section of a "
                + "PT_LOAD segment (e.g. > RAM), with the section flag SHF_ALLOC";
        if (holder == null || !table.isAlloc()) {
            f.add(DiagnosticCode.RSC_NOT_LOADED, at, ".resource_table at sh_addr " + Hex.of(table.sh_addr())
                    + " is outside every PT_LOAD segment: the kernel loads the table but cannot find the loaded copy, so the "
                    + "firmware never sees the vring and carveout addresses the host fills in", fix);
        } else if (holder.p_vaddr() != holder.p_paddr()) {
            f.add(DiagnosticCode.RSC_NOT_LOADED, at, ".resource_table at sh_addr " + Hex.of(table.sh_addr()) + " is in segment "
                    + holder.index() + ", which is loaded at p_paddr " + Hex.of(holder.p_paddr()) + " but linked at p_vaddr "
                    + Hex.of(holder.p_vaddr()) + ": the kernel looks for the loaded table at da " + Hex.of(table.sh_addr())
                    + " and misses it", "link the segment holding .resource_table with p_vaddr equal to p_paddr");
        }
    }

    /** {@code start + length} in unsigned arithmetic, saturated at 2^64-1 instead of wrapping. */
    public static long end(long start, long length) {
        long e = start + length;
        return Long.compareUnsigned(e, start) < 0 ? -1L : e;
    }
}
