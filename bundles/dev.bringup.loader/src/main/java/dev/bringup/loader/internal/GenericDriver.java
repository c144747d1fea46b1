package dev.bringup.loader.internal;

import java.util.List;

import org.eclipse.jdt.annotation.Nullable;

import dev.bringup.iommu.AddressRange;
import dev.bringup.loader.SocSimulation;
import dev.bringup.model.BootStrategy;
import dev.bringup.model.RemoteProcessor;

/**
 * The devicetree-generic model for processors whose own driver the workbench does not simulate
 * (i.MX, TI K3, MediaTek SCP, ...): what those drivers have in common. {@code memory-region} nodes
 * become carveouts named after them (device addresses from {@code dma-ranges}), {@code vdev0buffer}
 * the vdev's reserved memory; the core's domain when the node has {@code iommus}; a firmware
 * without a resource table boots with a warning. Every boot says that the driver is modelled
 * generically.
 */
final class GenericDriver extends MemoryRegionDriver {

    GenericDriver(RemoteProcessor node, BootStrategy strategy) {
        super(node, strategy);
    }

    @Override
    SocSimulation.Setup setup(@Nullable AddressRange firmwareWindow) {
        return hostSetup(firmwareWindow, false);
    }

    @Override
    public String driverName() {
        String d = node.getDriver();
        return d == null || d.isEmpty() ? "platform" : d.replace('_', '-');
    }

    @Override
    public boolean hasIommu(Rproc r) {
        return dtIommus();
    }

    @Override
    public List<String> notes(Rproc r) {
        return List.of("no simulated model of " + (node.getDriver() == null ? "its driver" : node.getDriver())
                + ": booted by the generic devicetree driver (memory-region carveouts, ELF, optional resource table)");
    }
}
