package dev.bringup.dt;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

import org.eclipse.jdt.annotation.Nullable;

import dev.bringup.common.Diagnostic;
import dev.bringup.common.FormatException;
import dev.bringup.common.Location;
import dev.bringup.common.Severity;
import dev.bringup.dt.internal.RemoteprocKinds;
import dev.bringup.model.AddressRange;
import dev.bringup.model.AddressWindow;
import dev.bringup.model.BootScenario;
import dev.bringup.model.BootStrategy;
import dev.bringup.model.BringupFactory;
import dev.bringup.model.BringupProject;
import dev.bringup.model.Bus;
import dev.bringup.model.DtPropertyText;
import dev.bringup.model.Firmware;
import dev.bringup.model.Iommu;
import dev.bringup.model.IommuAddress;
import dev.bringup.model.IommuBank;
import dev.bringup.model.IommuGroup;
import dev.bringup.model.IommuKind;
import dev.bringup.model.IommuMapEntry;
import dev.bringup.model.IommuReference;
import dev.bringup.model.IovaRegion;
import dev.bringup.model.Larb;
import dev.bringup.model.Master;
import dev.bringup.model.MemoryRegion;
import dev.bringup.model.PageTableFormat;
import dev.bringup.model.RangeMapping;
import dev.bringup.model.RemoteProcessor;
import dev.bringup.model.ReservedMemory;
import dev.bringup.model.Soc;
import dev.bringup.model.SocElement;
import dev.bringup.model.UnknownNode;

/**
 * Imports a devicetree into the workbench's model: every node becomes exactly one
 * {@link SocElement}, chosen by role in this order: child of {@code /reserved-memory},
 * {@code /memory}, IOMMU ({@code #iommu-cells}), remote processor (by compatible, see
 * {@link dev.bringup.dt.internal.RemoteprocKinds}), MediaTek larb, DMA master ({@code iommus},
 * {@code iommu-map} or {@code memory-region}), bus ({@code ranges}/{@code dma-ranges}),
 * otherwise an {@link UnknownNode} that keeps its properties as text. References
 * ({@code memory-region}, {@code iommus} honouring {@code #iommu-cells}, {@code iommu-map},
 * {@code mediatek,larbs}, {@code iommu-addresses}) become model references. A malformed
 * property does not stop the import: it becomes a diagnostic naming the node.
 */
public final class DtImport {

    /** The imported SoC and what the import found wrong. */
    public record Result(Soc soc, List<Diagnostic> diagnostics) {
    }

    private static final BringupFactory F = BringupFactory.eINSTANCE;
    private static final long SZ_4K = 0x1000;
    private static final long LPAE_4K = 0x1000L | 0x200000L | 0x40000000L;
    private static final long V7S = 0x1000L | 0x10000L | 0x100000L | 0x1000000L;
    private static final long SZ_4G = 0x1_0000_0000L;

    private final DeviceTree tree;
    private final List<Diagnostic> diagnostics = new ArrayList<>();
    private final Map<DtNode, SocElement> elements = new LinkedHashMap<>(); // DtNode has identity equality
    private final Map<String, List<String>> labels = new HashMap<>();
    private final Set<DtNode> larbNodes = new HashSet<>();

    private DtImport(DeviceTree tree) {
        this.tree = tree;
        for (Map.Entry<String, String> e : tree.symbols().entrySet()) {
            labels.computeIfAbsent(e.getValue(), k -> new ArrayList<>()).add(e.getKey());
        }
    }

    /**
     * Reads a DTB, or compiles a DTS with dtc, and applies the overlays in order.
     *
     * @param includeDirs include folders for DTS sources
     */
    public static DeviceTree load(Path file, List<Path> overlays, List<Path> includeDirs) throws FormatException {
        DeviceTree t = readAny(file, includeDirs);
        for (Path o : overlays) {
            t = DtOverlay.apply(t, readAny(o, includeDirs));
        }
        return t;
    }

