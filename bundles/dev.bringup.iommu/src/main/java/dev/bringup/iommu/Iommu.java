package dev.bringup.iommu;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.jdt.annotation.Nullable;

import dev.bringup.iommu.internal.PageTable;

/**
 * One IOMMU instance of the SoC, as its Linux driver presents it: how it groups masters, which
 * page-table format its domains use, which context a domain occupies, which regions it
 * reserves, and how it reports a fault. The two drivers modelled are {@link ArmSmmu}
 * ({@code arm-smmu}) and {@link MtkIommu} ({@code mtk-iommu}).
 * <p>
 * Page tables live at simulated physical addresses in a table arena (by default outside the
 * SoC's memory map); they are not backed by {@link PhysicalMemory}.
 */
public abstract sealed class Iommu permits ArmSmmu, MtkIommu {

    final Simulation sim;
    private final String name;
    private final PageTableFormat format;
    private final Iotlb iotlb;
    private final DomainType defaultDomainType;
    private final int maxTables;
    private long arenaNext;
    final List<IommuGroup> groups = new ArrayList<>();

    Iommu(Simulation sim, String name, PageTableFormat format, int iotlbEntries, DomainType defaultDomainType,
            long tableArena, int maxTables) {
        if (defaultDomainType != DomainType.DMA && defaultDomainType != DomainType.IDENTITY) {
            throw new IllegalArgumentException("default domains are DMA or IDENTITY, not " + defaultDomainType);
        }
        if ((tableArena & ((1 << 20) - 1)) != 0) {
            throw new IllegalArgumentException("page-table arena of " + name + " must be 1 MiB aligned");
        }
        this.sim = sim;
        this.name = name;
        this.format = format;
        this.iotlb = new Iotlb(iotlbEntries);
        this.defaultDomainType = defaultDomainType;
        this.arenaNext = tableArena;
        this.maxTables = maxTables;
    }

    /** The device name, such as {@code 15000000.iommu}. */
    public String name() {
        return name;
    }

    /** The driver name the kernel prints before the device: {@code arm-smmu}, {@code mtk-iommu}. */
    public abstract String driver();

    /** The page-table format of the domains. */
    public PageTableFormat format() {
        return format;
    }

    public Iotlb iotlb() {
        return iotlb;
    }

    /** The type of the default domains ({@code iommu.passthrough=1} gives IDENTITY). */
    public DomainType defaultDomainType() {
        return defaultDomainType;
    }

    /** The groups, in creation order. */
    public List<IommuGroup> groups() {
        return List.copyOf(groups);
    }

    /** {@code mtk-iommu 10205000.iommu: }, the prefix of the driver's messages. */
    String logPrefix() {
        return driver() + " " + name + ": ";
    }

    /** A new empty page table in the next slot of the table arena. */
    PageTable newPageTable() {
        long granule = format.granule();
        long span = format.isLpae() ? ((long) maxTables + 16) * granule : (1L << (format.ias() - 18)) + 4096L * 1024;
        span = (span + (1 << 20) - 1) & -(1L << 20);
        long base = arenaNext;
        arenaNext += span;
        return PageTable.create(format, base, maxTables);
    }

    /** The group {@code m} joins: an existing one it cannot be isolated from, or a new one. */
    abstract IommuGroup deviceGroup(Master m) throws IommuException;

    /** Called when a domain is allocated (the SMMU takes a context bank and a page table here). */
    abstract void initDomain(IommuDomain d) throws IommuException;

    /** The driver's {@code attach_dev}: checks and binds {@code d} for {@code m}. */
    abstract void attachDev(IommuDomain d, Master m) throws IommuException;

    /** Called when a domain is freed. */
    abstract void releaseDomain(IommuDomain d);

    /** The driver's own reserved regions for {@code m} ({@code get_resv_regions}). */
    abstract List<ReservedRegion> driverResvRegions(Master m);

    /** The domain whose page table the hardware walks for {@code m}, or null when its accesses bypass the IOMMU. */
    abstract @Nullable IommuDomain walkedDomain(Master m);

    /**
     * An access of {@code m} when no domain is set up for it: null when it bypasses the IOMMU
     * (the device address is the physical address), else the fault.
     */
    abstract @Nullable FaultRecord unattachedAccess(Master m, long da, boolean write);

    /** The IOTLB tag of {@code d}'s translations. */
    abstract int tlbContext(IommuDomain d);

    /** Reports a translation or permission fault of {@code m} as the driver's interrupt handler does. */
    abstract FaultRecord contextFault(Master m, IommuDomain walked, long da, boolean write, FaultRecord.Reason reason,
            int level);

    IommuGroup newGroup(String description) {
        IommuGroup g = new IommuGroup(sim.nextGroupId(), this, description);
        groups.add(g);
        return g;
    }

    @Override
    public String toString() {
        return driver() + " " + name;
    }
}
