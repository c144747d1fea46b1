package dev.bringup.loader.internal;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.jdt.annotation.Nullable;

import dev.bringup.common.FormatException;
import dev.bringup.common.Hex;
import dev.bringup.firmware.ElfFile;
import dev.bringup.firmware.ElfProgramHeader;
import dev.bringup.firmware.ElfSection;
import dev.bringup.iommu.AddressRange;
import dev.bringup.iommu.ContiguousAllocator;
import dev.bringup.iommu.DmaApi;
import dev.bringup.iommu.IommuDomain;
import dev.bringup.iommu.IommuException;
import dev.bringup.iommu.Master;
import dev.bringup.loader.SocSimulation;
import dev.bringup.model.BootStrategy;
import dev.bringup.model.RemoteProcessor;
import dev.bringup.model.ReservedMemory;

/**
 * The MediaTek APU driver of seeds 000/001 (out of tree): a processor whose firmware is fixed at
 * device addresses it cannot change, behind the M4U. How it gets there depends on the strategy,
 * each the way that approach would be written:
 * <ul>
 * <li>{@code linux-default}, {@code unmanaged-domain}: {@code rproc->has_iommu}; the core
 * allocates an unmanaged domain, attaches it, and allocates and maps the carveouts itself.</li>
 * <li>{@code platform-domain}: the driver hands the core the device's default DMA domain
 * ({@code iommu_get_domain_for_dev}); the core allocates with {@code dma_alloc_coherent} and maps
 * into it.</li>
 * <li>{@code dma-api}: no domain; the core's {@code dma_alloc_coherent} chooses the addresses.</li>
 * <li>{@code driver-iommu-api}: the driver registers every fixed-address carveout and vring
 * itself, takes physical memory from its CMA pool and maps it with {@code iommu_map()} into the
 * default DMA domain, the only domain it has.</li>
 * <li>{@code dma-fixed-iova}: the same, allocating with the proposed fixed-address DMA call.</li>
 * <li>{@code dedicated-bank}, {@code dedicated-iova-region}: the device has a group of its own;
 * the core's unmanaged domain is attached and the driver maps its CMA memory into it.</li>
 * <li>{@code reserved-region}: a reserved region with {@code iommu-addresses} (IOVA == PA) is
 * mapped 1:1 before attach; the driver places the carveouts inside it.</li>
 * </ul>
 * A vring that lies inside a carveout is placed in that carveout's memory (not allocated twice).
 */
final class MtkApuDriver extends DtDriver {

    private enum Placement {
        CORE,
        CMA_DRIVER_MAPS_DEFAULT,
        FIXED_IOVA,
        CMA_MAPS_CORE_DOMAIN,
        WINDOW
    }

    private final Placement placement;

    MtkApuDriver(RemoteProcessor node, BootStrategy strategy) {
        super(node, strategy);
        this.placement = switch (strategy) {
            case DRIVER_IOMMU_API -> Placement.CMA_DRIVER_MAPS_DEFAULT;
            case DMA_FIXED_IOVA -> Placement.FIXED_IOVA;
            case DEDICATED_BANK, DEDICATED_IOVA_REGION -> Placement.CMA_MAPS_CORE_DOMAIN;
            case RESERVED_REGION -> Placement.WINDOW;
            default -> Placement.CORE;
        };
    }

    @Override
    SocSimulation.Setup setup(@Nullable AddressRange firmwareWindow) {
        return hostSetup(firmwareWindow, false);
    }

    @Override
    public String driverName() {
        return "mtk-apu";
    }

    @Override
    public boolean hasIommu(Rproc r) {
        return switch (strategy) {
            case LINUX_DEFAULT, UNMANAGED_DOMAIN, DEDICATED_BANK, DEDICATED_IOVA_REGION -> true;
            default -> false;
        };
    }

    @Override
    public void probe(Rproc r) throws StepFailure {
        Master m = r.master();
        if (strategy == BootStrategy.PLATFORM_DOMAIN && m != null) {
            IommuDomain d = r.kernel().sim().api().getDomainForDev(m);
            r.setDomain(d);
            r.kernel().note("mtk-apu hands the core " + (d == null ? "no domain" : d.label()) + ", the default domain of "
                    + (m.group() == null ? "no group" : m.group().describe()));
        }
    }

