package dev.bringup.loader.internal;

import java.util.List;

import org.eclipse.jdt.annotation.Nullable;

import dev.bringup.iommu.AddressRange;
import dev.bringup.loader.LogLine;
import dev.bringup.loader.SocSimulation;
import dev.bringup.model.BootStrategy;
import dev.bringup.model.RemoteProcessor;
import dev.bringup.model.ReservedMemory;

/**
 * The generic devicetree design of 2011 ({@code omap_remoteproc}): each processor behind an IOMMU
 * of its own ({@code rproc->has_iommu}); its CMA {@code memory-region} assigned to the device, so
 * the core's {@code dma_alloc_coherent()} carveouts are physical memory the core maps at their
 * fixed device addresses through its own unmanaged domain. The OMAP IOMMU driver ignores the
 * {@code prot} of {@code iommu_map()}, so carveout flags of 0 still map readable and writable.
 */
final class OmapDriver extends DtDriver {

    OmapDriver(RemoteProcessor node, BootStrategy strategy) {
        super(node, strategy);
    }

    @Override
    SocSimulation.Setup setup(@Nullable AddressRange firmwareWindow) {
        return hostSetup(firmwareWindow, true);
    }

    @Override
    public String driverName() {
        return "omap-rproc";
    }

    @Override
    public boolean hasIommu(Rproc r) {
        return dtIommus();
    }

    @Override
    public void probe(Rproc r) {
        List<ReservedMemory> regions = node.getMemoryRegions();
        if (!regions.isEmpty() && regions.get(0).isSharedDmaPool()) {
            r.kernel().printk(LogLine.INFO, r.parentDev(), "assigned reserved memory node " + regions.get(0).getName());
        }
    }

    @Override
    public int mapProt(int flags) {
        return RW;
    }

    @Override
    public List<String> notes(Rproc r) {
        return List.of("omap_remoteproc: the OMAP IOMMU is simulated by an SMMU context of its own (same groups and domain"
                + " semantics; LPAE page table instead of OMAP's); omap_iommu_map() ignores prot");
    }
}
