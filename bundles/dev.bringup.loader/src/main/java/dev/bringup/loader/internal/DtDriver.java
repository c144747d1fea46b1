package dev.bringup.loader.internal;

import java.util.List;

import org.eclipse.jdt.annotation.Nullable;

import dev.bringup.common.Hex;
import dev.bringup.iommu.AddressRange;
import dev.bringup.iommu.IommuException;
import dev.bringup.iommu.TranslationOwner;
import dev.bringup.loader.LogLine;
import dev.bringup.loader.SocSimulation;
import dev.bringup.model.BootStrategy;
import dev.bringup.model.RemoteProcessor;
import dev.bringup.model.ReservedMemory;

/**
 * What the devicetree-driven remoteproc drivers share: registering the {@code memory-region}
 * nodes as carveouts named after their nodes (the device address from the processor's
 * {@code dma-ranges} view), the reserved-memory node for the vdev buffers, and the ELF helpers.
 */
abstract class DtDriver implements RprocDriver {

    protected final RemoteProcessor node;
    protected final BootStrategy strategy;

    DtDriver(RemoteProcessor node, BootStrategy strategy) {
        this.node = node;
        this.strategy = strategy;
    }

    /** How the SoC changes for this driver and strategy; nothing by default. */
    SocSimulation.Setup setup(@Nullable AddressRange firmwareWindow) {
        return SocSimulation.Setup.plain(strategy);
    }

    /**
     * The setup of a driver that leaves the SoC as the devicetree has it but for the firmware's
     * window (reserved or added to an IOVA region by the strategies that do so), the host owning
     * the translation; with {@code assignPool} the driver assigns {@code memory-region} 0 to the
     * device.
     */
    final SocSimulation.Setup hostSetup(@Nullable AddressRange firmwareWindow, boolean assignPool) {
        return new SocSimulation.Setup(strategy, firmwareWindow, List.of(), false, assignPool, TranslationOwner.HOST, -1);
    }

    /** The name passed to {@code rproc_alloc()}: the device's name unless the driver names it otherwise. */
    @Override
    public String rprocName(Rproc r) {
        return r.devName();
    }

    /** Whether the processor's node has {@code iommus} (drivers that set {@code has_iommu} from it). */
    final boolean dtIommus() {
        return !node.getIommus().isEmpty();
    }

    @Override
    public void sanityCheck(Rproc r, FirmwareImage fw) throws StepFailure {
        ElfLoader.sanityCheck(r, fw);
    }

    @Override
    public long bootAddr(Rproc r, FirmwareImage fw) {
        return ElfLoader.bootAddr(fw);
    }

    @Override
    public void start(Rproc r) throws StepFailure {
        r.kernel().note(r.name() + " released from reset at " + Hex.of(resetAddress(r)));
    }

    @Override
    public void stop(Rproc r) throws StepFailure {
        r.kernel().note(r.name() + " held in reset");
    }

    /** The device address of physical address {@code pa} in the processor's view (its dma-ranges), or -1. */
    long paToDa(long pa) {
        Long da = node.daOf(pa);
        return da == null ? -1 : da;
    }

    /** Where memory-region node {@code rm} is (dynamic nodes as placed), or null. */
    static @Nullable AddressRange placement(Rproc r, ReservedMemory rm) {
        dev.bringup.iommu.ReservedMemory.Reservation at = r.kernel().soc().placement(rm);
        return at == null ? null : at.range();
    }

    /**
     * Registers every {@code memory-region} of the processor as a carveout named after its node
     * ({@code it.node->name}), mapped by the host when the carveouts are allocated; the node called
     * {@code vdev0buffer} instead becomes the vdev's reserved memory. With {@code dump}, each
     * region is also a coredump segment (as stm32_rproc does).
     */
    void registerMemoryRegions(Rproc r, boolean dump) throws StepFailure {
        Kernel k = r.kernel();
        List<ReservedMemory> regions = node.getMemoryRegions();
        for (int i = 0; i < regions.size(); i++) {
            ReservedMemory rm = regions.get(i);
            AddressRange at = placement(r, rm);
            if (at == null) {
                k.printk(LogLine.ERR, r.parentDev(), "unable to acquire memory-region");
                throw k.fail(-22, "memory-region " + i + " (" + rm.getName() + ") has no place in memory (the simulation could"
                        + " not reserve it)", "give the node a reg, or room in its alloc-ranges");
            }
            long da = paToDa(at.base());
            if (da < 0) {
                k.printk(LogLine.ERR, r.parentDev(), "memory region not valid " + Hex.of(at.base(), 16));
                throw k.fail(-22, "memory-region " + rm.getName() + " at pa " + Hex.of(at.base()) + " is outside every"
                        + " dma-ranges window of " + r.devName() + ": the processor cannot see it",
                        "add a dma-ranges entry for it to the processor's bus, or move the region");
            }
            String name = Names.base(rm.getName());
            MemEntry m;
            if (name.equals("vdev0buffer")) {
                m = MemEntry.ofReservedMemory(name, i, at.size(), da);
            } else {
                long pa = at.base();
                m = new MemEntry(name, -1, -1, at.size(), da, (rp, e) -> ioremap(rp, e, pa), null, "memory-region");
                if (dump) {
                    r.addDumpSegment(da, at.size());
                }
            }
            r.addCarveout(m);
            k.note("carveout " + name + ": pa " + Hex.of(at.base()) + " at da " + Hex.of(da) + ", " + Hex.of(at.size())
                    + " bytes (" + rm.getName() + ")");
        }
    }

    /** The alloc callback of a region the host reaches by {@code ioremap()}: its memory is where the node is. */
    static void ioremap(Rproc r, MemEntry m, long pa) throws StepFailure {
        if (!r.kernel().sim().memory().isBacked(pa, m.len)) {
            throw r.kernel().fail(-12, m.name + " at pa " + Hex.of(pa) + " (" + Hex.of(m.len) + " bytes) is not memory in"
                    + " the simulated SoC", "check the memory map");
        }
        m.setMemory(pa, pa);
    }

    /** Clears a region (drivers that zero their internal memories when mapping them). */
    static void zero(Rproc r, MemEntry m, String what) throws StepFailure {
        try {
            r.kernel().hostZero(m.pa, m.len, m.da, what);
        } catch (IommuException e) {
            throw r.kernel().fail(e.errno().negated(), e.reason(), e.fix());
        }
    }

    /** {@code stm32_rproc_parse_fw()}-style: the table is optional; its absence is a warning. */
    static void optionalTable(Rproc r, FirmwareImage fw, int level, String message) throws StepFailure {
        try {
            ElfLoader.loadRscTable(r, fw);
        } catch (StepFailure f) {
            r.kernel().printk(level, r.rprocDev(), message);
            r.setCachedTable(null);
            r.kernel().note("booting without a resource table: no carveouts, no trace, no vdev");
        }
    }
}