    @Override
    public void parseFw(Rproc r, FirmwareImage fw) throws StepFailure {
        ElfLoader.loadRscTable(r, fw);
        if (placement == Placement.CORE) {
            return;
        }
        byte[] t = r.cachedTable();
        if (t == null) {
            return;
        }
        List<MemEntry> mine = new ArrayList<>();
        int vdevIndex = 0;
        long num = RscTable.u32(t, 4);
        for (int i = 0; i < num && RscTable.inside(t, RscTable.HEADER + 4L * i, 4); i++) {
            int off = (int) RscTable.u32(t, RscTable.HEADER + 4 * i);
            if (!RscTable.inside(t, off, 4)) {
                continue;
            }
            long type = RscTable.u32(t, off);
            int at = off + RscTable.HDR;
            if (type == 0 && RscTable.inside(t, at, RscTable.CARVEOUT_SIZE)) {
                long da = RscTable.u32(t, at + RscTable.C_DA);
                if (da == MemEntry.ADDR_ANY) {
                    continue;
                }
                String name = RscTable.name(t, at + RscTable.C_NAME, 32);
                mine.add(register(r, name, da, RscTable.u32(t, at + RscTable.C_LEN), null, "driver"));
            } else if (type == 3 && RscTable.inside(t, at, RscTable.VDEV_SIZE)) {
                int nv = RscTable.u8(t, at + RscTable.V_NUM_OF_VRINGS);
                for (int v = 0; v < nv && v < 2; v++) {
                    int ring = at + RscTable.VDEV_SIZE + v * RscTable.VRING_SIZE;
                    if (!RscTable.inside(t, ring, RscTable.VRING_SIZE)) {
                        break;
                    }
                    long da = RscTable.u32(t, ring + RscTable.R_DA);
                    if (da == MemEntry.ADDR_ANY) {
                        continue;
                    }
                    long len = RscTable.pageAlign(RscTable.vringSize(RscTable.u32(t, ring + RscTable.R_NUM),
                            RscTable.u32(t, ring + RscTable.R_ALIGN)));
                    MemEntry cover = null;
                    for (MemEntry e : mine) {
                        if (e.covers(da, len)) {
                            cover = e;
                        }
                    }
                    mine.add(register(r, "vdev" + vdevIndex + "vring" + v, da, len, cover, "driver (vring)"));
                }
                vdevIndex++;
            }
        }
    }

    /** Registers a carveout the driver allocates itself, at its fixed device address. */
    private MemEntry register(Rproc r, String name, long da, long len, @Nullable MemEntry inside, String source) {
        MemEntry m;
        if (inside != null) {
            m = new MemEntry(name, -1, -1, len, da, (rp, e) -> {
                if (!inside.hasVa()) {
                    throw rp.kernel().fail(-12, e.name + " lies inside " + inside.name + ", which has no memory yet", null);
                }
                e.setMemory(inside.pa + (e.da - inside.da), inside.dma < 0 ? -1 : inside.dma + (e.da - inside.da));
            }, null, source + ", inside " + inside.name);
            r.kernel().note(name + " (da " + Hex.of(da) + ") lies inside " + inside.name + ": the driver places it in that"
                    + " carveout's memory");
        } else {
            m = new MemEntry(name, -1, -1, len, da, this::alloc, this::release, source);
            r.addDumpSegment(da, len);
            r.kernel().note(name + ": registered by mtk-apu at da " + Hex.of(da) + ", " + Hex.of(len) + " bytes ("
                    + describe() + ")");
        }
        r.addCarveout(m);
        return m;
    }

    private String describe() {
        return switch (placement) {
            case CMA_DRIVER_MAPS_DEFAULT -> "CMA memory the driver maps into the default DMA domain";
            case FIXED_IOVA -> "allocated at its device address by the fixed-IOVA DMA call";
            case CMA_MAPS_CORE_DOMAIN -> "CMA memory mapped into the core's domain";
            case WINDOW -> "inside the 1:1 reserved region";
            case CORE -> "the core";
        };
    }

    private void alloc(Rproc r, MemEntry e) throws StepFailure {
        Kernel k = r.kernel();
        Master m = r.master();
        if (m == null) {
            throw k.fail(-19, r.devName() + " has no DMA device", null);
        }
        try {
            switch (placement) {
            case FIXED_IOVA -> {
                DmaApi.DmaBuffer b = k.sim().experimental().dmaAllocAtFixedDeviceAddress(m, e.da, e.len);
                e.setMemory(b.pa(), b.dmaHandle());
                e.setBuffer(b);
            }
            case WINDOW -> {
                dev.bringup.iommu.ReservedMemoryNode w = k.soc().windowNode();
                if (w == null || Long.compareUnsigned(e.da - w.base(), w.size()) >= 0) {
                    throw k.fail(-12, e.name + " (da " + Hex.of(e.da) + ") is outside the reserved region", null);
                }
                e.setMemory(e.da, e.da);
            }
            default -> {
                long pa = cma(r).allocate(e.len, r.devName() + " " + e.name);
                e.setMemory(pa, pa);
                IommuDomain d = placement == Placement.CMA_MAPS_CORE_DOMAIN ? r.domain()
                        : k.sim().api().getDomainForDev(m);
                if (d == null) {
                    throw k.fail(-19, "no domain to map " + e.name + " into", null);
                }
                try {
                    k.sim().api().map(d, e.da, pa, e.len, RW);
                } catch (IommuException x) {
                    cma(r).free(pa);
                    e.setMemory(-1, -1);
                    throw x;
                }
                if (placement == Placement.CMA_MAPS_CORE_DOMAIN) {
                    r.addMapping(e.da, e.len);
                }
                k.note(e.name + ": pa " + Hex.of(pa) + " mapped at da " + Hex.of(e.da) + " in " + d.label());
            }
            }
        } catch (IommuException x) {
            throw k.fail(x.errno().negated(), e.name + " at da " + Hex.of(e.da) + ": " + x.reason(), x.fix());
        }
    }

