package dev.bringup.check.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.eclipse.jdt.annotation.Nullable;

import dev.bringup.check.CheckCode;
import dev.bringup.check.Finding;
import dev.bringup.check.internal.FirmwareItems.Item;
import dev.bringup.check.internal.FirmwareItems.Kind;
import dev.bringup.common.Hex;
import dev.bringup.common.Location;
import dev.bringup.firmware.ElfHeader;
import dev.bringup.firmware.Firmware;
import dev.bringup.iommu.IovaAllocator;
import dev.bringup.model.AddressRange;
import dev.bringup.model.AddressWindow;
import dev.bringup.model.BootMethod;
import dev.bringup.model.Iommu;
import dev.bringup.model.IommuAddress;
import dev.bringup.model.IommuGroup;
import dev.bringup.model.IommuReference;
import dev.bringup.model.IovaRegion;
import dev.bringup.model.Master;
import dev.bringup.model.MemoryRegion;
import dev.bringup.model.RemoteProcessor;
import dev.bringup.model.ReservedMemory;
import dev.bringup.model.Soc;

/**
 * Runs every check of {@link CheckCode} for one processor and one firmware image. The
 * processor's reachable memory ("covers") is computed once: its own {@code reg} and static
 * {@code memory-region}s through its bus view ({@link Master#daOf}), its {@code iommu-addresses},
 * and, when the host programs its IOMMU, the fixed-{@code da} carveouts and devmem of the table.
 */
public final class Checker {

    /** One piece of device-address space the processor can reach, and what backs it. */
    private record Cover(Span da, long pa, String what, @Nullable String dtPath, @Nullable ReservedMemory region) {
        /** The physical address behind {@code deviceAddress}, or -1 when the host chooses it. */
        long paOf(long deviceAddress) {
            return pa < 0 ? -1 : pa + (deviceAddress - da.start());
        }
    }

    private static final Pattern VDEV_BUFFER = Pattern.compile("vdev\\d+buffer");
    private static final long SZ_4G = 0x1_0000_0000L;
    private static final long DEFAULT_GRANULE = 0x1000;

    private final Soc soc;
    private final RemoteProcessor rp;
    private final Firmware fw;
    private final String fwFile;
    private final String dtFile;
    private final List<Item> items;
    private final boolean hostIommu;
    private final List<ReservedMemory> own = new ArrayList<>();
    private final List<Cover> covers = new ArrayList<>();
    private final List<Finding> findings = new ArrayList<>();
    private final java.util.Map<CheckCode, Integer> perCode = new java.util.EnumMap<>(CheckCode.class);

    /** At most this many findings of one code are listed, as the firmware diagnostics do. */
    static final int MAX_PER_CODE = 50;

    private Checker(Soc soc, RemoteProcessor rp, Firmware fw, String fwFile, String dtFile) {
        this.soc = soc;
        this.rp = rp;
        this.fw = fw;
        this.fwFile = fwFile;
        this.dtFile = dtFile;
        this.items = FirmwareItems.of(fw);
        this.hostIommu = rp.isBehindIommu() && rp.getBootMethod() != BootMethod.HYPERVISOR_OWNED;
        for (ReservedMemory r : rp.getMemoryRegions()) {
            if (!own.contains(r)) {
                own.add(r);
            }
        }
    }

    /** All findings for {@code rp} running {@code fw}, in check order. */
    public static List<Finding> run(Soc soc, RemoteProcessor rp, Firmware fw, String fwFile, String dtFile) {
        Checker c = new Checker(soc, rp, fw, fwFile, dtFile);
        c.buildCovers();
        c.checkMachine();
        c.checkCoverage();
        c.checkPlacement();
        c.checkPageSizes();
        c.checkSharedDmaWindow();
        c.checkDevmemRam();
        c.checkWideMappings();
        c.checkNoIommuReach();
        c.checkSharedBuffers();
        c.checkCarveoutNames();
        return List.copyOf(c.findings);
    }

    // ---------------------------------------------------------------- model helpers

