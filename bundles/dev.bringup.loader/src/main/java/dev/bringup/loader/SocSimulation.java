package dev.bringup.loader;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.eclipse.jdt.annotation.Nullable;

import dev.bringup.common.Diagnostic;
import dev.bringup.common.FormatException;
import dev.bringup.common.Hex;
import dev.bringup.common.Location;
import dev.bringup.iommu.AddressRange;
import dev.bringup.iommu.ArmSmmu;
import dev.bringup.iommu.DomainType;
import dev.bringup.iommu.IommuException;
import dev.bringup.iommu.IommuMapEntry;
import dev.bringup.iommu.Master;
import dev.bringup.iommu.MemoryRegion;
import dev.bringup.iommu.MtkIommu;
import dev.bringup.iommu.PageTableFormat;
import dev.bringup.iommu.PhysicalMemory;
import dev.bringup.iommu.ReservedMemoryNode;
import dev.bringup.iommu.ReservedRegion;
import dev.bringup.iommu.Simulation;
import dev.bringup.iommu.TranslationOwner;
import dev.bringup.model.Iommu;
import dev.bringup.model.IommuAddress;
import dev.bringup.model.IommuKind;
import dev.bringup.model.IommuReference;
import dev.bringup.model.RemoteProcessor;
import dev.bringup.model.ReservedMemory;
import dev.bringup.model.Soc;
import dev.bringup.model.SocElement;

/**
 * The one place where the domain model becomes a simulation: a {@link Soc} (as imported from its
 * devicetree) and the processor to boot become a {@link Simulation} with the SoC's memory,
 * reserved memory, IOMMUs and DMA masters, each named as Linux names the device
 * ({@code dev_name()}).
 * <ul>
 * <li>Memory: DRAM from the {@code /memory} nodes; SRAM for static reserved-memory nodes outside
 * DRAM, the processor's own {@code reg} ranges and the driver's internal memories.</li>
 * <li>Reserved memory: every child of {@code /reserved-memory} ({@code reg} or
 * {@code size}/{@code alignment}/{@code alloc-ranges}, {@code no-map}, {@code reusable},
 * {@code shared-dma-pool}).</li>
 * <li>IOMMUs: those the processor is behind and their other masters (group membership decides
 * what a boot may do). Arm SMMU: LPAE stage 1, 4K granule, 128 context banks. MediaTek M4U: its
 * banks and IOVA regions. The OMAP IOMMU (one per processor, no DMA ops on its masters) is
 * simulated by an SMMU whose default domains are identity domains: the same group and domain
 * semantics; the page-table format and the fault message text are the SMMU's.</li>
 * <li>Masters: {@code iommus} specifiers (stream ID and mask; MediaTek larb and port),
 * {@code iommu-map} functions (one master per function ID), {@code iommu-addresses} reserved
 * regions, the processor's {@code dma-ranges} view.</li>
 * </ul>
 * What a boot strategy changes in the SoC (a bank or IOVA region of the processor's own, a
 * reserved region with {@code iommu-addresses}) and what the processor's driver adds (internal
 * memories, the memory pool it assigns, the owner of its translation) come in a {@link Setup}.
 */
public final class SocSimulation {

    /**
     * What the processor's driver and the boot strategy add to the SoC.
     *
     * @param strategy the boot strategy
     * @param firmwareWindow the device addresses the firmware needs fixed (for
     *        {@link dev.bringup.model.BootStrategy#DEDICATED_IOVA_REGION} and
     *        {@link dev.bringup.model.BootStrategy#RESERVED_REGION}), or null
     * @param internalMemories memories of the processor itself (TCM, internal RAM): physical ranges
     *        to back, as {@code da -> pa} windows of its view
     * @param viewAddsDram whether the processor also sees DRAM 1:1 (besides its internal memories)
     * @param assignPool whether the driver assigns {@code memory-region} 0 to the device
     *        ({@code of_reserved_mem_device_init()}), so that its DMA API allocates from it
     * @param owner who programs the processor's IOMMU translation
     * @param ownerStreamId the stream ID the owner uses for a processor the devicetree gives no
     *        {@code iommus} (the hypervisor's), or -1
     */
    public record Setup(dev.bringup.model.BootStrategy strategy, @Nullable AddressRange firmwareWindow,
            List<Master.DmaRange> internalMemories, boolean viewAddsDram, boolean assignPool, TranslationOwner owner,
            int ownerStreamId) {

        public Setup {
            Objects.requireNonNull(strategy);
            internalMemories = List.copyOf(internalMemories);
            Objects.requireNonNull(owner);
        }

        /** A setup that changes nothing. */
        public static Setup plain(dev.bringup.model.BootStrategy strategy) {
            return new Setup(strategy, null, List.of(), false, false, TranslationOwner.HOST, -1);
        }
    }

