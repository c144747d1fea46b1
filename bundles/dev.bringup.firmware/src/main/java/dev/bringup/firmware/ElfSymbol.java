package dev.bringup.firmware;

/** One symbol from {@code .symtab} or {@code .dynsym}, so that views can name addresses. */
public record ElfSymbol(String name, long st_value, long st_size, int st_info, int st_other, int st_shndx) {

    public static final int STT_NOTYPE = 0;
    public static final int STT_OBJECT = 1;
    public static final int STT_FUNC = 2;
    public static final int STT_SECTION = 3;
    public static final int STT_FILE = 4;

    public int type() {
        return st_info & 0xf;
    }

    public int bind() {
        return st_info >>> 4;
    }

    /** Whether {@code address} lies in {@code [st_value, st_value + max(st_size, 1))}, unsigned. */
    public boolean covers(long address) {
        long d = address - st_value;
        return Long.compareUnsigned(address, st_value) >= 0 && Long.compareUnsigned(d, Math.max(st_size, 1)) < 0;
    }
}
