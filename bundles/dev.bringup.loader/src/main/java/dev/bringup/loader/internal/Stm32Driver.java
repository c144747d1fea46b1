package dev.bringup.loader.internal;

import java.util.List;

import dev.bringup.model.BootStrategy;
import dev.bringup.model.RemoteProcessor;

/**
 * {@code drivers/remoteproc/stm32_rproc.c}: the STM32MP1 Cortex-M4 (and, the same way here, the
 * STM32MP2 Cortex-M33). No IOMMU: the processor sees memory through its bus's {@code dma-ranges}.
 * {@code prepare} registers every {@code memory-region} as a carveout named after its node (its
 * device address from {@code dma-ranges}, a coredump segment each) and {@code vdev0buffer} as the
 * vdev's reserved memory; a firmware without a resource table boots with a warning.
 */
final class Stm32Driver extends MemoryRegionDriver {

    Stm32Driver(RemoteProcessor node, BootStrategy strategy) {
        super(node, strategy);
    }

    @Override
    public String driverName() {
        return "stm32-rproc";
    }

    @Override
    public String rprocName(Rproc r) {
        return Names.base(r.node().getName());
    }

    @Override
    public void start(Rproc r) throws StepFailure {
        r.kernel().note("hold boot released: " + r.name() + " starts from its vector table at "
                + dev.bringup.common.Hex.of(r.bootaddr() & ~1L) + (r.relocation() == 0 ? " (e_entry)" : " (the boot-address register)"));
    }

    @Override
    public List<String> notes(Rproc r) {
        return List.of("stm32_rproc: memory-region carveouts named after their nodes, device addresses from dma-ranges");
    }
}
