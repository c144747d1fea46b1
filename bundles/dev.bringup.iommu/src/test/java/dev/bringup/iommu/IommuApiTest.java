package dev.bringup.iommu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.junit.jupiter.api.Test;

/** The Linux IOMMU API semantics over an Arm SMMU. */
class IommuApiTest {

    private final Simulation sim;
    private final ArmSmmu smmu;
    private final IommuApi api;
    private final List<IommuEvent> events = new ArrayList<>();

    IommuApiTest() {
        sim = Simulation.create(PhysicalMemory.builder()
                .region("dram", 0x8000_0000L, 0x8000_0000L, MemoryRegion.Kind.DRAM).build());
        sim.events().addListener(events::add);
        smmu = sim.addArmSmmu(ArmSmmu.config("15000000.iommu").contextBanks(16));
        api = sim.api();
    }

    private Master dev(String name, int sid) throws IommuException {
        return sim.addMaster(Master.builder(name).iommu(smmu).streamId(sid));
    }

    private IommuDomain attached(Master m) throws IommuException {
        IommuDomain d = api.domainAlloc(m);
        api.attachDevice(d, m);
        return d;
    }

    @Test
    void mapChecksAlignmentAndProt() throws Exception {
        IommuDomain d = attached(dev("adsp", 0x1800));
        IommuException e = assertThrows(IommuException.class, () -> api.map(d, 0x1800, 0x8000_0000L, 0x1000,
                IommuProt.RW));
        assertEquals(Errno.EINVAL, e.errno());
        assertTrue(e.getMessage().startsWith("unaligned: iova 0x1800 pa 0x0000000080000000 size 0x1000"
                + " min_pagesz 0x1000"), e.getMessage());
        dev.bringup.common.Diagnostic diag = e.toDiagnostic("IOMMU_MAP");
        assertEquals(0x1800, diag.location().address());
        assertEquals(0x1000, diag.location().length());
        assertTrue(diag.toString().startsWith("error IOMMU_MAP at [0x1800..0x2800): -EINVAL: unaligned"), diag.toString());
        assertEquals("align iova, pa and size to 0x1000", diag.fix());
        assertEquals(Errno.EINVAL, assertThrows(IommuException.class,
                () -> api.map(d, 0x1000, 0x8000_0000L, 0x1000, IommuProt.CACHE)).errno());
        assertEquals(Errno.ERANGE, assertThrows(IommuException.class,
                () -> api.map(d, (1L << 48) - 0x1000, 0x8000_0000L, 0x2000, IommuProt.RW)).errno());
        IommuDomain identity = api.domainAlloc(Objects.requireNonNull(sim.master("adsp")), DomainType.IDENTITY);
        assertEquals(Errno.EINVAL, assertThrows(IommuException.class,
                () -> api.map(identity, 0x1000, 0x1000, 0x1000, IommuProt.RW)).errno());
    }

    @Test
    void aFailedMapIsUnrolled() throws Exception {
        IommuDomain d = attached(dev("adsp", 0x1800));
        api.map(d, 0x3000, 0x9000_0000L, 0x1000, IommuProt.RW);
        /* one call of map_pages per last-level table: all of it or nothing */
        IommuException e = assertThrows(IommuException.class,
                () -> api.map(d, 0x1000, 0x8000_0000L, 0x4000, IommuProt.RW));
        assertEquals(Errno.EEXIST, e.errno());
        assertTrue(e.getMessage().contains("of [0x1000..0x5000): iova 0x3000 is already mapped (0x1000 bytes at pa"
                + " 0x90000000)"), e.getMessage());
        assertEquals(0, api.iovaToPhys(d, 0x1000));
        /* across a table boundary the first table's pages are mapped, then unrolled */
        api.map(d, 0x20_1000, 0x9000_1000L, 0x1000, IommuProt.RW);
        e = assertThrows(IommuException.class, () -> api.map(d, 0x1F_E000, 0x8000_0000L, 0x4000, IommuProt.RW));
        assertEquals(Errno.EEXIST, e.errno());
        assertEquals(0, api.iovaToPhys(d, 0x1F_E000));
        assertEquals(0, api.iovaToPhys(d, 0x1F_F000));
        assertEquals(0, api.iovaToPhys(d, 0x20_0000));
        assertEquals(0x9000_1000L, api.iovaToPhys(d, 0x20_1000));
        assertEquals(2, d.pageTable().leafDescriptors());
        IommuEvent unroll = events.get(events.size() - 2);
        assertEquals(IommuEvent.Kind.UNMAP, unroll.kind());
        assertEquals(0x1F_E000, unroll.iova());
        assertEquals(0x2000, unroll.value());
        assertEquals(Errno.EEXIST, events.get(events.size() - 1).error());
    }