    private static String baseName(@Nullable String nodeName) {
        if (nodeName == null) {
            return "";
        }
        int at = nodeName.indexOf('@');
        return at < 0 ? nodeName : nodeName.substring(0, at);
    }

    private static @Nullable AddressRange staticReg(ReservedMemory r) {
        return r.getReg().isEmpty() ? null : r.getReg().get(0);
    }

    /** The physical address at which the processor's bus puts device address {@code da}, or -1. */
    private long paOf(long da) {
        if (rp.getAddressView().isEmpty()) {
            return da;
        }
        for (AddressWindow w : rp.getAddressView()) {
            if (Span.of(w.getDa(), w.getSize()).contains(Span.of(da, 1))) {
                return w.getPa() + (da - w.getDa());
            }
        }
        return -1;
    }

    /** The device-address span of physical range {@code [pa, pa + size)}, or null when the bus does not reach it whole. */
    private @Nullable Span daSpanOf(long pa, long size) {
        Long first = rp.daOf(pa);
        Long last = size == 0 ? first : rp.daOf(pa + size - 1);
        if (first == null || last == null || last - first != size - 1 && size != 0) {
            return null;
        }
        return Span.of(first, size);
    }

    private List<Span> systemRam() {
        List<Span> ram = new ArrayList<>();
        for (MemoryRegion m : soc.getMemory()) {
            if (m.isEnabled()) {
                for (AddressRange r : m.getReg()) {
                    ram.add(Span.of(r.getAddress(), r.getSize()));
                }
            }
        }
        return ram;
    }

    /** System RAM that no static reserved-memory region and no /memreserve/ keeps from the kernel. */
    private List<Span> kernelRam() {
        List<Span> holes = new ArrayList<>();
        for (ReservedMemory r : soc.getReservedMemory()) {
            AddressRange reg = staticReg(r);
            if (reg != null && r.isEnabled()) {
                holes.add(Span.of(reg.getAddress(), reg.getSize()));
            }
        }
        for (AddressRange r : soc.getMemoryReservations()) {
            holes.add(Span.of(r.getAddress(), r.getSize()));
        }
        return Span.subtract(systemRam(), holes);
    }

    /** System RAM outside the processor's own static regions. */
    private List<Span> ramNotOwned() {
        List<Span> holes = new ArrayList<>();
        for (ReservedMemory r : own) {
            AddressRange reg = staticReg(r);
            if (reg != null) {
                holes.add(Span.of(reg.getAddress(), reg.getSize()));
            }
        }
        return Span.subtract(systemRam(), holes);
    }

    private List<Iommu> iommus() {
        Set<Iommu> r = new LinkedHashSet<>();
        for (IommuReference ref : rp.getIommus()) {
            if (ref.getIommu() != null) {
                r.add(ref.getIommu());
            }
        }
        rp.getIommuMap().forEach(e -> {
            if (e.getIommu() != null) {
                r.add(e.getIommu());
            }
        });
        return new ArrayList<>(r);
    }

    /** The {@code iommu-addresses} entries of any region that name the processor. */
    private List<IommuAddress> iommuAddressesForProcessor() {
        List<IommuAddress> r = new ArrayList<>();
        for (ReservedMemory m : soc.getReservedMemory()) {
            for (IommuAddress a : m.getIommuAddresses()) {
                if (a.getDevice() == rp || java.util.Objects.equals(rp.getPath(), a.getDevicePath())) {
                    r.add(a);
                }
            }
        }
        return r;
    }

    private Location dtLocation(@Nullable String path, long address, long length) {
        return new Location(dtFile, -1, -1, path, address, length);
    }

    private void add(CheckCode code, Item item, @Nullable String dtPath, String message, String fix) {
        Location l = item.location(fwFile);
        if (dtPath != null) {
            l = l.withDtPath(dtPath);
        }
        add(code, l, message, fix, item.byteLength());
    }

    private void add(CheckCode code, Location l, String message, String fix) {
        add(code, l, message, fix, 0);
    }

