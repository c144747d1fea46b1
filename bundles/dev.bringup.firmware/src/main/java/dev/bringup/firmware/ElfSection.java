package dev.bringup.firmware;

/**
 * One section header with its name resolved from the section name string table.
 * {@code headerOffset} is the file offset of the section header itself.
 */
public record ElfSection(int index, String name, long sh_name, long sh_type, long sh_flags, long sh_addr,
        long sh_offset, long sh_size, long sh_link, long sh_info, long sh_addralign, long sh_entsize,
        long headerOffset) {

    public static final long SHT_NULL = 0;
    public static final long SHT_PROGBITS = 1;
    public static final long SHT_SYMTAB = 2;
    public static final long SHT_STRTAB = 3;
    public static final long SHT_NOTE = 7;
    public static final long SHT_NOBITS = 8;
    public static final long SHT_DYNSYM = 11;
    public static final long SHF_ALLOC = 2;

    /** Whether the section has bytes in the file ({@code SHT_NOBITS} and {@code SHT_NULL} have none). */
    public boolean hasFileBytes() {
        return sh_type != SHT_NOBITS && sh_type != SHT_NULL;
    }

    public boolean isAlloc() {
        return (sh_flags & SHF_ALLOC) != 0;
    }

    /** The type as readelf prints it ({@code PROGBITS}, {@code NOBITS}, {@code ARM_EXIDX} on ARM, ...). */
    public String typeName(int machine) {
        return switch ((int) sh_type) {
            case 0 -> "NULL";
            case 1 -> "PROGBITS";
            case 2 -> "SYMTAB";
            case 3 -> "STRTAB";
            case 4 -> "RELA";
            case 5 -> "HASH";
            case 6 -> "DYNAMIC";
            case 7 -> "NOTE";
            case 8 -> "NOBITS";
            case 9 -> "REL";
            case 11 -> "DYNSYM";
            case 14 -> "INIT_ARRAY";
            case 15 -> "FINI_ARRAY";
            case 16 -> "PREINIT_ARRAY";
            case 17 -> "GROUP";
            case 18 -> "SYMTAB_SHNDX";
            case 0x6ffffff6 -> "GNU_HASH";
            case 0x6ffffffd -> "VERDEF";
            case 0x6ffffffe -> "VERNEED";
            case 0x6fffffff -> "VERSYM";
            case 0x70000001 -> machine == ElfHeader.EM_ARM ? "ARM_EXIDX" : "LOPROC+0x1";
            case 0x70000003 -> machine == ElfHeader.EM_ARM ? "ARM_ATTRIBUTES" : machine == 243 ? "RISCV_ATTRIBUTES"
                    : "LOPROC+0x3";
            default -> "0x" + Long.toHexString(sh_type);
        };
    }
}