    @Test
    void unmapStopsAtAHoleAndReturnsTheSizeUnmapped() throws Exception {
        IommuDomain d = attached(dev("adsp", 0x1800));
        api.map(d, 0x1000, 0x8000_0000L, 0x2000, IommuProt.RW);
        api.map(d, 0x4000, 0x8000_4000L, 0x1000, IommuProt.RW);
        assertEquals(0x2000, api.unmap(d, 0x1000, 0x4000));
        assertEquals(0x8000_4000L, api.iovaToPhys(d, 0x4000));
        assertTrue(events.get(events.size() - 1).text().contains("stopped at 0x3000: not mapped"));
        assertEquals(0, api.unmap(d, 0x1800, 0x1000), "unaligned");
    }

    @Test
    void unmapCannotSplitABlock() throws Exception {
        IommuDomain d = attached(dev("adsp", 0x1800));
        api.map(d, 0x20_0000, 0x8020_0000L, 0x20_0000, IommuProt.RW);
        assertEquals(0, api.unmap(d, 0x20_1000, 0x1000));
        assertEquals(0, api.unmap(d, 0x20_0000, 0x1000), "4K from the start of a 2M block splits it too");
        assertEquals(0x8020_1000L, api.iovaToPhys(d, 0x20_1000));
        assertEquals(0x20_0000, api.unmap(d, 0x20_0000, 0x20_0000));
    }

    @Test
    void unmapOfABlockSizedRangeClearsTheWholeTableBelowIt() throws Exception {
        IommuDomain d = attached(dev("adsp", 0x1800));
        api.map(d, 0x20_0000, 0x8000_0000L, 0x1000, IommuProt.RW);
        api.map(d, 0x2F_F000, 0x8000_1000L, 0x1000, IommuProt.RW);
        /* io-pgtable-arm: a 2M unmap at a table entry frees the table and all its pages */
        assertEquals(0x20_0000, api.unmap(d, 0x20_0000, 0x20_0000));
        assertEquals(0, d.pageTable().leafDescriptors());
        /* and Linux keeps empty tables: unmapping the same 2M again still "unmaps" 2M */
        api.map(d, 0x40_0000, 0x8000_0000L, 0x1000, IommuProt.RW);
        assertEquals(0x1000, api.unmap(d, 0x40_0000, 0x1000));
        assertEquals(0x20_0000, api.unmap(d, 0x40_0000, 0x20_0000));
    }

    @Test
    void attachRefusesSharedGroupsBusyGroupsAndForeignDomains() throws Exception {
        Master a = dev("a", 0x10);
        Master b = sim.addMaster(Master.builder("b").iommu(smmu).streamId(0x11));
        Master masked = sim.addMaster(Master.builder("c").iommu(smmu).streamId(0x20, 0xf));
        Master sibling = sim.addMaster(Master.builder("d").iommu(smmu).streamId(0x2a));
        assertSame(masked.group(), sibling.group(), "0x2a matches 0x20 under mask 0xf");
        assertNotSame(a.group(), b.group());

        IommuException shared = assertThrows(IommuException.class, () -> attached(sibling));
        assertEquals(Errno.EINVAL, shared.errno());
        assertTrue(shared.getMessage().contains("c (SID 0x20/0xf), d (SID 0x2a)"), shared.getMessage());

        IommuDomain first = attached(a);
        IommuDomain second = api.domainAlloc(a);
        IommuException busy = assertThrows(IommuException.class, () -> api.attachDevice(second, a));
        assertEquals(Errno.EBUSY, busy.errno());
        assertTrue(busy.getMessage().contains(first.label()), busy.getMessage());
        assertEquals(Errno.EBUSY, assertThrows(IommuException.class, () -> api.attachDevice(first, a)).errno(),
                "attaching the same unmanaged domain twice is -EBUSY too");
        assertEquals(Errno.EBUSY, assertThrows(IommuException.class, () -> api.domainFree(first)).errno());
        api.detachDevice(first, a);
        assertSame(a.group().defaultDomain(), api.getDomainForDev(a));
        api.attachDevice(second, a);
        api.detachDevice(second, a);
        api.domainFree(first);
        assertTrue(first.isFreed());
        assertEquals(Errno.EINVAL, assertThrows(IommuException.class, () -> api.attachDevice(first, a)).errno());

        Master direct = sim.addMaster(Master.builder("no-iommu"));
        assertNull(direct.group());
        assertEquals(Errno.ENODEV, assertThrows(IommuException.class, () -> api.domainAlloc(direct)).errno());
        assertEquals(Errno.ENODEV, assertThrows(IommuException.class, () -> api.attachDevice(second, direct)).errno());

        ArmSmmu other = sim.addArmSmmu(ArmSmmu.config("other.iommu"));
        Master z = sim.addMaster(Master.builder("z").iommu(other).streamId(1));
        assertEquals(Errno.EINVAL, assertThrows(IommuException.class, () -> api.attachDevice(second, z)).errno());
    }