    private static final long SZ_4G = 1L << 32;

    private final Soc soc;
    private final Simulation sim;
    private final Map<SocElement, Master> masters = new IdentityHashMap<>();
    private final Map<Iommu, dev.bringup.iommu.Iommu> iommus = new IdentityHashMap<>();
    private final List<Diagnostic> diagnostics;
    private final @Nullable ReservedMemoryNode windowNode;
    private final Setup setup;

    private SocSimulation(Soc soc, Simulation sim, List<Diagnostic> diagnostics, @Nullable ReservedMemoryNode windowNode,
            boolean windowAdded, Setup setup) {
        this.soc = soc;
        this.sim = sim;
        this.diagnostics = diagnostics;
        this.windowNode = windowNode;
        this.windowAdded = windowAdded;
        this.setup = setup;
    }

    private final boolean windowAdded;

    /** A reserved-memory region of {@code target} whose iommu-addresses map {@code fw} 1:1, as a node; null when none does. */
    private static @Nullable ReservedMemoryNode directRegion(RemoteProcessor target, AddressRange fw) {
        for (ReservedMemory rm : target.getMemoryRegions()) {
            if (rm.getReg().isEmpty()) {
                continue;
            }
            dev.bringup.model.AddressRange r = rm.getReg().get(0);
            for (IommuAddress ia : rm.getIommuAddresses()) {
                if (ia.getDevice() == target && ia.isDirect() && r.getAddress() <= fw.base()
                        && r.getAddress() + r.getSize() >= fw.end()) {
                    return ReservedMemoryNode.fixed(rm.getName(), r.getAddress(), r.getSize()).withNoMap();
                }
            }
        }
        return null;
    }