    private void release(Rproc r, MemEntry e) {
        Kernel k = r.kernel();
        try {
            if (placement == Placement.FIXED_IOVA) {
                DmaApi.DmaBuffer b = e.buffer();
                if (b != null) {
                    k.sim().experimental().dmaFreeAtFixedDeviceAddress(b);
                }
            } else if (placement == Placement.CMA_DRIVER_MAPS_DEFAULT && e.hasVa()) {
                Master m = r.master();
                IommuDomain d = m == null ? null : k.sim().api().getDomainForDev(m);
                if (d != null) {
                    k.sim().api().unmap(d, e.da, e.len);
                }
                cma(r).free(e.pa);
            } else if (placement == Placement.CMA_MAPS_CORE_DOMAIN && e.hasVa()) {
                cma(r).free(e.pa);
            }
        } catch (IommuException | StepFailure x) {
            k.note("releasing " + e.name + ": " + x.getMessage());
        }
        e.setMemory(-1, -1);
    }

    /** The CMA area of the APU's memory-region (a reusable shared-dma-pool). */
    private ContiguousAllocator cma(Rproc r) throws StepFailure {
        Kernel k = r.kernel();
        for (ReservedMemory rm : node.getMemoryRegions()) {
            ContiguousAllocator a = k.sim().reservedMemory().cma(rm.getName());
            if (a != null) {
                return a;
            }
        }
        throw k.fail(-12, r.devName() + " has no CMA area (a reusable shared-dma-pool in memory-region) to take physical"
                + " memory from", "give the APU a reusable shared-dma-pool memory-region");
    }

    /**
     * The device addresses the firmware needs fixed: the span of its fixed-address carveouts,
     * vrings and PT_LOAD segments, rounded out to 1 MiB; null when it needs none.
     */
    static @Nullable AddressRange firmwareWindow(FirmwareImage fw) {
        ElfFile e = fw.elf();
        if (e == null) {
            return null;
        }
        long lo = Long.MAX_VALUE;
        long hi = 0;
        for (ElfProgramHeader p : e.programHeaders()) {
            if (p.isLoad() && p.p_memsz() > 0) {
                lo = Math.min(lo, p.p_paddr());
                hi = Math.max(hi, p.p_paddr() + p.p_memsz());
            }
        }
        ElfSection s = e.section(dev.bringup.firmware.Firmware.RESOURCE_TABLE_SECTION);
        if (s != null && s.sh_size() >= RscTable.HEADER && s.sh_size() < 1 << 20) {
            try {
                byte[] t = e.read(s.sh_offset(), (int) s.sh_size());
                long num = RscTable.u32(t, 4);
                for (int i = 0; i < num && RscTable.inside(t, RscTable.HEADER + 4L * i, 4); i++) {
                    int off = (int) RscTable.u32(t, RscTable.HEADER + 4 * i);
                    if (RscTable.inside(t, off, 4 + RscTable.CARVEOUT_SIZE) && RscTable.u32(t, off) == 0) {
                        long da = RscTable.u32(t, off + 4 + RscTable.C_DA);
                        if (da != MemEntry.ADDR_ANY) {
                            lo = Math.min(lo, da);
                            hi = Math.max(hi, da + RscTable.u32(t, off + 4 + RscTable.C_LEN));
                        }
                    }
                }
            } catch (FormatException x) {
                // no table to widen the window with
            }
        }
        if (lo == Long.MAX_VALUE || hi <= lo) {
            return null;
        }
        long mib = 1L << 20;
        long base = lo & -mib;
        return new AddressRange(base, ((hi + mib - 1) & -mib) - base);
    }

    @Override
    public void start(Rproc r) throws StepFailure {
        r.kernel().note("boot address register set to " + Hex.of(r.bootaddr()) + "; " + r.name() + " released from reset");
    }

    @Override
    public List<String> notes(Rproc r) {
        return List.of("mtk-apu (out of tree, seeds 000/001), strategy " + strategy.getLiteral() + ": " + describe());
    }
}