    @Test
    void contextBanksRunOut() throws Exception {
        /* 4 banks: the default domains of a and b take two */
        ArmSmmu small = sim.addArmSmmu(ArmSmmu.config("small.iommu").contextBanks(4));
        Master a = sim.addMaster(Master.builder("a").iommu(small).streamId(1));
        sim.addMaster(Master.builder("b").iommu(small).streamId(2));
        api.domainAlloc(a);
        api.domainAlloc(a);
        IommuException e = assertThrows(IommuException.class, () -> api.domainAlloc(a));
        assertEquals(Errno.ENOSPC, e.errno());
        assertTrue(e.getMessage().contains("all 4 are in use"), e.getMessage());
    }

    @Test
    void iommuMapTranslatesFunctionIdsToStreamIds() throws Exception {
        List<IommuMapEntry> map = List.of(new IommuMapEntry(0x0, 0x1c00, 0x10), new IommuMapEntry(0x100, 0x1d00, 4));
        Master f1 = sim.addMaster(Master.builder("fastrpc-cb1").iommu(smmu).iommuMap(map, 0xffff, 0x3));
        Master f2 = sim.addMaster(Master.builder("fastrpc-cb2").iommu(smmu).iommuMap(map, 0xffff, 0x102));
        assertEquals(0x1c03, f1.streamId());
        assertEquals(0x1d02, f2.streamId());
        assertNotSame(f1.group(), f2.group(), "functions with their own stream IDs are isolated");
        Master stray = sim.addMaster(Master.builder("stray").iommu(smmu).iommuMap(map, 0xffff, 0x200));
        assertEquals(0x200, stray.streamId(), "of_map_id() passes an unmapped id through");
        assertTrue(events.stream().anyMatch(e -> e.text().contains("no iommu-map translation for id 0x200")));
    }

    @Test
    void faultsGoToTheHandlerOrArePrintedAsArmSmmuDoes() throws Exception {
        Master adsp = dev("adsp", 0x19c3);
        IommuDomain d = attached(adsp);
        api.map(d, 0x1000, 0x8000_0000L, 0x1000, IommuProt.READ);
        DeviceAccess.Result r = sim.access().read(adsp, 0x5000, new byte[8]);
        FaultRecord f = r.fault();
        assertEquals(FaultRecord.Reason.TRANSLATION, f.reason());
        assertEquals(Errno.ENOSYS.negated(), f.handlerResult());
        assertEquals(List.of(
                "arm-smmu 15000000.iommu: Unhandled context fault: fsr=0x402, iova=0x00005000, fsynr=0x3,"
                        + " cbfrsynra=0x19c3, cb=" + d.context(),
                "arm-smmu 15000000.iommu: FSR    = 00000402 [Format=2 TF], SID=0x19c3",
                "arm-smmu 15000000.iommu: FSYNR0 = 00000003 [S1CBNDX=0 PLVL=3]"), f.kernelLog());

        /* a write to a read-only page is a permission fault */
        f = sim.access().write(adsp, 0x1008, new byte[4]).fault();
        assertEquals(FaultRecord.Reason.PERMISSION, f.reason());
        assertTrue(f.kernelLog().get(0).contains("fsr=0x408"), f.kernelLog().get(0));
        assertTrue(f.kernelLog().get(2).contains("WNR PLVL=3"), f.kernelLog().get(2));

        /* with a handler: it gets iova and flags; returning 0 silences the driver */
        List<String> seen = new ArrayList<>();
        api.setFaultHandler(d, (dom, dev, iova, flags) -> {
            seen.add(Long.toHexString(iova) + "/" + flags);
            return 0;
        });
        f = sim.access().write(adsp, 0x7_0000, new byte[4]).fault();
        assertEquals(List.of("70000/1"), seen);
        assertEquals(0, f.handlerResult());
        assertTrue(f.kernelLog().isEmpty());
        assertEquals(3, f.level(), "0x70000 shares the last-level table of 0x1000");
    }