    private static DeviceTree readAny(Path file, List<Path> includeDirs) throws FormatException {
        String n = file.getFileName() == null ? "" : file.getFileName().toString();
        if (n.endsWith(".dts") || n.endsWith(".dtsi") || n.endsWith(".dtso")) {
            return DeviceTree.read(DtsCompiler.compile(file, includeDirs), file.toString());
        }
        if (!Files.isRegularFile(file)) {
            throw new FormatException("cannot read " + file + ": no such file", Location.at(file.toString(), -1),
                    "check the path");
        }
        return DeviceTree.read(file);
    }

    /** Imports {@code tree}; {@code name} names the SoC (usually the file name without extension). */
    public static Result importTree(DeviceTree tree, String name, List<String> overlays) {
        DtImport imp = new DtImport(tree);
        Soc soc = imp.run(name);
        soc.getOverlays().addAll(overlays);
        return new Result(soc, List.copyOf(imp.diagnostics));
    }

    /**
     * A project around an imported SoC: one firmware entry per distinct {@code firmware-name}
     * and one scenario per remote processor that has one (strategy {@link BootStrategy#LINUX_DEFAULT}).
     */
    public static BringupProject project(Soc soc, String name) {
        BringupProject p = F.createBringupProject();
        p.setName(name);
        p.setSoc(soc);
        for (RemoteProcessor rp : soc.remoteProcessors()) {
            String fw = rp.firmwareName();
            if (fw == null) {
                continue;
            }
            Firmware f = p.findFirmware(fw);
            if (f == null) {
                f = F.createFirmware();
                f.setName(fw);
                p.getFirmware().add(f);
            }
            BootScenario s = F.createBootScenario();
            String base = rp.getRprocName() + " boots " + fw;
            String sn = base;
            for (int i = 2; scenarioNamed(p, sn); i++) {
                sn = base + " (" + i + ")";
            }
            s.setName(sn);
            s.setRproc(rp);
            s.setFirmware(f);
            s.setStrategy(BootStrategy.LINUX_DEFAULT);
            p.getScenarios().add(s);
        }
        return p;
    }

    private static boolean scenarioNamed(BringupProject p, String name) {
        return p.getScenarios().stream().anyMatch(s -> name.equals(s.getName()));
    }

    // ---------------------------------------------------------------- import

    private Soc run(String name) {
        Soc soc = F.createSoc();
        DtNode root = tree.root();
        soc.setName(name);
        soc.setModel(root.string("model"));
        soc.getCompatible().addAll(root.compatible());
        soc.setSourceFile(tree.source());
        for (DeviceTree.MemoryReservation r : tree.memoryReservations()) {
            soc.getMemoryReservations().add(range(r.address(), r.size()));
        }
        collectLarbs();
        for (DtNode n : root.subtree()) {
            if (n == root) {
                continue;
            }
            SocElement e = create(n);
            elements.put(n, e);
            fillCommon(n, e);
            switch (e) {
            case ReservedMemory r -> soc.getReservedMemory().add(r);
            case MemoryRegion m -> soc.getMemory().add(m);
            case Iommu i -> soc.getIommus().add(i);
            case Larb l -> soc.getLarbs().add(l);
            case Master m -> soc.getMasters().add(m);
            case Bus b -> soc.getBuses().add(b);
            case UnknownNode u -> soc.getUnknownNodes().add(u);
            default -> throw new IllegalStateException("unhandled element " + e.eClass().getName());
            }
        }
        for (Map.Entry<DtNode, SocElement> e : elements.entrySet()) {
            DtNode n = e.getKey();
            try {
                switch (e.getValue()) {
                case ReservedMemory r -> fillReserved(n, r);
                case Iommu i -> fillIommu(n, i);
                case Larb l -> fillLarb(n, l);
                case Master m -> fillMaster(n, m);
                case Bus b -> fillBus(n, b);
                default -> {
                }
                }
            } catch (FormatException ex) {
                problem(ex);
            }
        }
        for (Iommu i : soc.getIommus()) {
            buildGroups(i);
        }
        diagnostics.addAll(tree.warnings()); // duplicate phandles met while resolving references
        return soc;
    }

