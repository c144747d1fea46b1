package dev.bringup.iommu;

/** What a page-table descriptor is, in the words of the Arm architecture. */
public enum DescriptorKind {
    /** Not valid: a translation fault when walked. */
    INVALID,
    /** Points to the next-level table. */
    TABLE,
    /** LPAE block: a leaf above the last level (2M, 1G, 32M, 512M, ...). */
    BLOCK,
    /** LPAE page: a leaf at the last level (4K, 16K, 64K). */
    PAGE,
    /** v7s section: a 1M leaf at level 1. */
    SECTION,
    /** v7s supersection: a 16M leaf, the same descriptor in 16 level-1 entries. */
    SUPERSECTION,
    /** v7s large page: a 64K leaf, the same descriptor in 16 level-2 entries. */
    LARGE_PAGE,
    /** v7s small page: a 4K leaf at level 2. */
    SMALL_PAGE;

    /** Whether the descriptor maps memory (is a leaf). */
    public boolean isLeaf() {
        return this != INVALID && this != TABLE;
    }
}