    @Test
    void reportIommuFaultWithoutHandlerIsEnosys() throws Exception {
        IommuDomain d = attached(dev("adsp", 1));
        assertEquals(-38, api.reportIommuFault(d, null, 0x1000, FaultHandler.FAULT_READ));
        api.setFaultHandler(d, (dom, dev, iova, flags) -> -5);
        assertEquals(-5, api.reportIommuFault(d, null, 0x1000, FaultHandler.FAULT_READ));
    }

    @Test
    void devicetreeIommuAddressesAreDirectOnlyWhereIovaEqualsPa() throws Exception {
        ReservedRegion direct = ReservedRegion.fromIommuAddresses("/reserved-memory/fb@90000000", 0x9000_0000L,
                0x10_0000, 0x9000_0000L, 0x10_0000, false);
        ReservedRegion hole = ReservedRegion.fromIommuAddresses("/reserved-memory/fw@91000000", 0x9100_0000L,
                0x10_0000, 0x1000_0000L, 0x10_0000, false);
        assertEquals(ReservedRegion.Type.DIRECT, direct.type());
        assertEquals(ReservedRegion.Type.RESERVED, hole.type());
        assertEquals("treating non-direct mapping [mem 0x91000000-0x910fffff] -> [0x0000000010000000-0x00000000100fffff]"
                + " as reservation", hole.note());
        Master disp = sim.addMaster(Master.builder("display").iommu(smmu).streamId(5).reservedRegion(direct)
                .reservedRegion(hole));
        IommuDomain def = disp.group().defaultDomain();
        /* DIRECT: mapped 1:1 in the default domain at probe, and taken in the IOVA allocator */
        assertEquals(0x9000_0000L, api.iovaToPhys(def, 0x9000_0000L));
        assertEquals(IovaAllocator.Kind.RESERVED, def.iovaAllocator().find(0x9000_0000L >>> 12).kind());
        /* RESERVED: a hole, never mapped, never handed out */
        assertEquals(0, api.iovaToPhys(def, 0x1000_0000L));
        assertEquals(IovaAllocator.Kind.RESERVED, def.iovaAllocator().find(0x1000_0000L >>> 12).kind());
        /* the SMMU's software MSI window is not taken: the DMA layer manages it */
        assertTrue(api.getResvRegions(disp).stream().anyMatch(r -> r.type() == ReservedRegion.Type.SW_MSI
                && r.start() == ArmSmmu.MSI_IOVA_BASE));
        assertNull(def.iovaAllocator().find(ArmSmmu.MSI_IOVA_BASE >>> 12));
        assertTrue(events.stream().anyMatch(e -> e.kind() == IommuEvent.Kind.DIRECT_MAP && e.ok()));
        assertTrue(events.stream().anyMatch(e -> e.text().contains("treating non-direct mapping")));

        /* a device with a DIRECT region may not be blocked; an unmanaged domain drops the 1:1 map (warned) */
        IommuDomain blocked = api.domainAlloc(disp, DomainType.BLOCKED);
        IommuException e = assertThrows(IommuException.class, () -> api.attachDevice(blocked, disp));
        assertEquals(Errno.EINVAL, e.errno());
        assertTrue(e.getMessage().contains("Firmware has requested this device have a 1:1 IOMMU mapping"));
        attached(disp);
        assertTrue(events.stream().anyMatch(ev -> ev.kind() == IommuEvent.Kind.WARNING
                && ev.text().contains("does not map the DIRECT region [0x90000000..0x90100000)")));
    }