    /** Keeps at most {@link #MAX_PER_CODE} findings of one code; the last one says that more were left out. */
    private void add(CheckCode code, Location l, String message, String fix, long byteLength) {
        int n = perCode.merge(code, 1, Integer::sum);
        if (n < MAX_PER_CODE) {
            findings.add(new Finding(code.at(l, message, fix), byteLength));
        } else if (n == MAX_PER_CODE) {
            findings.add(new Finding(code.at(l, message + " (and more " + code + " findings, left out)", fix), byteLength));
        }
    }

    private String who() {
        return rp.getRprocName() + " (" + rp.getPath() + ")";
    }

    // ---------------------------------------------------------------- covers

    private void buildCovers() {
        for (AddressRange r : rp.getReg()) {
            Span da = daSpanOf(r.getAddress(), r.getSize());
            if (da != null) {
                covers.add(new Cover(da, r.getAddress(), "its own memory " + rp.getName() + " reg " + Span.of(r.getAddress(),
                        r.getSize()), rp.getPath(), null));
            }
        }
        for (ReservedMemory r : own) {
            AddressRange reg = staticReg(r);
            if (reg == null) {
                continue;
            }
            Span da = daSpanOf(reg.getAddress(), reg.getSize());
            if (da != null) {
                covers.add(new Cover(da, reg.getAddress(), "memory-region " + r.getName(), r.getPath(), r));
            }
        }
        for (IommuAddress a : iommuAddressesForProcessor()) {
            if (a.eContainer() instanceof ReservedMemory r) {
                AddressRange reg = staticReg(r);
                covers.add(new Cover(Span.of(a.getIova(), a.getSize()), a.isDirect() && reg != null ? reg.getAddress() : -1,
                        "iommu-addresses of " + r.getName(), r.getPath(), r));
            }
        }
        if (hostIommu) {
            for (Item i : items) {
                if ((i.kind() == Kind.CARVEOUT || i.kind() == Kind.DEVMEM) && i.fixedDa()) {
                    covers.add(new Cover(i.span(), i.kind() == Kind.DEVMEM ? i.pa() : -1, i.label() + " (mapped through the IOMMU)",
                            null, null));
                }
            }
        }
    }

    private @Nullable Cover coverOf(Span s) {
        for (Cover c : covers) {
            if (c.da().contains(s)) {
                return c;
            }
        }
        return null;
    }