    private void problem(FormatException ex) {
        diagnostics.add(Diagnostic.warning("DT_PROPERTY", String.valueOf(ex.getMessage()), ex.location(), ex.fix()));
    }

    private void collectLarbs() {
        for (DtNode n : tree.root().subtree()) {
            DtProperty larbs = n.property("mediatek,larbs");
            if (larbs != null && larbs.length() % 4 == 0) {
                for (int i = 0; i < larbs.length() / 4; i++) {
                    DtNode l = tree.nodeByPhandle(larbs.cell(i));
                    if (l != null) {
                        larbNodes.add(l);
                    }
                }
            }
            for (String c : n.compatible()) {
                if (c.startsWith("mediatek,") && c.contains("-smi-larb")) {
                    larbNodes.add(n);
                }
            }
        }
    }

    private SocElement create(DtNode n) {
        DtNode parent = n.parent();
        if (parent != null && parent.parent() == null && n.baseName().equals("memory")
                || "memory".equals(n.string("device_type"))) {
            return F.createMemoryRegion();
        }
        if (parent != null && parent.path().equals("/reserved-memory")) {
            return F.createReservedMemory();
        }
        if (n.has("#iommu-cells")) {
            return F.createIommu();
        }
        RemoteprocKinds.Kind kind = RemoteprocKinds.ofNode(n.compatible(), n.has("#clock-cells"));
        if (kind != null) {
            RemoteProcessor rp = F.createRemoteProcessor();
            rp.setRprocName(kind.rprocName());
            rp.setCore(kind.core());
            rp.setDriver(kind.driver());
            rp.setBootMethod(kind.bootMethod() == dev.bringup.model.BootMethod.SECURE_PAS && !n.has("iommus")
                    ? dev.bringup.model.BootMethod.HYPERVISOR_OWNED : kind.bootMethod());
            return rp;
        }
        if (larbNodes.contains(n)) {
            return F.createLarb();
        }
        if (n.has("iommus") || n.has("iommu-map") || n.has("memory-region")) {
            return F.createMaster();
        }
        if (n.has("ranges") || n.has("dma-ranges")) {
            return F.createBus();
        }
        UnknownNode u = F.createUnknownNode();
        for (DtProperty p : n.properties()) {
            DtPropertyText t = F.createDtPropertyText();
            t.setName(p.name());
            t.setValue(p.text());
            u.getProperties().add(t);
        }
        return u;
    }

    private void fillCommon(DtNode n, SocElement e) {
        e.setName(n.name());
        e.setPath(n.path());
        e.getLabels().addAll(labels.getOrDefault(n.path(), List.of()));
        e.getCompatible().addAll(n.compatible());
        DtProperty status = n.property("status");
        if (status != null) {
            e.setStatus(n.string("status"));
        }
        if (e instanceof UnknownNode) {
            return; // its reg stays as text: the node may not sit on a memory-mapped bus
        }
        try {
            for (DtAddresses.Region r : DtAddresses.reg(n)) {
                OptionalLong cpu = DtAddresses.toCpu(n.parent(), r.address());
                e.getReg().add(range(cpu.orElse(r.address()), r.size()));
            }
        } catch (FormatException ex) {
            problem(ex);
        }
    }

