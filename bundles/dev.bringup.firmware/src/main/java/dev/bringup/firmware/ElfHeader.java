package dev.bringup.firmware;

import java.nio.ByteOrder;
import java.util.Map;

/**
 * The ELF file header, with the fields named as in the ELF specification. Counts are the real
 * ones: when {@code e_phnum} is {@code PN_XNUM} or {@code e_shnum}/{@code e_shstrndx} use the
 * extended numbering, the values from section header 0 are given here.
 */
public record ElfHeader(int ei_class, int ei_data, int ei_osabi, int e_type, int e_machine, long e_version,
        long e_entry, long e_phoff, long e_shoff, long e_flags, int e_ehsize, int e_phentsize, int e_phnum,
        int e_shentsize, int e_shnum, int e_shstrndx) {

    public static final int ELFCLASS32 = 1;
    public static final int ELFCLASS64 = 2;
    public static final int ELFDATA2LSB = 1;
    public static final int ELFDATA2MSB = 2;
    public static final int EM_ARM = 40;

    private static final Map<Integer, String> MACHINES = Map.ofEntries(Map.entry(0, "None"), Map.entry(2, "Sparc"),
            Map.entry(3, "Intel 80386"), Map.entry(8, "MIPS R3000"), Map.entry(20, "PowerPC"),
            Map.entry(21, "PowerPC64"), Map.entry(40, "ARM"), Map.entry(42, "Renesas / SuperH SH"),
            Map.entry(62, "Advanced Micro Devices X86-64"), Map.entry(93, "ARCompact"),
            Map.entry(94, "Tensilica Xtensa Processor"), Map.entry(140, "Texas Instruments TMS320C6000 DSP family"),
            Map.entry(164, "QUALCOMM DSP6 Processor"), Map.entry(183, "AArch64"), Map.entry(195, "ARCv2"),
            Map.entry(243, "RISC-V"), Map.entry(258, "LoongArch"));

    private static final Map<Integer, String> TYPES = Map.of(0, "NONE", 1, "REL", 2, "EXEC", 3, "DYN", 4, "CORE");

    public boolean is64() {
        return ei_class == ELFCLASS64;
    }

    /** {@code ELF32} or {@code ELF64}. */
    public String className() {
        return is64() ? "ELF64" : "ELF32";
    }

    public ByteOrder order() {
        return ei_data == ELFDATA2MSB ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    }

    /** {@code little} or {@code big}. */
    public String endian() {
        return ei_data == ELFDATA2MSB ? "big" : "little";
    }

    /** The machine as readelf names it ({@code ARM}, {@code AArch64}, {@code RISC-V}), or {@code EM_<n>}. */
    public String machineName() {
        return MACHINES.getOrDefault(e_machine, "EM_" + e_machine);
    }

    /** {@code EXEC}, {@code DYN}, ... as readelf names the file type. */
    public String typeName() {
        return TYPES.getOrDefault(e_type, "ET_" + Integer.toHexString(e_type));
    }
}
