package dev.bringup.ui.internal.layout;

import org.eclipse.jdt.annotation.Nullable;

/**
 * One range drawn in the layout: an ELF segment, section or symbol, a resource-table entry, a
 * memory region, a reserved-memory node or an IOMMU window.
 *
 * @param lane the lane it is drawn in
 * @param kind what it is (gives its column and colour)
 * @param name the label
 * @param start first address (da in {@link Lane#DA}, pa in {@link Lane#PA})
 * @param size bytes (0 is drawn as a thin line)
 * @param entry index in the resource table's entries, or -1
 * @param vring index of the vring in its vdev, or -1
 * @param pa the physical address this da range is mapped to, or null when not known before boot
 * @param note extra text for the tooltip (e.g. why there is no pa), or ""
 */
public record Block(Lane lane, Kind kind, String name, long start, long size, int entry, int vring, @Nullable Long pa,
        String note) {

    /** The lanes, side by side: device addresses on the left, physical addresses on the right. */
    public enum Lane {
        DA, PA
    }

    /** What a block is; each kind has its column within its lane. */
    public enum Kind {
        SEGMENT(Lane.DA, 0), SECTION(Lane.DA, 1), SYMBOL(Lane.DA, 2), CARVEOUT(Lane.DA, 3), DEVMEM(Lane.DA, 3),
        TRACE(Lane.DA, 3), VRING(Lane.DA, 3), IOMMU_WINDOW(Lane.DA, 4),
        MEMORY(Lane.PA, 0), RESERVED(Lane.PA, 1), MAPPED(Lane.PA, 2);

        private final Lane lane;
        private final int column;

        Kind(Lane lane, int column) {
            this.lane = lane;
            this.column = column;
        }

        public Lane lane() {
            return lane;
        }

        /** Column index within the lane. */
        public int column() {
            return column;
        }

        /** Whether the block is a resource-table entry that can be moved and resized. */
        public boolean isEditable() {
            return this == CARVEOUT || this == DEVMEM || this == TRACE || this == VRING;
        }
    }

    /** Columns of each lane. */
    public static int columns(Lane lane) {
        return lane == Lane.DA ? 5 : 3;
    }

    /** One past the last address, saturated at 2^64-1. */
    public long end() {
        long e = start + size;
        return Long.compareUnsigned(e, start) < 0 ? -1L : e;
    }

    /** Whether {@code address} lies in {@code [start, end)}, unsigned. */
    public boolean contains(long address) {
        return Long.compareUnsigned(address, start) >= 0 && Long.compareUnsigned(address - start, Math.max(size, 1)) < 0;
    }
}