    /**
     * Builds the simulation of {@code soc} for booting {@code target}.
     *
     * @throws FormatException when the processor cannot be set up (its IOMMU refuses it, its
     *         devicetree is unusable)
     */
    public static SocSimulation build(Soc soc, RemoteProcessor target, Setup setup) throws FormatException {
        List<Diagnostic> diags = new ArrayList<>();
        List<AddressRange> dram = new ArrayList<>();
        for (dev.bringup.model.MemoryRegion m : soc.getMemory()) {
            if (!m.isEnabled()) {
                continue;
            }
            for (dev.bringup.model.AddressRange r : m.getReg()) {
                if (r.getSize() > 0 && r.getAddress() >= 0 && r.getAddress() + r.getSize() <= 1L << 48) {
                    dram.add(new AddressRange(r.getAddress(), r.getSize()));
                }
            }
        }
        dram = merge(dram);
        if (dram.isEmpty()) {
            AddressRange guess = guessDram(soc);
            diags.add(Diagnostic.warning("SIM_NO_DRAM", "the devicetree gives no /memory with a size (the boot loader fills"
                    + " it in); the simulation assumes DRAM at " + guess, Location.NOWHERE,
                    "give /memory a reg with the board's DRAM"));
            dram.add(guess);
        }
        ReservedMemoryNode window = null;
        ReservedMemoryNode existing = null;
        AddressRange fw = setup.firmwareWindow();
        if (setup.strategy() == dev.bringup.model.BootStrategy.RESERVED_REGION && fw != null) {
            existing = directRegion(target, fw);
            window = existing != null ? null : ReservedMemoryNode.fixed(baseName(target.getName()) + "-fw@"
                    + Long.toHexString(fw.base()), fw.base(), fw.size()).withNoMap();
        }
        List<AddressRange> sram = new ArrayList<>();
        for (ReservedMemory rm : soc.getReservedMemory()) {
            if (!rm.getReg().isEmpty() && rm.getReg().get(0).getSize() > 0) {
                sram.add(new AddressRange(rm.getReg().get(0).getAddress(), rm.getReg().get(0).getSize()));
            }
        }
        for (dev.bringup.model.AddressRange r : target.getReg()) {
            if (r.getSize() > 0 && r.getAddress() + r.getSize() <= 1L << 48) {
                sram.add(new AddressRange(r.getAddress(), r.getSize()));
            }
        }
        for (Master.DmaRange w : setup.internalMemories()) {
            sram.add(new AddressRange(w.cpuAddress(), w.size()));
        }
        if (window != null) {
            sram.add(new AddressRange(window.base(), window.size()));
        }
        PhysicalMemory.Builder mem = PhysicalMemory.builder();
        int n = 0;
        for (AddressRange d : dram) {
            mem.region("dram" + (n++ == 0 ? "" : Integer.toString(n - 1)), d.base(), d.size(), MemoryRegion.Kind.DRAM);
        }
        n = 0;
        for (AddressRange s : subtract(merge(sram), dram)) {
            mem.region("sram@" + Long.toHexString(s.base()), s.base(), s.size(), MemoryRegion.Kind.SRAM);
            n++;
        }
        List<ReservedMemoryNode> nodes = new ArrayList<>();
        for (ReservedMemory rm : soc.getReservedMemory()) {
            ReservedMemoryNode node = node(rm, diags);
            if (node != null) {
                nodes.add(node);
            }
        }
        if (window != null) {
            nodes.add(window);
        }
        ReservedMemoryNode kernel = kernelImage(dram.get(0), nodes);
        if (kernel != null) {
            nodes.add(kernel);
        }
        Simulation sim = Simulation.create(mem.build(), nodes);
        diags.addAll(sim.diagnostics());
        SocSimulation s = new SocSimulation(soc, sim, diags, window != null ? window : existing, window != null, setup);
        s.addIommusAndMasters(target);
        return s;
    }

    // ------------------------------------------------------------------ memory

    /** The kernel's own image and early allocations, which no DMA allocation gets: the first 32 MiB of DRAM. */
    static final long KERNEL_IMAGE = 0x200_0000L;

    /**
     * Linux itself at the start of DRAM ({@code memblock_reserve()} of the image), so that
     * allocations from system RAM land where they would on a board, not at its first byte; left
     * out when the devicetree reserves anything there already.
     */
    private static @Nullable ReservedMemoryNode kernelImage(AddressRange dram, List<ReservedMemoryNode> nodes) {
        long size = Math.min(KERNEL_IMAGE, dram.size() / 8);
        for (ReservedMemoryNode n : nodes) {
            if (n.isStatic() && n.base() < dram.base() + size && dram.base() < n.base() + n.size()) {
                return null;
            }
        }
        return ReservedMemoryNode.fixed("linux,kernel-image", dram.base(), size);
    }

    private static AddressRange guessDram(Soc soc) {
        long lo = Long.MAX_VALUE;
        long hi = 0;
        for (ReservedMemory rm : soc.getReservedMemory()) {
            for (dev.bringup.model.AddressRange r : rm.getReg()) {
                lo = Math.min(lo, r.getAddress());
                hi = Math.max(hi, r.getAddress() + r.getSize());
            }
        }
        if (lo == Long.MAX_VALUE) {
            return new AddressRange(0x8000_0000L, 0x8000_0000L);
        }
        long gib = 1L << 30;
        long base = lo & -gib;
        long end = (hi + gib - 1) & -gib;
        return new AddressRange(base, Math.max(gib, end - base));
    }

    private static List<AddressRange> merge(List<AddressRange> ranges) {
        List<AddressRange> sorted = new ArrayList<>(ranges);
        sorted.sort(Comparator.comparingLong(AddressRange::base));
        List<AddressRange> out = new ArrayList<>();
        for (AddressRange r : sorted) {
            if (!out.isEmpty() && out.get(out.size() - 1).end() >= r.base()) {
                AddressRange last = out.remove(out.size() - 1);
                out.add(new AddressRange(last.base(), Math.max(last.end(), r.end()) - last.base()));
            } else {
                out.add(r);
            }
        }
        return out;
    }

