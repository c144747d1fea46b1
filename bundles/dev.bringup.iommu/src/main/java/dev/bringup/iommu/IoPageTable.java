package dev.bringup.iommu;

/**
 * A page table an IOMMU walks, kept as real tables (descriptors with the architecture's bits, in
 * tables at simulated physical addresses). Read-only view: mappings change through
 * {@link IommuApi#map} and {@link IommuApi#unmap} (or an {@link OwnerAccess}).
 */
public interface IoPageTable {

    /** Receives the leaf mappings of a table, in IOVA order. */
    @FunctionalInterface
    interface MappingVisitor {
        /**
         * @param iova first IOVA of the leaf
         * @param pa physical address it maps to
         * @param size leaf size (page, block, section, ...)
         * @param perms {@link IommuProt#READ} and {@link IommuProt#WRITE} granted
         * @param kind the descriptor kind
         */
        void visit(long iova, long pa, long size, int perms, DescriptorKind kind);
    }

    /** The format and its configuration. */
    PageTableFormat format();

    /** The physical address of the first-level table (what TTBR0/VTTBR/PT_BASE hold). */
    long ttbr();

    /** The first level walked (LPAE: 0..3 depending on ias and granule; v7s: 1). */
    int startLevel();

    /** Walks {@code iova} and reports every level. */
    Walk walk(long iova);

    /** {@code iova_to_phys}: the physical address, or 0 when {@code iova} is not mapped. */
    long iovaToPhys(long iova);

    /** Visits every leaf that overlaps {@code [fromIova, toIova)}, in IOVA order. */
    void forEachMapping(long fromIova, long toIova, MappingVisitor visitor);

    /** Tables in use, the first-level table included. */
    int tablesInUse();

    /**
     * Valid leaf descriptors (a v7s supersection or large page counts 16, as it fills 16
     * entries).
     */
    long leafDescriptors();
}