    @Test
    void aHypervisorOwnedMasterRefusesHostMappingsButShowsTheOwners() throws Exception {
        Master cdsp = sim.addMaster(Master.builder("26300000.remoteproc").iommu(smmu).streamId(0x1c01)
                .owner(TranslationOwner.HYPERVISOR));
        assertNull(cdsp.group().domain(), "the host set up nothing");
        /* before the hypervisor programs it, the stream is unknown to the SMMU */
        FaultRecord blocked = sim.access().read(cdsp, 0x0, new byte[4]).fault();
        assertEquals(FaultRecord.Reason.BLOCKED, blocked.reason());
        assertTrue(blocked.kernelLog().get(0).contains("Blocked unknown Stream ID 0x1c01"));

        OwnerAccess qhee = sim.owner(TranslationOwner.HYPERVISOR);
        IommuDomain hyp = qhee.domainAlloc(cdsp);
        qhee.attach(hyp, cdsp);
        qhee.map(hyp, 0x0, 0x9000_0000L, 0x20_0000, IommuProt.RW);

        IommuException e = assertThrows(IommuException.class, () -> api.map(hyp, 0x20_0000, 0x9020_0000L, 0x1000,
                IommuProt.RW));
        assertEquals(Errno.EPERM, e.errno());
        assertTrue(e.getMessage().contains("belongs to the hypervisor"), e.getMessage());
        assertEquals(Errno.EPERM, assertThrows(IommuException.class, () -> api.unmap(hyp, 0, 0x1000)).errno());
        IommuDomain mine = api.domainAlloc(cdsp);
        assertEquals(Errno.EPERM, assertThrows(IommuException.class, () -> api.attachDevice(mine, cdsp)).errno());
        assertEquals(Errno.EPERM, assertThrows(IommuException.class, () -> qhee.map(mine, 0, 0, 0x1000,
                IommuProt.RW)).errno());

        /* the owner's mappings are visible to the host and used by the device */
        assertSame(hyp, api.getDomainForDev(cdsp));
        assertEquals(0x9000_1000L, api.iovaToPhys(hyp, 0x1000));
        assertTrue(hyp.pageTable().walk(0x1000).mapped());
        sim.memory().write(0x9000_1000L, new byte[] { 7, 8 });
        byte[] got = new byte[2];
        assertTrue(sim.access().read(cdsp, 0x1000, got).ok());
        assertArrayEquals(new byte[] { 7, 8 }, got);
        assertTrue(events.stream().anyMatch(ev -> ev.kind() == IommuEvent.Kind.OWNER_MAP && ev.ok()));
    }

    @Test
    void identityAndBlockedDomains() throws Exception {
        Master pt = sim.addMaster(Master.builder("pt").iommu(smmu).streamId(9).defaultDomainType(DomainType.IDENTITY));
        assertEquals(DomainType.IDENTITY, api.getDomainForDev(pt).type());
        assertEquals(0x8000_0000L, sim.access().translate(pt, 0x8000_0000L, true));
        assertEquals(0x1234, api.iovaToPhys(Objects.requireNonNull(api.getDomainForDev(pt)), 0x1234));
        IommuDomain blocked = api.domainAlloc(pt, DomainType.BLOCKED);
        api.attachDevice(blocked, pt);
        FaultRecord f = sim.access().read(pt, 0x8000_0000L, new byte[1]).fault();
        assertEquals(FaultRecord.Reason.BLOCKED, f.reason());
        assertEquals(0, api.iovaToPhys(blocked, 0x1000));
    }

    @Test
    void everyOperationIsAnEventWithItsArgumentsAndResult() throws Exception {
        Master adsp = dev("adsp", 1);
        events.clear();
        IommuDomain d = attached(adsp);
        api.map(d, 0x1000, 0x8000_0000L, 0x2000, IommuProt.RW);
        api.unmap(d, 0x1000, 0x2000);
        api.detachDevice(d, adsp);
        api.domainFree(d);
        List<IommuEvent.Kind> kinds = events.stream().map(IommuEvent::kind).toList();
        assertEquals(List.of(IommuEvent.Kind.DOMAIN_ALLOC, IommuEvent.Kind.ATTACH, IommuEvent.Kind.MAP,
                IommuEvent.Kind.UNMAP, IommuEvent.Kind.DETACH, IommuEvent.Kind.DOMAIN_FREE), kinds);
        IommuEvent map = events.get(2);
        assertEquals(0x1000, map.iova());
        assertEquals(0x8000_0000L, map.pa());
        assertEquals(0x2000, map.size());
        assertTrue(map.ok());
        assertEquals("iommu_map(" + d.label() + ", iova 0x1000, pa 0x80000000, size 0x2000, RW) = 0", map.text());
        assertEquals(0x2000, events.get(3).value());
        for (int i = 1; i < events.size(); i++) {
            assertEquals(events.get(i - 1).seq() + 1, events.get(i).seq());
        }
        assertFalse(events.isEmpty());
    }
}
