package dev.bringup.firmware;

import java.util.List;

/**
 * A decoded resource table: which format it is, the header fields (for version 1), the
 * {@code offset[]} array and the entries, in {@code offset[]} order. For a 2011 table
 * {@code ver} is -1 (the format has no version), {@code num} is the number of 96-byte entries
 * and {@code offsets} are their positions.
 *
 * @param format which of the two formats the codec found
 * @param ver {@code ver} (1 for a kernel-accepted v1 table), or -1 for 2011 tables
 * @param num {@code num} as written in the table
 * @param reserved0 {@code reserved[0]} (must be 0)
 * @param reserved1 {@code reserved[1]} (must be 0)
 * @param offsets the {@code offset[]} values that lie inside the table's bytes, at most {@code num}
 * @param entries the entries that could be decoded, in {@code offset[]} order
 * @param size the table's size in bytes (the {@code .resource_table} section size)
 */
public record ResourceTable(TableFormat format, long ver, long num, long reserved0, long reserved1, List<Long> offsets,
        List<ResourceEntry> entries, int size) {

    /** Size of the v1 header before {@code offset[]}. */
    public static final int HEADER_SIZE = 16;

    public ResourceTable {
        offsets = List.copyOf(offsets);
        entries = List.copyOf(entries);
    }

    /** The entries of one kind ({@code carveout}, {@code vdev}, ...), in table order. */
    public List<ResourceEntry> entriesOfKind(String kind) {
        return entries.stream().filter(e -> e.kind().equals(kind)).toList();
    }
}