    private void fillReserved(DtNode n, ReservedMemory r) throws FormatException {
        DtNode parent = n.parent();
        int sc = DtAddresses.sizeCells(parent);
        int ac = DtAddresses.addressCells(parent);
        DtProperty size = n.property("size");
        if (size != null) {
            r.setSize(cellsValue(size, sc, "size"));
        }
        DtProperty align = n.property("alignment");
        if (align != null) {
            r.setAlignment(cellsValue(align, sc, "alignment"));
        }
        r.setNoMap(n.has("no-map"));
        r.setReusable(n.has("reusable"));
        for (DtAddresses.Region a : DtAddresses.regions(n, "alloc-ranges")) {
            r.getAllocRanges().add(range(DtAddresses.toCpu(parent, a.address()).orElse(a.address()), a.size()));
        }
        DtProperty ia = n.property("iommu-addresses");
        if (ia != null) {
            int cells = ia.cellCount();
            int entry = 1 + ac + sc;
            if (cells % entry != 0) {
                throw new FormatException("'iommu-addresses' of " + n.path() + " has " + cells + " cells, not a multiple of "
                        + entry + " (phandle, " + ac + " address and " + sc + " size cells)", ia.location(),
                        "write entries as <&device iova size>");
            }
            for (int i = 0; i < cells; i += entry) {
                IommuAddress a = F.createIommuAddress();
                DtNode dev = tree.nodeByPhandle(ia.cell(i));
                a.setDevicePath(dev == null ? "phandle " + ia.cell(i) : dev.path());
                a.setDevice(dev == null ? null : elements.get(dev));
                a.setIova(ia.number(i + 1, ac));
                a.setSize(ia.number(i + 1 + ac, sc));
                r.getIommuAddresses().add(a);
            }
        }
    }

    private static long cellsValue(DtProperty p, int cells, String what) throws FormatException {
        int n = p.cellCount();
        if (n != cells || n == 0) {
            throw new FormatException("'" + what + "' of " + (p.owner() == null ? "?" : p.owner().path()) + " has " + n
                    + " cells where #size-cells is " + cells, p.location(), "write it with #size-cells cells");
        }
        return p.number(0, n);
    }

    private void fillIommu(DtNode n, Iommu i) throws FormatException {
        i.setIommuCells((int) n.require("#iommu-cells").u32());
        List<String> compat = n.compatible();
        IommuKind kind = IommuKind.OTHER;
        for (String c : compat) {
            if (c.equals("arm,smmu-v3")) {
                kind = IommuKind.ARM_SMMU_V3;
            } else if (c.contains("smmu") || c.startsWith("arm,mmu-")) {
                kind = kind == IommuKind.OTHER ? IommuKind.ARM_SMMU : kind;
            } else if (c.startsWith("mediatek,") && c.endsWith("-m4u")) {
                kind = IommuKind.MTK_IOMMU;
            } else if (c.startsWith("ti,") && c.contains("iommu")) {
                kind = IommuKind.OMAP_IOMMU;
            }
        }
        i.setKind(kind);
        switch (kind) {
        case ARM_SMMU, ARM_SMMU_V3 -> {
            i.setPageTableFormat(PageTableFormat.ARM_LPAE_S1);
            i.setGranule(SZ_4K);
            i.setPgsizeBitmap(LPAE_4K);
        }
        case MTK_IOMMU -> {
            i.setPageTableFormat(PageTableFormat.ARM_V7S);
            i.setGranule(SZ_4K);
            i.setPgsizeBitmap(V7S);
            IommuBank bank = F.createIommuBank();
            bank.setIndex(0);
            bank.setName("bank0");
            i.getBanks().add(bank);
            IovaRegion region = F.createIovaRegion();
            region.setName("iova0");
            region.setIova(0);
            region.setSize(SZ_4G);
            region.setBank(0);
            i.getIovaRegions().add(region);
        }
        case OMAP_IOMMU -> {
            i.setPageTableFormat(PageTableFormat.OMAP);
            i.setGranule(SZ_4K);
            i.setPgsizeBitmap(V7S);
        }
        default -> i.setPageTableFormat(PageTableFormat.UNKNOWN);
        }
        DtProperty larbs = n.property("mediatek,larbs");
        if (larbs != null) {
            List<Larb> list = referenced(n, larbs, Larb.class, Severity.WARNING, "DT_PHANDLE", "SMI larb",
                    "point mediatek,larbs at the larb nodes");
            for (int k = 0; k < list.size(); k++) {
                Larb larb = list.get(k);
                i.getLarbs().add(larb);
                larb.setIommu(i);
                if (larb.getLarbId() < 0) {
                    larb.setLarbId(k); // no mediatek,larb-id: the position in mediatek,larbs, as mtk_iommu does
                }
            }
        }
    }

