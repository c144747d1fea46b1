package dev.bringup.iommu;

/** The kind of an IOMMU domain ({@code IOMMU_DOMAIN_*}). */
public enum DomainType {
    /** {@code IOMMU_DOMAIN_BLOCKED}: all DMA is blocked. */
    BLOCKED,
    /** {@code IOMMU_DOMAIN_IDENTITY}: DMA addresses are physical addresses (passthrough). */
    IDENTITY,
    /** {@code IOMMU_DOMAIN_UNMANAGED}: a paging domain whose IOVAs the caller chooses (remoteproc, VFIO). */
    UNMANAGED,
    /** {@code IOMMU_DOMAIN_DMA}: a paging domain whose IOVAs the DMA API allocates (the usual default domain). */
    DMA;

    /** Whether the domain translates through a page table ({@code __IOMMU_DOMAIN_PAGING}). */
    public boolean isPaging() {
        return this == UNMANAGED || this == DMA;
    }
}