    private @Nullable Cover partialCoverOf(Span s) {
        for (Cover c : covers) {
            if (c.da().overlaps(s)) {
                return c;
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- consistency: machine and byte order

    private record Expected(Pattern compatible, int machine, String machineName) {
    }

    private static final int EM_ARM = ElfHeader.EM_ARM;
    private static final int EM_XTENSA = 94;
    private static final int EM_TI_C6000 = 140;
    private static final int EM_QDSP6 = 164;
    private static final int EM_RISCV = 243;

    private static final List<Expected> EXPECTED = List.of(
            new Expected(Pattern.compile("st,stm32mp[12]-m(4|33)"), EM_ARM, "ARM"),
            new Expected(Pattern.compile("ti,(omap4|omap5|dra7)-ipu|ti,am64-m4fss|ti,[a-z0-9]+-r5f"), EM_ARM, "ARM"),
            new Expected(Pattern.compile("fsl,imx[0-9a-z]+-cm(4|7|33)|xlnx,zynqmp-r5f|xlnx,versal-net-r52f"), EM_ARM, "ARM"),
            new Expected(Pattern.compile("mediatek,mt8183-scp|mediatek,mt8192-scp"), EM_ARM, "ARM"),
            new Expected(Pattern.compile("mediatek,mt(8186|8188|8195)-scp(-dual)?"), EM_RISCV, "RISC-V"),
            new Expected(Pattern.compile("mediatek,mt(8183|8365)-apu"), EM_XTENSA, "Xtensa"),
            new Expected(Pattern.compile("qcom,[a-z0-9]+-[a-z0-9]+-pas"), EM_QDSP6, "Hexagon (EM_QDSP6)"),
            new Expected(Pattern.compile("ti,(omap4|omap5|dra7)-dsp|ti,[a-z0-9]+-c66-dsp"), EM_TI_C6000, "TI C6000"));

    private void checkMachine() {
        ElfHeader h = fw.elf().header();
        for (String c : rp.getCompatible()) {
            for (Expected e : EXPECTED) {
                if (!e.compatible().matcher(c).matches()) {
                    continue;
                }
                Location l = new Location(fwFile, 0x12, -1, rp.getPath(), -1, 0);
                if (h.e_machine() != e.machine()) {
                    findings.add(new Finding(CheckCode.CON_ELF_MACHINE.at(l, "the firmware is built for " + h.machineName()
                            + " (e_machine " + h.e_machine() + ") but " + who() + " is \"" + c + "\", which runs "
                            + e.machineName() + " (e_machine " + e.machine() + ")", "build the firmware for " + e.machineName()
                                    + ", or point firmware-name at the image for this processor"), 2));
                }
                if (h.ei_data() != ElfHeader.ELFDATA2LSB) {
                    findings.add(new Finding(CheckCode.CON_ELF_ENDIAN.at(new Location(fwFile, 5, -1, rp.getPath(), -1, 0),
                            "the firmware is " + h.endian() + "-endian (EI_DATA " + h.ei_data() + ") but " + who()
                                    + " (\"" + c + "\") runs little-endian", "build the firmware little-endian"), 1));
                }
                return;
            }
        }
    }

    // ---------------------------------------------------------------- placement: coverage

    private void checkCoverage() {
        for (Item i : items) {
            boolean needsCover = switch (i.kind()) {
                case SEGMENT, TRACE -> true;
                case VRING -> i.fixedDa();
                case CARVEOUT, DEVMEM -> i.fixedDa() && !hostIommu;
                case VDEV -> false;
            };
            if (!needsCover || i.len() == 0) {
                continue;
            }
            if (coverOf(i.span()) != null) {
                continue;
            }
            Cover part = partialCoverOf(i.span());
            String reason;
            if (i.kind() == Kind.DEVMEM) {
                reason = "the processor has no IOMMU domain the host programs, so the kernel skips devmem entries and nothing maps it";
            } else if (part != null) {
                reason = "it runs past the end of " + part.what() + " " + part.da();
            } else {
                reason = "no carveout, memory-region, iommu-addresses or own memory of " + who() + " covers it"
                        + (covers.isEmpty() ? " (it has none)" : "; it reaches " + describeCovers());
            }
            add(CheckCode.CHK_DA_UNMAPPED, i, part == null ? rp.getPath() : part.dtPath(), i.describe() + " is not reachable by "
                    + rp.getRprocName() + ": " + reason, i.kind() == Kind.SEGMENT
                            ? "link the segment inside one of the processor's regions, or add a memory-region covering "
                                    + i.span()
                            : "move the entry's da inside one of the processor's regions, or add a memory-region covering "
                                    + i.span());
        }
    }

    private String describeCovers() {
        StringBuilder b = new StringBuilder();
        for (Cover c : covers) {
            b.append(b.isEmpty() ? "" : ", ").append(c.what()).append(" at da ").append(c.da());
        }
        return b.toString();
    }

    // ---------------------------------------------------------------- placement: physical overlaps

    private void checkPlacement() {
        List<Span> kernel = kernelRam();
        for (Item i : items) {
            if (!(i.kind() == Kind.SEGMENT || i.kind() == Kind.DEVMEM || i.kind() == Kind.CARVEOUT && i.fixedDa())
                    || i.len() == 0) {
                continue;
            }
            long pa;
            if (i.kind() == Kind.DEVMEM) {
                pa = i.pa();
            } else {
                Cover c = coverOf(i.span());
                if (c != null) {
                    pa = c.paOf(i.da());
                } else {
                    pa = hostIommu ? -1 : paOf(i.da());
                }
            }
            if (pa < 0) {
                continue; // the host chooses the memory (IOMMU carveout): nothing fixed to collide
            }
            Span phys = Span.of(pa, i.len());
            for (ReservedMemory r : soc.getReservedMemory()) {
                AddressRange reg = staticReg(r);
                if (reg == null || own.contains(r) || !r.isEnabled()) {
                    continue;
                }
                Span rs = Span.of(reg.getAddress(), reg.getSize());
                if (!rs.overlaps(phys)) {
                    continue;
                }
                List<String> users = new ArrayList<>();
                for (Master m : r.users()) {
                    if (m != rp) {
                        users.add(m instanceof RemoteProcessor o ? o.getRprocName() + " (" + m.getPath() + ")" : m.getPath());
                    }
                }
                if (!users.isEmpty()) {
                    add(CheckCode.CHK_OVERLAP_OTHER_MASTER, i, r.getPath(), i.describe() + " lands at pa " + phys
                            + ", inside " + r.getName() + " " + rs + ", the memory-region of " + String.join(", ", users),
                            "link it inside " + rp.getRprocName() + "'s own regions, or give the regions distinct addresses");
                } else {
                    add(CheckCode.CHK_OVERLAP_RESERVED, i, r.getPath(), i.describe() + " lands at pa " + phys + ", inside "
                            + (r.isNoMap() ? "the no-map region " : "the reserved region ") + r.getName() + " " + rs
                            + ", which " + rp.getRprocName() + "'s memory-region does not list",
                            "add " + r.getName() + " to the memory-region of " + rp.getPath()
                                    + " if it is meant for this processor, or move the firmware out of it");
                }
            }
            for (Span k : Span.clip(kernel, phys)) {
                add(CheckCode.CHK_OVERLAP_KERNEL_MEMORY, i, null, i.describe() + " lands at pa " + phys
                        + ", and " + k + " of it is system RAM that no reserved-memory region keeps from the kernel",
                        "reserve " + phys + " in /reserved-memory (no-map) and list it in the memory-region of "
                                + rp.getPath());
                break;
            }
        }
    }

    // ---------------------------------------------------------------- IOMMU page sizes

    /** Where the host allocates a carveout with {@code pa = FW_RSC_ADDR_ANY}: page-aligned, so any aligned address. */
    private static final long ANY_PA = 0x4000_0000L;

    private void checkPageSizes() {
        if (!hostIommu) {
            return;
        }
        IommuMapProbe probe = null;
        String iommuName = "";
        for (Iommu iommu : iommus()) {
            dev.bringup.iommu.PageTableFormat f = IommuMapProbe.format(iommu.getPageTableFormat(), iommu.getGranule());
            if (f != null) {
                probe = new IommuMapProbe(f);
                iommuName = iommu.getName() + " (" + f + ", pgsize_bitmap " + Hex.of(f.pgsizeBitmap()) + ")";
                break;
            }
        }
        if (probe == null) {
            return;
        }
        dev.bringup.iommu.PageTableFormat format = probe.format();
        String min = Hex.of(Long.lowestOneBit(format.pgsizeBitmap()));
        for (Item i : items) {
            if (!((i.kind() == Kind.CARVEOUT || i.kind() == Kind.DEVMEM) && i.fixedDa() && i.len() > 0)) {
                continue;
            }
            boolean devmem = i.kind() == Kind.DEVMEM;
            String error = probe.mapError(i.da(), devmem ? i.pa() : ANY_PA, i.len());
            if (error != null) {
                add(CheckCode.CHK_IOMMU_PGSIZE, i, rp.getPath(), i.describe() + (devmem ? " (pa " + Hex.of(i.pa()) + ")" : "")
                        + ", len " + Hex.of(i.len()) + ", cannot be mapped through " + iommuName + ": iommu_map() fails with "
                        + error, "align da" + (devmem ? ", pa" : "") + " and len to " + min);
            }
        }
        if (rp.getBootMethod() == BootMethod.SECURE_PAS) {
            // the KVM host maps the carveout itself (identity) before auth_and_reset
            for (ReservedMemory r : own) {
                AddressRange reg = staticReg(r);
                String error = reg == null ? null : probe.mapError(reg.getAddress(), reg.getAddress(), reg.getSize());
                if (reg != null && error != null) {
                    add(CheckCode.CHK_IOMMU_PGSIZE, dtLocation(r.getPath(), reg.getAddress(), reg.getSize()), "memory-region "
                            + r.getName() + " " + Span.of(reg.getAddress(), reg.getSize()) + ", which the host maps 1:1 for "
                            + who() + " before auth_and_reset, cannot be mapped through " + iommuName + ": iommu_map() fails with "
                            + error, "align the region's reg to " + min);
                }
            }
        }
        for (IommuAddress a : iommuAddressesForProcessor()) {
            if (a.eContainer() instanceof ReservedMemory r) {
                AddressRange reg = staticReg(r);
                long pa = a.isDirect() && reg != null ? reg.getAddress() : a.getIova();
                String error = probe.mapError(a.getIova(), pa, a.getSize());
                if (error != null) {
                    add(CheckCode.CHK_IOMMU_PGSIZE, dtLocation(r.getPath(), a.getIova(), a.getSize()), "iommu-addresses of "
                            + r.getName() + " " + Span.of(a.getIova(), a.getSize()) + " cannot be mapped through " + iommuName
                            + ": iommu_map() fails with " + error, "align the iommu-addresses entry to " + min);
                }
            }
        }
    }

    // ---------------------------------------------------------------- shared DMA domain (MediaTek case)

    private void checkSharedDmaWindow() {
        if (!hostIommu) {
            return;
        }
        for (Iommu iommu : iommus()) {
            for (IommuGroup g : iommu.getGroups()) {
                if (!g.getMembers().contains(rp)) {
                    continue;
                }
                List<String> others = new ArrayList<>();
                for (Master m : g.getMembers()) {
                    if (m != rp && m.isEnabled() && !others.contains(m.getPath())) {
                        others.add(m.getPath());
                    }
                }
                if (others.isEmpty()) {
                    continue;
                }
                IovaRegion region = g.getIovaRegion();
                Span window = region != null ? Span.of(region.getIova(), region.getSize()) : Span.of(0, SZ_4G);
                long granule = iommu.getPgsizeBitmap() == 0 ? DEFAULT_GRANULE : Long.lowestOneBit(iommu.getPgsizeBitmap());
                // the shared DMA domain's allocator as iommu_dma_init_domain sets it up: start_pfn = max(1, aperture
                // start >> shift), the group's devices' iommu-addresses reserved (reserve_iova)
                int shift = Long.numberOfTrailingZeros(granule);
                IovaAllocator iovad = new IovaAllocator(granule, Math.max(1, window.start() >>> shift), false);
                for (ReservedMemory r : soc.getReservedMemory()) {
                    for (IommuAddress a : r.getIommuAddresses()) {
                        if (a.getDevice() instanceof Master m && g.getMembers().contains(m) && a.getSize() > 0) {
                            iovad.reserve(a.getIova() >>> shift, (a.getIova() + a.getSize() - 1) >>> shift,
                                    "iommu-addresses of " + r.getName() + " for " + m.getPath());
                        }
                    }
                }
                Span alloc = new Span(iovad.startPfn() << shift, window.end());
                String groupName = iommu.getName() + " group \"" + g.getName() + "\""
                        + (g.getBank() != null ? " (bank " + g.getBank().getIndex() + ")" : "");
                List<Span> fixedMaps = new ArrayList<>();
                for (Item i : items) {
                    if ((i.kind() == Kind.CARVEOUT || i.kind() == Kind.DEVMEM) && i.fixedDa() && i.len() > 0) {
                        fixedMaps.add(i.span());
                    }
                }
                for (Item i : items) {
                    if (!i.fixedDa() || i.len() == 0 || i.kind() == Kind.VDEV) {
                        continue;
                    }
                    boolean mapped = i.kind() == Kind.CARVEOUT || i.kind() == Kind.DEVMEM;
                    if (!mapped && fixedMaps.stream().anyMatch(s -> s.contains(i.span()))) {
                        continue; // reported with the carveout that holds it
                    }
                    List<Span> clash = Span.clip(List.of(i.span()), alloc);
                    if (!clash.isEmpty()) {
                        List<Span> reserved = new ArrayList<>();
                        for (IovaAllocator.Allocation a : iovad.overlapping(clash.get(0).start() >>> shift,
                                (clash.get(0).end() - 1) >>> shift)) {
                            reserved.add(Span.of(a.iova(), a.size()));
                        }
                        clash = Span.subtract(clash, reserved);
                    }
                    if (clash.isEmpty()) {
                        continue;
                    }
                    add(CheckCode.CHK_FIXED_DA_IN_DMA_WINDOW, i, iommu.getPath(), i.describe() + " must be mapped at that fixed "
                            + "IOVA, but " + rp.getRprocName() + " shares " + groupName + " with " + String.join(", ", others)
                            + ": it cannot get an unmanaged domain of its own, and " + clash.get(0) + " lies in the shared DMA "
                            + "domain's IOVA allocator range " + alloc + ", which hands these addresses to the other masters",
                            "give " + rp.getRprocName() + " its own IOMMU bank or IOVA region, or reserve " + i.span()
                                    + " with a reserved-memory region whose iommu-addresses names " + rp.getPath());
                }
            }
        }
    }

    // ---------------------------------------------------------------- security

    private void checkDevmemRam() {
        List<Span> ram = systemRam();
        for (Item i : items) {
            if (i.kind() != Kind.DEVMEM || i.len() == 0) {
                continue;
            }
            Span phys = Span.of(i.pa(), i.len());
            List<Span> hit = Span.clip(ram, phys);
            if (!hit.isEmpty()) {
                add(CheckCode.SEC_DEVMEM_NORMAL_RAM, i, null, i.describe() + " maps pa " + phys + ", and " + hit.get(0)
                        + " of it is system RAM (/memory), not device registers",
                        "describe that memory as a carveout or a reserved-memory region; keep devmem for peripherals");
            }
        }
    }

    private void checkWideMappings() {
        List<Span> notOwned = ramNotOwned();
        for (IommuAddress a : iommuAddressesForProcessor()) {
            if (!(a.eContainer() instanceof ReservedMemory r) || staticReg(r) == null) {
                continue;
            }
            AddressRange reg = staticReg(r);
            // a direct entry maps IOVA == PA; one larger than its region still maps 1:1 past the region
            if (reg == null || reg.getAddress() != a.getIova()) {
                continue;
            }
            Span mapped = Span.of(a.getIova(), a.getSize());
            List<Span> hit = Span.clip(notOwned, mapped);
            if (!hit.isEmpty()) {
                add(CheckCode.SEC_WIDE_MAPPING, dtLocation(r.getPath(), a.getIova(), a.getSize()), "iommu-addresses of "
                        + r.getName() + " maps " + mapped + " 1:1 for " + who() + ", and " + hit.get(0)
                        + " of it is system RAM outside the regions reserved for it", "shrink the entry to the region "
                                + Span.of(reg.getAddress(), reg.getSize()));
            }
        }
    }

    private void checkNoIommuReach() {
        if (rp.isBehindIommu() || rp.getBootMethod() == BootMethod.HYPERVISOR_OWNED) {
            return;
        }
        List<Span> notOwned = ramNotOwned();
        List<Span> reach = new ArrayList<>();
        if (rp.getAddressView().isEmpty()) {
            reach.add(new Span(0, -1L));
        } else {
            for (AddressWindow w : rp.getAddressView()) {
                reach.add(Span.of(w.getPa(), w.getSize()));
            }
        }
        for (Span r : reach) {
            List<Span> hit = Span.clip(notOwned, r);
            if (!hit.isEmpty()) {
                long total = hit.stream().mapToLong(Span::length).sum();
                add(CheckCode.SEC_NO_IOMMU_DMA_REACH, dtLocation(rp.getPath(), hit.get(0).start(), hit.get(0).length()),
                        who() + " has no IOMMU and its bus view " + (rp.getAddressView().isEmpty() ? "(no dma-ranges: identity)"
                                : "(dma-ranges window to pa " + r + ")") + " reaches " + Hex.of(total)
                                + " bytes of system RAM outside its own regions, starting at " + hit.get(0),
                        "put " + rp.getRprocName() + " behind an IOMMU, or restrict the bus's dma-ranges to its own regions");
                return;
            }
        }
    }

    private void checkSharedBuffers() {
        boolean hasVdev = items.stream().anyMatch(i -> i.kind() == Kind.VDEV);
        if (hasVdev) {
            for (ReservedMemory r : own) {
                if (VDEV_BUFFER.matcher(baseName(r.getName())).matches() && !r.isSharedDmaPool()) {
                    Item vdev = items.stream().filter(i -> i.kind() == Kind.VDEV).findFirst().orElseThrow();
                    add(CheckCode.SEC_SHARED_BUFFER_NOT_DMA_POOL, vdev, r.getPath(), "the rpmsg buffers of " + vdev.label()
                            + " go to " + r.getName() + ", which is not compatible = \"shared-dma-pool\"",
                            "add compatible = \"shared-dma-pool\" (and no-map) to " + r.getPath());
                }
            }
        }
        for (Item i : items) {
            if (i.kind() != Kind.VRING || !i.fixedDa()) {
                continue;
            }
            Cover c = coverOf(i.span());
            ReservedMemory r = c == null ? null : c.region();
            if (r != null && !r.isSharedDmaPool()) {
                add(CheckCode.SEC_SHARED_BUFFER_NOT_DMA_POOL, i, r.getPath(), i.describe() + " lies in " + r.getName()
                        + ", which is not compatible = \"shared-dma-pool\"", "place the vring in a shared-dma-pool region "
                                + "(e.g. vdev0vring0), or make " + r.getName() + " one");
            }
        }
    }

    // ---------------------------------------------------------------- consistency: carveout names

    private @Nullable ReservedMemory regionNamed(String name) {
        for (int k = 0; k < rp.getMemoryRegions().size(); k++) {
            ReservedMemory r = rp.getMemoryRegions().get(k);
            String alt = k < rp.getMemoryRegionNames().size() ? rp.getMemoryRegionNames().get(k) : null;
            if (name.equals(baseName(r.getName())) || name.equals(alt)) {
                return r;
            }
        }
        return null;
    }

    private void checkCarveoutNames() {
        for (Item i : items) {
            if (i.kind() != Kind.CARVEOUT || i.name().isEmpty()) {
                continue;
            }
            ReservedMemory named = regionNamed(i.name());
            if (named != null) {
                AddressRange reg = staticReg(named);
                long size = reg != null ? reg.getSize() : named.getSize();
                Span da = reg == null ? null : daSpanOf(reg.getAddress(), reg.getSize());
                if (Long.compareUnsigned(i.len(), size) > 0 || i.fixedDa() && da != null && !da.contains(i.span())) {
                    add(CheckCode.CON_CARVEOUT_NAME, i, named.getPath(), i.describe() + ", len " + Hex.of(i.len())
                            + ", has the name of memory-region " + named.getName() + " but does not fit it ("
                            + (da != null ? "da " + da : "size " + Hex.of(size)) + ")",
                            "make the carveout's da and len fit " + named.getName() + ", or rename one of them");
                }
                continue;
            }
            if (!i.fixedDa()) {
                continue;
            }
            for (Cover c : covers) {
                ReservedMemory r = c.region();
                if (r != null && own.contains(r) && c.da().overlaps(i.span())) {
                    add(CheckCode.CON_CARVEOUT_NAME, i, r.getPath(), i.describe() + " lies in memory-region " + r.getName()
                            + " (da " + c.da() + ") but is named \"" + i.name() + "\": no region of that name is "
                            + "registered, so the kernel allocates other memory for it instead of " + r.getName(),
                            "name the carveout \"" + baseName(r.getName()) + "\" (one carveout for the region), or have the "
                                    + "driver register " + r.getName() + " as \"" + i.name() + "\"");
                    break;
                }
            }
        }
    }
}
