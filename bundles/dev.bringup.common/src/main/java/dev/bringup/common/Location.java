package dev.bringup.common;

import org.eclipse.jdt.annotation.Nullable;

/**
 * Where a diagnostic points: a file and an offset in it, an entry index (for example in a
 * resource table), a devicetree path, an address range. Every part is optional; {@code -1}
 * (or {@code null}) means "not known".
 *
 * @param file the file, as the user named it, or null
 * @param fileOffset byte offset in {@code file}, or -1
 * @param entryIndex index of the entry (resource table entry, program header, ...), or -1
 * @param dtPath devicetree node path such as {@code /reserved-memory/vdev0buffer@10042000}, or null
 * @param address start address of the range concerned, or -1 when none
 * @param length length of that range in bytes (0 when there is no range)
 */
public record Location(@Nullable String file, long fileOffset, int entryIndex, @Nullable String dtPath,
        long address, long length) {

    /** No place at all. */
    public static final Location NOWHERE = new Location(null, -1, -1, null, -1, 0);

    /** A byte offset in a file. */
    public static Location at(@Nullable String file, long fileOffset) {
        return new Location(file, fileOffset, -1, null, -1, 0);
    }

    /** An entry (at a byte offset) in a file. */
    public static Location entry(@Nullable String file, long fileOffset, int entryIndex) {
        return new Location(file, fileOffset, entryIndex, null, -1, 0);
    }

    /** A devicetree node. */
    public static Location node(String dtPath) {
        return new Location(null, -1, -1, dtPath, -1, 0);
    }

    /** An address range, {@code [address, address + length)}. */
    public static Location range(long address, long length) {
        return new Location(null, -1, -1, null, address, length);
    }

    /** This location with the devicetree path set. */
    public Location withDtPath(String path) {
        return new Location(file, fileOffset, entryIndex, path, address, length);
    }

    /** This location with the address range set. */
    public Location withRange(long start, long len) {
        return new Location(file, fileOffset, entryIndex, dtPath, start, len);
    }

    /** A short human-readable form, such as {@code fw.elf+0x1f4 entry 2 /soc/m4@0 [0x10000000..0x10040000)}. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        if (file != null) {
            b.append(file);
        }
        if (fileOffset >= 0) {
            b.append(b.isEmpty() ? "offset " : "+").append(Hex.of(fileOffset));
        }
        if (entryIndex >= 0) {
            b.append(b.isEmpty() ? "" : " ").append("entry ").append(entryIndex);
        }
        if (dtPath != null) {
            b.append(b.isEmpty() ? "" : " ").append(dtPath);
        }
        if (address != -1 || length != 0) {
            b.append(b.isEmpty() ? "" : " ").append('[').append(Hex.of(address)).append("..")
                    .append(Hex.of(address + length)).append(')');
        }
        return b.toString();
    }
}