    /**
     * The elements of type {@code type} that the phandles of {@code p} (one cell each) name, in
     * order; a phandle that names nothing, or a node of another kind, becomes a diagnostic.
     */
    private <T extends SocElement> List<T> referenced(DtNode n, DtProperty p, Class<T> type, Severity severity, String code,
            String expected, String fix) throws FormatException {
        List<T> r = new ArrayList<>();
        int count = p.cellCount();
        for (int k = 0; k < count; k++) {
            DtNode target = tree.nodeByPhandle(p.cell(k));
            SocElement e = target == null ? null : elements.get(target);
            if (type.isInstance(e)) {
                r.add(type.cast(e));
            } else {
                diagnostics.add(new Diagnostic(severity, code, n.path() + " lists phandle " + p.cell(k) + " in " + p.name()
                        + ", which is no " + expected + (target == null ? "" : " (" + target.path() + ")"), p.location(), fix));
            }
        }
        return r;
    }

    private void fillLarb(DtNode n, Larb l) throws FormatException {
        DtProperty id = n.property("mediatek,larb-id");
        if (id != null) {
            l.setLarbId((int) id.u32());
        }
    }

    private void fillMaster(DtNode n, Master m) throws FormatException {
        m.setBus(enclosingBus(n));
        DtProperty mr = n.property("memory-region");
        if (mr != null) {
            m.getMemoryRegions().addAll(referenced(n, mr, ReservedMemory.class, Severity.ERROR, "DT_MEMORY_REGION",
                    "/reserved-memory node", "point memory-region at a child of /reserved-memory"));
        }
        DtProperty names = n.property("memory-region-names");
        if (names != null) {
            m.getMemoryRegionNames().addAll(names.strings());
        }
        DtProperty iommus = n.property("iommus");
        if (iommus != null) {
            int count = iommus.cellCount();
            int k = 0;
            while (k < count) {
                long ph = iommus.cell(k);
                DtNode target = tree.nodeByPhandle(ph);
                DtProperty cellsProp = target == null ? null : target.property("#iommu-cells");
                if (target == null || cellsProp == null) {
                    throw new FormatException("iommus of " + n.path() + " names phandle " + ph + (target == null
                            ? ", which no node has" : " (" + target.path() + "), which has no #iommu-cells"),
                            iommus.location(), "point iommus at an IOMMU node");
                }
                int cells = (int) cellsProp.u32();
                if (k + 1 + cells > count) {
                    throw new FormatException("iommus of " + n.path() + " ends inside the specifier for " + target.path()
                            + " (#iommu-cells = " + cells + ")", iommus.location(), "give each specifier #iommu-cells cells");
                }
                IommuReference ref = F.createIommuReference();
                ref.setIommuPath(target.path());
                if (elements.get(target) instanceof Iommu iommu) {
                    ref.setIommu(iommu);
                }
                for (int c = 0; c < cells; c++) {
                    ref.getCells().add(iommus.cell(k + 1 + c));
                }
                ref.setSid(cells >= 1 ? iommus.cell(k + 1) : 0);
                ref.setMask(cells >= 2 ? iommus.cell(k + 2) : 0);
                m.getIommus().add(ref);
                k += 1 + cells;
            }
        }
        DtProperty map = n.property("iommu-map");
        if (map != null) {
            int count = map.cellCount();
            if (count % 4 != 0) {
                throw new FormatException("iommu-map of " + n.path() + " has " + count + " cells, not a multiple of 4 "
                        + "(rid-base, phandle, sid-base, length)", map.location(), "write entries as <rid &iommu sid length>");
            }
            for (int k = 0; k < count; k += 4) {
                IommuMapEntry e = F.createIommuMapEntry();
                e.setRidBase(map.cell(k));
                DtNode target = tree.nodeByPhandle(map.cell(k + 1));
                e.setIommuPath(target == null ? "phandle " + map.cell(k + 1) : target.path());
                if (target != null && elements.get(target) instanceof Iommu iommu) {
                    e.setIommu(iommu);
                }
                e.setSidBase(map.cell(k + 2));
                e.setLength(map.cell(k + 3));
                m.getIommuMap().add(e);
            }
        }
        DtProperty mapMask = n.property("iommu-map-mask");
        if (mapMask != null) {
            m.setIommuMapMask(mapMask.u32());
        }
        for (DtAddresses.DmaWindow w : DtAddresses.dmaView(n)) {
            AddressWindow aw = F.createAddressWindow();
            aw.setDa(w.da());
            aw.setPa(w.pa());
            aw.setSize(w.size());
            m.getAddressView().add(aw);
        }
        if (m instanceof RemoteProcessor rp) {
            DtProperty fw = n.property("firmware-name");
            if (fw != null) {
                rp.getFirmwareNames().addAll(fw.strings());
            }
        }
    }

