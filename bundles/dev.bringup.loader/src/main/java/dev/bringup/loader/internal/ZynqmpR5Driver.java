package dev.bringup.loader.internal;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.jdt.annotation.Nullable;

import dev.bringup.common.Hex;
import dev.bringup.iommu.Master;
import dev.bringup.iommu.TranslationOwner;
import dev.bringup.loader.LogLine;
import dev.bringup.loader.SocSimulation;
import dev.bringup.model.AddressRange;
import dev.bringup.model.BootStrategy;
import dev.bringup.model.Bus;
import dev.bringup.model.RangeMapping;
import dev.bringup.model.RemoteProcessor;

/**
 * {@code drivers/remoteproc/xlnx_r5_remoteproc.c} ({@code zynqmp_r5_remoteproc}): a Cortex-R5F of
 * the ZynqMP RPU cluster in split mode. Its TCM banks are carveouts {@code atcmN}/{@code btcmN} at
 * the device addresses the cluster's {@code ranges} give (0x0 and 0x20000), cleared when mapped;
 * every {@code memory-region} is a carveout named after its node with {@code da == pa}
 * ({@code vdev0buffer} the vdev's reserved memory). A firmware without a resource table boots:
 * {@code no resource table found.} is information, not an error. The core starts at its low
 * vector (0x0, TCM) or, for a boot address at or above 0xfffc0000, its high vector (OCM).
 */
final class ZynqmpR5Driver extends DtDriver {

    private static final long HIVEC_START = 0xFFFC_0000L;

    /** One TCM bank: its name, device address, physical address and size. */
    private record Tcm(String name, long da, long pa, long size) {
    }

    private final List<Tcm> tcms = new ArrayList<>();

    ZynqmpR5Driver(RemoteProcessor node, BootStrategy strategy) {
        super(node, strategy);
        int core = coreIndex(node);
        String[] names = { "atcm", "btcm" };
        int i = 0;
        for (AddressRange r : node.getReg()) {
            long da = daOf(node.getBus(), r.getAddress());
            tcms.add(new Tcm(names[Math.min(i, 1)] + core + (i > 1 ? "_" + i : ""), da < 0 ? (i == 0 ? 0 : 0x20000) : da,
                    r.getAddress(), r.getSize()));
            i++;
        }
    }

    /** The position of this core among the cluster's R5F cores. */
    private static int coreIndex(RemoteProcessor node) {
        int n = 0;
        if (node.eContainer() instanceof dev.bringup.model.Soc soc) {
            String path = node.getPath() == null ? "" : node.getPath();
            String parent = path.contains("/") ? path.substring(0, path.lastIndexOf('/')) : "";
            for (RemoteProcessor rp : soc.remoteProcessors()) {
                if (rp == node) {
                    return n;
                }
                String p = rp.getPath() == null ? "" : rp.getPath();
                if (p.startsWith(parent + "/") && "zynqmp_r5_remoteproc".equals(rp.getDriver())) {
                    n++;
                }
            }
        }
        return n;
    }

    /** The child-bus address of CPU address {@code cpu} through the enclosing bus's ranges (low 32 bits), or -1. */
    private static long daOf(@Nullable Bus bus, long cpu) {
        if (bus == null) {
            return -1;
        }
        for (RangeMapping m : bus.getRanges()) {
            if (Long.compareUnsigned(cpu - m.getParentAddress(), m.getSize()) < 0) {
                return (m.getChildAddress() + (cpu - m.getParentAddress())) & 0xFFFF_FFFFL;
            }
        }
        return -1;
    }

    @Override
    SocSimulation.Setup setup(dev.bringup.iommu.@Nullable AddressRange firmwareWindow) {
        List<Master.DmaRange> windows = new ArrayList<>();
        for (Tcm t : tcms) {
            windows.add(new Master.DmaRange(t.da(), t.pa(), t.size()));
        }
        return new SocSimulation.Setup(strategy, firmwareWindow, windows, true, false, TranslationOwner.HOST, -1);
    }

    @Override
    public String driverName() {
        return "platform";
    }

    @Override
    public void prepare(Rproc r) throws StepFailure {
        Kernel k = r.kernel();
        for (Tcm t : tcms) {
            MemEntry m = new MemEntry(t.name(), -1, -1, t.size(), t.da(), (rp, e) -> {
                ioremap(rp, e, t.pa());
                zero(rp, e, t.name() + " cleared (tcm_mem_map)");
            }, null, "internal memory");
            r.addCarveout(m);
            k.note("TCM " + t.name() + ": pa " + Hex.of(t.pa()) + " at da " + Hex.of(t.da()) + ", " + Hex.of(t.size())
                    + " bytes");
        }
        registerMemoryRegions(r, false);
    }

    @Override
    long paToDa(long pa) {
        return pa;
    }

    @Override
    public void parseFw(Rproc r, FirmwareImage fw) throws StepFailure {
        optionalTable(r, fw, LogLine.INFO, "no resource table found.");
    }

    @Override
    public long resetAddress(Rproc r) {
        return r.bootaddr() >= HIVEC_START ? 0xFFFF_0000L : 0;
    }

    @Override
    public void start(Rproc r) throws StepFailure {
        boolean hivec = r.bootaddr() >= HIVEC_START;
        r.kernel().note("RPU boot addr " + Hex.of(r.bootaddr()) + " from " + (hivec ? "OCM" : "TCM") + ": the core starts at "
                + (hivec ? "0xffff0000 (HIVEC)" : "0x0 (LOVEC)"));
    }

    @Override
    public List<String> notes(Rproc r) {
        return List.of("zynqmp_r5_remoteproc in split mode: TCM banks " + tcms.stream().map(t -> t.name() + " da "
                + Hex.of(t.da())).toList());
    }

    /** The TCM ranges, for tests. */
    List<dev.bringup.iommu.AddressRange> tcmRanges() {
        return tcms.stream().map(t -> new dev.bringup.iommu.AddressRange(t.pa(), t.size())).toList();
    }
}
