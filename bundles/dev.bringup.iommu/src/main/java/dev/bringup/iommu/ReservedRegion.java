package dev.bringup.iommu;

import java.util.Objects;

import org.eclipse.jdt.annotation.Nullable;

import dev.bringup.common.Hex;

/**
 * An IOVA range an IOMMU user must respect ({@code struct iommu_resv_region}).
 *
 * @param start first IOVA
 * @param length bytes
 * @param prot {@link IommuProt} flags a direct mapping gets
 * @param type what the range is
 * @param source where it comes from (a devicetree node, the IOMMU driver)
 * @param note what the kernel said about it ({@code treating non-direct mapping ... as reservation}),
 *        or null
 */
public record ReservedRegion(long start, long length, int prot, Type type, String source, @Nullable String note) {

    /** {@code enum iommu_resv_type}. */
    public enum Type {
        /** Must be mapped 1:1 (IOVA == PA) before the device is attached. */
        DIRECT,
        /** Like {@link #DIRECT}, but may be dropped when the device is assigned elsewhere. */
        DIRECT_RELAXABLE,
        /** A hole: never hand out or map these IOVAs. */
        RESERVED,
        /** A hardware MSI window (translated by the hardware, not by the page table). */
        MSI,
        /** A software-managed MSI window ({@code MSI_IOVA_BASE}), mapped on demand by the DMA layer. */
        SW_MSI
    }

    public ReservedRegion {
        Objects.requireNonNull(type);
        Objects.requireNonNull(source);
        if (length <= 0) {
            throw new IllegalArgumentException("reserved region of " + source + " has no length");
        }
    }

    /**
     * What {@code of_iommu_get_resv_regions()} makes of a {@code memory-region} node with
     * {@code reg = <physBase physSize>} and {@code iommu-addresses = <&dev iova length>}:
     * {@link Type#DIRECT} only where the IOVA range equals the physical range, else a
     * {@link Type#RESERVED} hole (and the kernel's warning in {@link #note()}).
     */
    public static ReservedRegion fromIommuAddresses(String node, long physBase, long physSize, long iova, long length,
            boolean coherent) {
        int prot = IommuProt.READ | IommuProt.WRITE | (coherent ? IommuProt.CACHE : 0);
        if (iova == physBase && length == physSize) {
            return new ReservedRegion(iova, length, prot, Type.DIRECT, node, null);
        }
        String note = "treating non-direct mapping [mem " + Hex.of(physBase, 8) + "-" + Hex.of(physBase + physSize - 1, 8)
                + "] -> [" + Hex.of(iova, 16) + "-" + Hex.of(iova + length - 1, 16) + "] as reservation";
        return new ReservedRegion(iova, length, prot, Type.RESERVED, node, note);
    }

    /** One past the last IOVA. */
    public long end() {
        return start + length;
    }

    /** {@code 0x0000000008000000 0x00000000080fffff msi}, the sysfs {@code reserved_regions} line. */
    public String sysfsLine() {
        String t = switch (type) {
            case DIRECT -> "direct";
            case DIRECT_RELAXABLE -> "direct-relaxable";
            case RESERVED -> "reserved";
            case MSI, SW_MSI -> "msi";
        };
        return Hex.of(start, 16) + " " + Hex.of(start + length - 1, 16) + " " + t;
    }

    @Override
    public String toString() {
        return type + " " + new AddressRange(start, length) + " from " + source;
    }
}