    /** {@code ranges} minus {@code holes}. */
    private static List<AddressRange> subtract(List<AddressRange> ranges, List<AddressRange> holes) {
        List<AddressRange> out = new ArrayList<>();
        for (AddressRange r : ranges) {
            List<AddressRange> pieces = new ArrayList<>(List.of(r));
            for (AddressRange h : holes) {
                List<AddressRange> next = new ArrayList<>();
                for (AddressRange p : pieces) {
                    if (!p.overlaps(h.base(), h.size())) {
                        next.add(p);
                        continue;
                    }
                    if (p.base() < h.base()) {
                        next.add(new AddressRange(p.base(), h.base() - p.base()));
                    }
                    if (p.end() > h.end()) {
                        next.add(new AddressRange(h.end(), p.end() - h.end()));
                    }
                }
                pieces = next;
            }
            out.addAll(pieces);
        }
        return out;
    }

    private static @Nullable ReservedMemoryNode node(ReservedMemory rm, List<Diagnostic> diags) {
        if (!rm.isEnabled()) {
            return null;
        }
        String name = rm.getName();
        ReservedMemoryNode node;
        if (!rm.getReg().isEmpty()) {
            dev.bringup.model.AddressRange r = rm.getReg().get(0);
            if (r.getSize() <= 0) {
                diags.add(Diagnostic.warning("SIM_RMEM_EMPTY", "reserved-memory node " + name + " has a reg of size 0; it is"
                        + " left out of the simulation", Location.node(rm.getPath()), "give it a size"));
                return null;
            }
            node = ReservedMemoryNode.fixed(name, r.getAddress(), r.getSize());
        } else if (rm.getSize() > 0) {
            node = ReservedMemoryNode.dynamic(name, rm.getSize());
            if (rm.getAlignment() != 0) {
                if (Long.bitCount(rm.getAlignment()) != 1) {
                    diags.add(Diagnostic.warning("SIM_RMEM_ALIGN", "reserved-memory node " + name + " has alignment "
                            + Hex.of(rm.getAlignment()) + ", not a power of two; it is ignored", Location.node(rm.getPath()),
                            "use a power of two"));
                } else {
                    node = node.withAlignment(rm.getAlignment());
                }
            }
            List<AddressRange> ar = new ArrayList<>();
            for (dev.bringup.model.AddressRange a : rm.getAllocRanges()) {
                if (a.getSize() > 0) {
                    ar.add(new AddressRange(a.getAddress(), a.getSize()));
                }
            }
            node = node.withAllocRanges(ar.toArray(AddressRange[]::new));
        } else {
            diags.add(Diagnostic.warning("SIM_RMEM_EMPTY", "reserved-memory node " + name + " has neither reg nor size; it is"
                    + " left out of the simulation", Location.node(rm.getPath()), "give it a reg or a size"));
            return null;
        }
        if (rm.isNoMap()) {
            node = node.withNoMap();
        }
        if (rm.isReusable()) {
            node = node.withReusable();
        }
        if (rm.isSharedDmaPool()) {
            node = node.withCompatible(ReservedMemoryNode.SHARED_DMA_POOL);
        }
        return node;
    }

    // ------------------------------------------------------------------ IOMMUs and masters

