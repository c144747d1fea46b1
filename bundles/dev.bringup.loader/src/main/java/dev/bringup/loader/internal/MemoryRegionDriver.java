package dev.bringup.loader.internal;

import dev.bringup.loader.LogLine;
import dev.bringup.model.BootStrategy;
import dev.bringup.model.RemoteProcessor;

/**
 * The {@code stm32_rproc} way with memory, which the generic devicetree driver follows too:
 * {@code prepare} registers every {@code memory-region} as a carveout named after its node and as
 * a coredump segment ({@code vdev0buffer} as the vdev's reserved memory), and {@code parse_fw}
 * finds the resource table optional: a firmware without one boots with a warning.
 */
abstract class MemoryRegionDriver extends DtDriver {

    MemoryRegionDriver(RemoteProcessor node, BootStrategy strategy) {
        super(node, strategy);
    }

    @Override
    public void prepare(Rproc r) throws StepFailure {
        registerMemoryRegions(r, true);
    }

    @Override
    public void parseFw(Rproc r, FirmwareImage fw) throws StepFailure {
        optionalTable(r, fw, LogLine.WARNING, "no resource table found for this firmware");
    }
}
