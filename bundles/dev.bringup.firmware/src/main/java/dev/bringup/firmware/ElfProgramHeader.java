package dev.bringup.firmware;

/**
 * One program header (segment). {@code p_paddr} is where remoteproc loads the segment (the
 * device address, {@code da}); {@code headerOffset} is the file offset of the header itself.
 */
public record ElfProgramHeader(int index, long p_type, long p_flags, long p_offset, long p_vaddr, long p_paddr,
        long p_filesz, long p_memsz, long p_align, long headerOffset) {

    public static final long PT_NULL = 0;
    public static final long PT_LOAD = 1;
    public static final long PT_DYNAMIC = 2;
    public static final long PT_INTERP = 3;
    public static final long PT_NOTE = 4;
    public static final long PT_PHDR = 6;
    public static final long PT_TLS = 7;

    public static final int PF_X = 1;
    public static final int PF_W = 2;
    public static final int PF_R = 4;

    public boolean isLoad() {
        return p_type == PT_LOAD;
    }

    /** The type as readelf prints it ({@code LOAD}, {@code NOTE}, {@code EXIDX} on ARM, ...). */
    public String typeName(int machine) {
        return switch ((int) p_type) {
            case 0 -> "NULL";
            case 1 -> "LOAD";
            case 2 -> "DYNAMIC";
            case 3 -> "INTERP";
            case 4 -> "NOTE";
            case 5 -> "SHLIB";
            case 6 -> "PHDR";
            case 7 -> "TLS";
            case 0x6474e550 -> "GNU_EH_FRAME";
            case 0x6474e551 -> "GNU_STACK";
            case 0x6474e552 -> "GNU_RELRO";
            case 0x6474e553 -> "GNU_PROPERTY";
            case 0x70000001 -> machine == ElfHeader.EM_ARM ? "EXIDX" : "LOPROC+0x1";
            case 0x70000003 -> machine == 243 ? "RISCV_ATTRIBUTES" : "LOPROC+0x3";
            default -> "0x" + Long.toHexString(p_type);
        };
    }

    /** {@code R}, {@code W}, {@code E} letters as readelf prints them, e.g. {@code RWE}. */
    public String flagLetters() {
        return ((p_flags & PF_R) != 0 ? "R" : "") + ((p_flags & PF_W) != 0 ? "W" : "") + ((p_flags & PF_X) != 0 ? "E" : "");
    }
}