    private void addIommusAndMasters(RemoteProcessor target) throws FormatException {
        List<Iommu> used = new ArrayList<>();
        for (IommuReference ref : target.getIommus()) {
            if (ref.getIommu() != null && !used.contains(ref.getIommu())) {
                used.add(ref.getIommu());
            }
        }
        for (dev.bringup.model.IommuMapEntry e : target.getIommuMap()) {
            if (e.getIommu() != null && !used.contains(e.getIommu())) {
                used.add(e.getIommu());
            }
        }
        // the processor's children (FastRPC compute banks, glink-edge functions) are masters of their own
        String below = target.getPath() + "/";
        for (dev.bringup.model.Master m : soc.getMasters()) {
            if (m.isEnabled() && m.getPath() != null && m.getPath().startsWith(below)) {
                for (IommuReference ref : m.getIommus()) {
                    if (ref.getIommu() != null && !used.contains(ref.getIommu())) {
                        used.add(ref.getIommu());
                    }
                }
                for (dev.bringup.model.IommuMapEntry e : m.getIommuMap()) {
                    if (e.getIommu() != null && !used.contains(e.getIommu())) {
                        used.add(e.getIommu());
                    }
                }
            }
        }
        boolean hypervisorOwned = setup.owner() != TranslationOwner.HOST && target.getIommus().isEmpty()
                && setup.ownerStreamId() >= 0;
        if (hypervisorOwned && used.isEmpty()) {
            for (Iommu i : soc.getIommus()) {
                if (i.isEnabled() && (i.getKind() == IommuKind.ARM_SMMU || i.getKind() == IommuKind.ARM_SMMU_V3)) {
                    used.add(i);
                    break;
                }
            }
        }
        for (Iommu i : used) {
            addIommu(i, target);
        }
        for (dev.bringup.model.Master m : soc.getMasters()) {
            if (!m.isEnabled() && m != target) {
                continue;
            }
            boolean isTarget = m == target;
            boolean behindUsed = m.getIommus().stream().anyMatch(r -> r.getIommu() != null && iommus.containsKey(r.getIommu()))
                    || m.getIommuMap().stream().anyMatch(e -> e.getIommu() != null && iommus.containsKey(e.getIommu()));
            if (!isTarget && !behindUsed) {
                continue;
            }
            try {
                addMaster(m, isTarget, hypervisorOwned);
            } catch (IommuException e) {
                if (isTarget) {
                    throw new FormatException(deviceName(m) + " cannot be set up behind its IOMMU: " + e.reason(),
                            Location.node(m.getPath()), e.fix());
                }
                diagnostics.add(Diagnostic.warning("SIM_MASTER", deviceName(m) + " left out of the simulation: " + e.describe(),
                        Location.node(m.getPath()), null));
            }
        }
    }

    private void addIommu(Iommu i, RemoteProcessor target) {
        String name = deviceName(i);
        switch (i.getKind()) {
        case MTK_IOMMU -> {
            int banks = Math.max(1, i.getBanks().size());
            if (setup.strategy() == dev.bringup.model.BootStrategy.DEDICATED_BANK && targetBehind(target, i)) {
                banks++;
            }
            MtkIommu.Config c = MtkIommu.config(name).banks(Math.min(5, banks));
            boolean added = false;
            for (dev.bringup.model.IovaRegion r : i.getIovaRegions()) {
                if (r.getSize() > 0) {
                    c.iovaRegion(r.getIova(), r.getSize());
                    added = true;
                }
            }
            AddressRange fw = setup.firmwareWindow();
            if (setup.strategy() == dev.bringup.model.BootStrategy.DEDICATED_IOVA_REGION && fw != null
                    && targetBehind(target, i)) {
                if (!added) {
                    c.iovaRegion(0, SZ_4G);
                }
                c.iovaRegion(fw.base(), fw.size());
            }
            iommus.put(i, sim.addMtkIommu(c));
        }
        case OMAP_IOMMU -> iommus.put(i, sim.addArmSmmu(ArmSmmu.config(name).defaultDomainType(DomainType.IDENTITY)
                .format(PageTableFormat.lpaeStage1(4096, 32, 40)).contextBanks(1)));
        default -> iommus.put(i, sim.addArmSmmu(ArmSmmu.config(name).contextBanks(128)));
        }
    }

    private static boolean targetBehind(RemoteProcessor target, Iommu i) {
        return target.getIommus().stream().anyMatch(r -> r.getIommu() == i);
    }

