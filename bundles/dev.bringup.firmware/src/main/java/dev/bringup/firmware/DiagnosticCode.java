package dev.bringup.firmware;

import org.eclipse.jdt.annotation.Nullable;

import dev.bringup.common.Diagnostic;
import dev.bringup.common.Location;
import dev.bringup.common.Severity;

/**
 * The stable codes of the firmware diagnostics, each with its one severity. ERROR: the Linux
 * kernel refuses the image (or the boot cannot succeed); WARNING: the kernel lets it through but
 * the boot breaks or is at risk. Every code is documented in the bundle's DIAGNOSTICS.md.
 */
public enum DiagnosticCode {
    /** {@code e_phnum} is 0: rproc_elf_sanity_check "No loadable segments". */
    ELF_NO_PHDRS(Severity.ERROR),
    /** A PT_LOAD's file bytes run past the end of the file: "truncated fw". */
    ELF_SEGMENT_TRUNCATED(Severity.ERROR),
    /** A PT_LOAD has {@code p_filesz > p_memsz}: "bad phdr filesz". */
    ELF_FILESZ_GT_MEMSZ(Severity.ERROR),
    /** Two PT_LOAD segments overlap at their load addresses ({@code p_paddr}). */
    ELF_LOAD_OVERLAP(Severity.WARNING),
    /** {@code .resource_table} lies outside every PT_LOAD: the host cannot find the loaded copy. */
    RSC_NOT_LOADED(Severity.WARNING),
    /** The table, its {@code offset[]} array or an entry runs past the end of the table or file. */
    RSC_TRUNCATED(Severity.ERROR),
    /** {@code ver} is not 1: "unsupported fw ver". */
    RSC_BAD_VERSION(Severity.ERROR),
    /** A reserved field (table header, carveout, devmem, trace, vdev) is not zero. */
    RSC_RESERVED_NONZERO(Severity.ERROR),
    /** An {@code offset[i]} points outside the table. */
    RSC_OFFSET_OUT_OF_TABLE(Severity.ERROR),
    /** A vring has {@code num} 0: "invalid qsz". */
    VRING_NUM_ZERO(Severity.ERROR),
    /** A vring has {@code align} 0: "invalid alignment". */
    VRING_ALIGN_ZERO(Severity.ERROR),
    /** A vdev has more than two vrings: "too many vrings". */
    VDEV_TOO_MANY_VRINGS(Severity.ERROR),
    /** Two entries, or an entry and the header, share bytes. */
    RSC_ENTRIES_OVERLAP(Severity.WARNING),
    /** {@code num} disagrees with the filled {@code offset[]} slots. */
    RSC_NUM_MISMATCH(Severity.WARNING),
    /** A {@code name[]} field has no terminating NUL. */
    RSC_NAME_NOT_TERMINATED(Severity.WARNING),
    /** A trace buffer {@code da} is not 4-byte aligned. */
    TRACE_MISALIGNED(Severity.WARNING),
    /** A fixed vring {@code da} is not a multiple of its {@code align}, or {@code align} is not a power of two. */
    VRING_MISALIGNED(Severity.WARNING),
    /** An entry type the kernel does not know (not 0..3, not vendor 128..512): skipped with a warning. */
    RSC_UNKNOWN_TYPE(Severity.WARNING),
    /** The table is a 2011-format table, which kernels since 3.4 reject or misread. */
    RSC_FORMAT_2011(Severity.WARNING),
    /** The table is larger than the codec decodes (16 MiB or 4096 entries); the rest is ignored. */
    RSC_TOO_LARGE(Severity.WARNING);

    private final Severity severity;

    DiagnosticCode(Severity severity) {
        this.severity = severity;
    }

    public Severity severity() {
        return severity;
    }

    /** A diagnostic with this code and severity. */
    public Diagnostic at(Location location, String message, @Nullable String fix) {
        return new Diagnostic(severity, name(), message, location, fix);
    }
}
