package dev.bringup.iommu;

import dev.bringup.common.Hex;

/**
 * A range of addresses, {@code [base, base + size)}: an {@code alloc-ranges} entry, a
 * reservation, a free extent.
 *
 * @param base first address
 * @param size size in bytes
 */
public record AddressRange(long base, long size) {

    public AddressRange {
        if (size < 0 || base + size < base && base + size != 0) {
            throw new IllegalArgumentException("bad range " + Hex.of(base) + " size " + Hex.of(size));
        }
    }

    /** One past the last address. */
    public long end() {
        return base + size;
    }

    public boolean contains(long address) {
        return Long.compareUnsigned(address - base, size) < 0;
    }

    /** Whether the two ranges share at least one address. */
    public boolean overlaps(long otherBase, long otherSize) {
        return otherSize > 0 && size > 0 && Long.compareUnsigned(otherBase, base + size - 1) <= 0
                && Long.compareUnsigned(base, otherBase + otherSize - 1) <= 0;
    }

    /** {@code [0x10000000..0x10100000)}. */
    @Override
    public String toString() {
        return "[" + Hex.of(base) + ".." + Hex.of(base + size) + ")";
    }
}