    private void addMaster(dev.bringup.model.Master m, boolean isTarget, boolean hypervisorOwned) throws IommuException {
        String name = deviceName(m);
        if (!m.getIommuMap().isEmpty() && m.getIommus().isEmpty()) {
            addFunctions(m, name);
            return;
        }
        Master.Builder b = Master.builder(name);
        boolean behind = false;
        boolean portSet = false;
        for (IommuReference ref : m.getIommus()) {
            dev.bringup.iommu.Iommu io = ref.getIommu() == null ? null : iommus.get(ref.getIommu());
            if (io == null) {
                continue;
            }
            b.iommu(io);
            behind = true;
            if (io instanceof MtkIommu mtk) {
                if (!portSet) {
                    b.mtkPort(ref.larbId(), ref.port());
                    portSet = true;
                    if (isTarget && setup.strategy() == dev.bringup.model.BootStrategy.DEDICATED_BANK) {
                        b.mtkBank(mtk.bankCount() - 1);
                    }
                    if (isTarget && setup.strategy() == dev.bringup.model.BootStrategy.DEDICATED_IOVA_REGION
                            && mtk.iovaRegions().size() > 1) {
                        b.mtkRegion(mtk.iovaRegions().size() - 1);
                    }
                }
            } else if (ref.getIommu().getKind() == IommuKind.OMAP_IOMMU) {
                b.streamId(0);
            } else {
                b.streamId((int) ref.getSid(), (int) ref.getMask());
            }
        }
        if (isTarget && hypervisorOwned) {
            for (dev.bringup.iommu.Iommu io : iommus.values()) {
                if (io instanceof ArmSmmu) {
                    b.iommu(io).streamId(setup.ownerStreamId());
                    behind = true;
                    break;
                }
            }
        }
        if (isTarget) {
            b.owner(setup.owner());
            if (setup.assignPool() && !m.getMemoryRegions().isEmpty()) {
                ReservedMemory rm = m.getMemoryRegions().get(0);
                if (rm.isSharedDmaPool() && rm.isReusable()) {
                    b.cma(rm.getName());
                } else if (rm.isSharedDmaPool()) {
                    b.coherentPool(rm.getName());
                }
            }
        }
        if (!behind) {
            for (dev.bringup.model.AddressWindow w : m.getAddressView()) {
                b.dmaRange(w.getDa(), w.getPa(), w.getSize());
            }
            if (isTarget) {
                for (Master.DmaRange w : setup.internalMemories()) {
                    b.dmaRange(w.busAddress(), w.cpuAddress(), w.size());
                }
                if (setup.viewAddsDram()) {
                    for (MemoryRegion r : sim.memory().regions()) {
                        if (r.kind() == MemoryRegion.Kind.DRAM) {
                            b.dmaRange(r.base(), r.base(), r.size());
                        }
                    }
                }
            }
        }
        for (ReservedMemory rm : soc.getReservedMemory()) {
            for (IommuAddress ia : rm.getIommuAddresses()) {
                if (ia.getDevice() != m) {
                    continue;
                }
                dev.bringup.iommu.ReservedMemory.Reservation at = sim.reservedMemory().find(rm.getName());
                if (at != null) {
                    b.reservedRegion(ReservedRegion.fromIommuAddresses(rm.getName(), at.base(), at.size(), ia.getIova(),
                            ia.getSize(), false));
                }
            }
        }
        ReservedMemoryNode w = windowNode;
        if (isTarget && w != null && windowAdded) {
            b.reservedRegion(ReservedRegion.fromIommuAddresses(w.name(), w.base(), w.size(), w.base(), w.size(), false));
        }
        masters.put(m, sim.addMaster(b));
    }

    /** A bus node with {@code iommu-map}: one master per function (requester) ID the map translates. */
    private void addFunctions(dev.bringup.model.Master m, String name) throws IommuException {
        List<IommuMapEntry> map = new ArrayList<>();
        dev.bringup.iommu.Iommu io = null;
        for (dev.bringup.model.IommuMapEntry e : m.getIommuMap()) {
            dev.bringup.iommu.Iommu i = e.getIommu() == null ? null : iommus.get(e.getIommu());
            if (i != null) {
                io = i;
                map.add(new IommuMapEntry((int) e.getRidBase(), (int) e.getSidBase(), (int) e.getLength()));
            }
        }
        if (io == null) {
            return;
        }
        // the model keeps 0 for an absent iommu-map-mask; an explicit 0 would collapse every function to ID 0,
        // which no devicetree means: both read as "no mask"
        int mask = m.getIommuMapMask() == 0 ? -1 : (int) m.getIommuMapMask();
        Master first = null;
        for (IommuMapEntry e : map) {
            for (int rid = e.ridBase(); rid < e.ridBase() + Math.min(e.length(), 64); rid++) {
                Master f = sim.addMaster(Master.builder(name + ":session@" + rid).iommu(io).iommuMap(map, mask, rid));
                if (first == null) {
                    first = f;
                }
            }
        }
        if (first != null) {
            masters.put(m, first);
        }
    }

