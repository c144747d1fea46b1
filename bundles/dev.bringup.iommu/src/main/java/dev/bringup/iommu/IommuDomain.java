package dev.bringup.iommu;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.jdt.annotation.Nullable;

import dev.bringup.iommu.internal.PageTable;

/**
 * An address space the IOMMU translates through ({@code struct iommu_domain}): its type, its
 * page table (paging domains), its aperture and page sizes, its fault handler, and for DMA
 * domains the IOVA allocator. Allocate one with {@link IommuApi#domainAlloc}; default domains
 * are made when a device is probed.
 */
public final class IommuDomain {

    private final int id;
    private final DomainType type;
    private final Iommu iommu;
    private final TranslationOwner owner;
    private final String purpose;
    private @Nullable PageTable table;
    private long pgsizeBitmap;
    private long apertureStart;
    private long apertureEnd;
    private @Nullable FaultHandler handler;
    private @Nullable IovaAllocator iovad;
    private int context = -1;
    private boolean freed;
    private final List<IommuGroup> groups = new ArrayList<>();

    IommuDomain(int id, DomainType type, Iommu iommu, TranslationOwner owner, String purpose) {
        this.id = id;
        this.type = type;
        this.iommu = iommu;
        this.owner = owner;
        this.purpose = purpose;
        this.pgsizeBitmap = iommu.format().pgsizeBitmap();
        this.apertureEnd = (1L << iommu.format().ias()) - 1;
    }

    /** A number unique in the simulation. */
    public int id() {
        return id;
    }

    public DomainType type() {
        return type;
    }

    public Iommu iommu() {
        return iommu;
    }

    /** Who may change the mappings. */
    public TranslationOwner owner() {
        return owner;
    }

    /** Why it exists: {@code default domain of iommu group 0}, {@code allocated for 19100000.apu}. */
    public String purpose() {
        return purpose;
    }

    /** The page table, or null (identity and blocked domains; a MediaTek domain before its first attach). */
    public @Nullable IoPageTable pageTable() {
        return table;
    }

    @Nullable
    PageTable table() {
        return table;
    }

    void setTable(@Nullable PageTable t) {
        this.table = t;
    }

    /** {@code pgsize_bitmap}. */
    public long pgsizeBitmap() {
        return pgsizeBitmap;
    }

    void setGeometry(long start, long end) {
        this.apertureStart = start;
        this.apertureEnd = end;
    }

    /** {@code geometry.aperture_start}. */
    public long apertureStart() {
        return apertureStart;
    }

    /** {@code geometry.aperture_end} (inclusive). */
    public long apertureEnd() {
        return apertureEnd;
    }

    @Nullable
    FaultHandler handler() {
        return handler;
    }

    void setHandler(@Nullable FaultHandler h) {
        this.handler = h;
    }

    /** Whether a fault handler is installed. */
    public boolean hasFaultHandler() {
        return handler != null;
    }

    /** The IOVA allocator (DMA domains), or null. */
    public @Nullable IovaAllocator iovaAllocator() {
        return iovad;
    }

    void setIovad(IovaAllocator a) {
        this.iovad = a;
    }

    /** The SMMU context bank or MediaTek bank the domain uses, or -1 before it has one. */
    public int context() {
        return context;
    }

    void setContext(int c) {
        this.context = c;
    }

    /** Whether {@link IommuApi#domainFree} freed it. */
    public boolean isFreed() {
        return freed;
    }

    void markFreed() {
        freed = true;
    }

    /** The groups attached to it now. */
    public List<IommuGroup> attachedGroups() {
        return List.copyOf(groups);
    }

    List<IommuGroup> groupList() {
        return groups;
    }

    /** {@code domain 3 (UNMANAGED, 15000000.iommu)}. */
    public String label() {
        return "domain " + id + " (" + type + ", " + iommu.name() + (owner == TranslationOwner.HOST ? "" : ", owned by "
                + owner.describe()) + ")";
    }

    @Override
    public String toString() {
        return label();
    }
}