    private void fillBus(DtNode n, Bus b) throws FormatException {
        b.setAddressCells(DtAddresses.addressCells(n));
        b.setSizeCells(DtAddresses.sizeCells(n));
        b.setParentBus(enclosingBus(n));
        List<DtAddresses.Range> ranges = DtAddresses.ranges(n, "ranges");
        if (ranges != null) {
            b.setIdentityRanges(ranges.isEmpty());
            ranges.forEach(r -> b.getRanges().add(mapping(r)));
        }
        List<DtAddresses.Range> dma = DtAddresses.ranges(n, "dma-ranges");
        if (dma != null) {
            b.setIdentityDmaRanges(dma.isEmpty());
            dma.forEach(r -> b.getDmaRanges().add(mapping(r)));
        }
    }

    private @Nullable Bus enclosingBus(DtNode n) {
        for (DtNode up = n.parent(); up != null; up = up.parent()) {
            if (elements.get(up) instanceof Bus b) {
                return b;
            }
        }
        return null;
    }

    /**
     * Groups: on a MediaTek IOMMU every master of a bank and IOVA region shares one group
     * (one page table); on the other IOMMUs masters share a group only when they share a
     * stream ID (identical specifiers), as the SMMU's stream matching forces.
     */
    private void buildGroups(Iommu iommu) {
        Map<String, IommuGroup> groups = new LinkedHashMap<>();
        for (IommuReference ref : iommu.references()) {
            Master m = (Master) ref.eContainer();
            String key;
            if (iommu.getKind() == IommuKind.MTK_IOMMU) {
                key = "bank0";
            } else {
                key = "sid " + dev.bringup.common.Hex.of(ref.getSid()) + (ref.getMask() == 0 ? "" : " mask " + dev.bringup.common.Hex.of(ref.getMask()));
            }
            IommuGroup g = groups.get(key);
            if (g == null) {
                g = F.createIommuGroup();
                g.setName(key);
                if (iommu.getKind() == IommuKind.MTK_IOMMU && !iommu.getBanks().isEmpty()) {
                    g.setBank(iommu.getBanks().get(0));
                    g.setIovaRegion(iommu.getIovaRegions().get(0));
                }
                groups.put(key, g);
            }
            if (!g.getMembers().contains(m)) {
                g.getMembers().add(m);
            }
        }
        // iommu-map: each entry's stream IDs form a group of their own
        for (IommuMapEntry e : iommu.mapEntries()) {
            String key = "sid " + dev.bringup.common.Hex.of(e.getSidBase())
                    + (e.getLength() > 1 ? ".." + dev.bringup.common.Hex.of(e.getSidBase() + e.getLength() - 1) : "");
            IommuGroup g = groups.computeIfAbsent(key, k -> {
                IommuGroup ng = F.createIommuGroup();
                ng.setName(k);
                return ng;
            });
            Master m = (Master) e.eContainer();
            if (!g.getMembers().contains(m)) {
                g.getMembers().add(m);
            }
        }
        iommu.getGroups().addAll(groups.values());
    }

    private static AddressRange range(long address, long size) {
        AddressRange r = F.createAddressRange();
        r.setAddress(address);
        r.setSize(size);
        return r;
    }

    private static RangeMapping mapping(DtAddresses.Range r) {
        RangeMapping m = F.createRangeMapping();
        m.setChildAddress(r.childAddress());
        m.setParentAddress(r.parentAddress());
        m.setSize(r.size());
        return m;
    }

}
