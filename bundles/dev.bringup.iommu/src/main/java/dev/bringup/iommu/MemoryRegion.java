package dev.bringup.iommu;

import java.util.Objects;

import dev.bringup.common.Hex;

/**
 * A physical address range of the SoC that holds memory or registers, as the devicetree's
 * {@code memory} and SoC nodes give them.
 *
 * @param name the node or region name, such as {@code dram} or {@code retram@38000000}
 * @param base first physical address
 * @param size size in bytes (more than 0)
 * @param kind what is there
 */
public record MemoryRegion(String name, long base, long size, Kind kind) {

    /** What a region holds. */
    public enum Kind {
        /** System DRAM: the kernel's memory, reserved-memory pools live here. */
        DRAM,
        /** On-chip SRAM (TCM, RETRAM, ...). */
        SRAM,
        /** Device registers. */
        MMIO
    }

    public MemoryRegion {
        Objects.requireNonNull(name);
        Objects.requireNonNull(kind);
        if (size <= 0 || base < 0 || base + size < base || base + size > 1L << 48) {
            throw new IllegalArgumentException("region " + name + " [" + Hex.of(base) + " size " + Hex.of(size)
                    + "] must be non-empty and below 2^48");
        }
    }

    /** One past the last address. */
    public long end() {
        return base + size;
    }

    public boolean contains(long pa) {
        return pa >= base && pa < end();
    }

    /** Whether {@code [pa, pa + len)} lies inside. */
    public boolean contains(long pa, long len) {
        return pa >= base && len >= 0 && pa + len <= end() && pa + len >= pa;
    }

    /** {@code dram [0x40000000..0xc0000000) DRAM}. */
    @Override
    public String toString() {
        return name + " [" + Hex.of(base) + ".." + Hex.of(end()) + ") " + kind;
    }
}
