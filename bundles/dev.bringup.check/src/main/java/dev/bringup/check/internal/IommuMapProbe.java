package dev.bringup.check.internal;

import org.eclipse.jdt.annotation.Nullable;

import dev.bringup.iommu.ArmSmmu;
import dev.bringup.iommu.IommuApi;
import dev.bringup.iommu.IommuDomain;
import dev.bringup.iommu.IommuException;
import dev.bringup.iommu.IommuProt;
import dev.bringup.iommu.Master;
import dev.bringup.iommu.MemoryRegion;
import dev.bringup.iommu.MtkIommu;
import dev.bringup.iommu.PageTableFormat;
import dev.bringup.iommu.PhysicalMemory;
import dev.bringup.iommu.Simulation;

/**
 * Asks the IOMMU simulation ({@code dev.bringup.iommu}) whether {@code iommu_map(iova, pa, size)}
 * succeeds in an unmanaged domain of a given page-table format: the same pre-checks (alignment
 * to the smallest page of {@code pgsize_bitmap}, input and output address sizes) and the same
 * page-size choice ({@code iommu_pgsize()}) that a boot replay uses. One simulation per probe
 * object: one master alone on an Arm SMMU (LPAE formats) or a MediaTek M4U (v7s), one unmanaged
 * domain attached; each probe maps and unmaps again.
 */
final class IommuMapProbe {

    private final PageTableFormat format;
    private @Nullable IommuApi api;
    private @Nullable IommuDomain domain;
    private @Nullable String setupError;

    IommuMapProbe(PageTableFormat format) {
        this.format = format;
    }

    /** The simulation's format for the model's, or null when the simulation has none. */
    static @Nullable PageTableFormat format(dev.bringup.model.PageTableFormat model, long granule) {
        int g = granule == 0x4000 || granule == 0x10000 ? (int) granule : 0x1000;
        return switch (model) {
            case ARM_LPAE_S1 -> PageTableFormat.lpaeStage1(g, 48, 48);
            case ARM_LPAE_S2 -> PageTableFormat.lpaeStage2(g, 48, 48);
            // the OMAP IOMMU's two-level table has the page sizes of the v7s format: 4K, 64K, 1M, 16M
            case ARM_V7S, OMAP -> PageTableFormat.mediatekV7s(32, 35);
            case UNKNOWN -> null;
        };
    }

    PageTableFormat format() {
        return format;
    }

    private void setUp() {
        try {
            PhysicalMemory memory = PhysicalMemory.builder().region("dram", 0, 1L << 40, MemoryRegion.Kind.DRAM).build();
            Simulation sim = Simulation.create(memory);
            Master.Builder b = Master.builder("rproc");
            if (format.isLpae()) {
                b.iommu(sim.addArmSmmu(ArmSmmu.config("iommu").format(format))).streamId(0);
            } else {
                b.iommu(sim.addMtkIommu(MtkIommu.config("iommu").format(format))).mtkPort(0, 0);
            }
            Master m = sim.addMaster(b);
            IommuApi a = sim.api();
            IommuDomain d = a.domainAlloc(m);
            a.attachDevice(d, m);
            api = a;
            domain = d;
        } catch (IommuException e) {
            setupError = "-" + e.errno().name() + " (" + e.getMessage() + ")";
        }
    }

    /**
     * Maps {@code [iova, iova + size)} to {@code pa} and unmaps it again.
     *
     * @return null when {@code iommu_map} succeeds, else its error ({@code -EINVAL (unaligned: ...)})
     */
    @Nullable String mapError(long iova, long pa, long size) {
        if (api == null && setupError == null) {
            setUp();
        }
        IommuApi a = api;
        IommuDomain d = domain;
        if (a == null || d == null) {
            return setupError;
        }
        try {
            a.map(d, iova, pa, size, IommuProt.RW);
            a.unmap(d, iova, size);
            return null;
        } catch (IommuException e) {
            return "-" + e.errno().name() + " (" + e.getMessage() + ")";
        } catch (IllegalArgumentException e) {
            return "an address or size the IOMMU cannot take (" + e.getMessage() + ")";
        }
    }
}