    // ------------------------------------------------------------------ names and lookups

    /** The node name without its unit address: {@code m4} for {@code m4@10000000}. */
    static String baseName(String nodeName) {
        int at = nodeName.indexOf('@');
        return at < 0 ? nodeName : nodeName.substring(0, at);
    }

    /**
     * {@code dev_name()} of the platform device Linux creates for {@code e}, as
     * {@code of_device_make_bus_id()} builds it: {@code 10000000.m4} from its translated
     * {@code reg}, or the node names up to the first ancestor with one ({@code ocp:dsp}).
     */
    public String deviceName(SocElement e) {
        String full = Objects.requireNonNullElse(e.getName(), "?");
        String name = baseName(full);
        if (!e.getReg().isEmpty() && e.getReg().get(0).getSize() > 0) {
            return Long.toHexString(e.getReg().get(0).getAddress()) + "." + name;
        }
        if (!e.getReg().isEmpty()) {
            name = full; // a reg that is no memory-mapped address: of_device_make_bus_id() keeps the full node name
        }
        String path = e.getPath() == null ? "" : e.getPath();
        String out = name;
        int slash = path.lastIndexOf('/');
        while (slash > 0) {
            path = path.substring(0, slash);
            SocElement parent = soc.findElement(path);
            String pname = baseName(path.substring(path.lastIndexOf('/') + 1));
            if (parent != null && !parent.getReg().isEmpty() && parent.getReg().get(0).getSize() > 0) {
                return Long.toHexString(parent.getReg().get(0).getAddress()) + "." + pname + ":" + out;
            }
            out = pname + ":" + out;
            slash = path.lastIndexOf('/');
        }
        return out;
    }

    /** {@code rmem->name}: the reserved-memory node's name with its unit address. */
    public String reservedName(ReservedMemory rm) {
        return Objects.requireNonNullElse(rm.getName(), "?");
    }

    /** Where reserved-memory node {@code rm} ended up (dynamic nodes are placed by the simulation), or null. */
    public dev.bringup.iommu.ReservedMemory.@Nullable Reservation placement(ReservedMemory rm) {
        return sim.reservedMemory().find(reservedName(rm));
    }

    /**
     * The 1:1 reserved region of a {@link dev.bringup.model.BootStrategy#RESERVED_REGION} boot: the
     * processor's own when its devicetree has one covering the firmware, else the one the strategy
     * added; null for other strategies.
     */
    public @Nullable ReservedMemoryNode windowNode() {
        return windowNode;
    }

    /** The setup the simulation was built with. */
    public Setup setup() {
        return setup;
    }

    public Soc soc() {
        return soc;
    }

    public Simulation simulation() {
        return sim;
    }

    /** The simulated device of a model master (the first function of an {@code iommu-map} bus), or null. */
    public @Nullable Master master(SocElement m) {
        return masters.get(m);
    }

    /** The simulated IOMMU of a model IOMMU, or null when the boot does not involve it. */
    public dev.bringup.iommu.@Nullable Iommu iommu(Iommu i) {
        return iommus.get(i);
    }

    /** A simulated master by {@code dev_name}, devicetree label or path (an iommu-map function by its own name). */
    public @Nullable Master masterNamed(String name) {
        Master byName = sim.master(name);
        if (byName != null) {
            return byName;
        }
        for (Map.Entry<SocElement, Master> e : new LinkedHashMap<>(masters).entrySet()) {
            SocElement el = e.getKey();
            if (name.equals(el.getPath()) || el.getLabels().contains(name) || name.equals(el.getName())) {
                return e.getValue();
            }
        }
        return null;
    }

    /** Problems met while building (reserved memory, masters left out, assumptions). */
    public List<Diagnostic> diagnostics() {
        return List.copyOf(diagnostics);
    }
}
