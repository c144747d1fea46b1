package dev.bringup.iommu;

/**
 * The {@code prot} flags of {@code iommu_map()}, with the kernel's values
 * ({@code include/linux/iommu.h}), and the access rights a translation grants.
 */
public final class IommuProt {

    /** {@code IOMMU_READ}: the device may read. */
    public static final int READ = 1 << 0;
    /** {@code IOMMU_WRITE}: the device may write. */
    public static final int WRITE = 1 << 1;
    /** {@code IOMMU_CACHE}: cache-coherent access. */
    public static final int CACHE = 1 << 2;
    /** {@code IOMMU_NOEXEC}: no instruction fetch. */
    public static final int NOEXEC = 1 << 3;
    /** {@code IOMMU_MMIO}: device memory (strongly ordered). */
    public static final int MMIO = 1 << 4;
    /** {@code IOMMU_PRIV}: privileged accesses only. */
    public static final int PRIV = 1 << 5;

    /** Read and write, the usual protection of a carveout. */
    public static final int RW = READ | WRITE;

    private IommuProt() {
    }

    /** {@code RW}, {@code R}, {@code W} or {@code -}, followed by {@code +CACHE}, {@code +MMIO}, ... */
    public static String describe(int prot) {
        StringBuilder b = new StringBuilder();
        b.append((prot & READ) != 0 ? "R" : "");
        b.append((prot & WRITE) != 0 ? "W" : "");
        if (b.isEmpty()) {
            b.append('-');
        }
        if ((prot & CACHE) != 0) {
            b.append("+CACHE");
        }
        if ((prot & NOEXEC) != 0) {
            b.append("+NOEXEC");
        }
        if ((prot & MMIO) != 0) {
            b.append("+MMIO");
        }
        if ((prot & PRIV) != 0) {
            b.append("+PRIV");
        }
        return b.toString();
    }
}
