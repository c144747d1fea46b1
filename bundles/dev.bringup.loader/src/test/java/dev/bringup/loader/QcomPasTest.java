package dev.bringup.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.bringup.iommu.AddressRange;
import dev.bringup.iommu.Master;
import dev.bringup.model.BootStrategy;
import dev.bringup.model.Soc;

/**
 * The SA8775P ADSP through the secure world (PAS): under Qualcomm's hypervisor the host maps
 * nothing; on a KVM host (the EL2 overlay) the host maps the carveout 1:1 and creates an SHM bridge;
 * the split image's segments come from its .bNN files and the secure world checks their hashes.
 */
class QcomPasTest {

    private static final long PIL = 0x95c00000L;
    private static final long PIL_SIZE = 0x1e00000L;

    /** Whether any step made a host-side iommu_map. */
    private static boolean hostMapped(BootSession s) {
        return s.steps().stream().flatMap(st -> st.iommu().stream()).anyMatch(l -> l.startsWith("iommu_map("));
    }

    private static void assertHypervisorBoot(BootSession s) throws Exception {
        assertEquals(RprocState.RUNNING, s.state(), () -> BootText.render(s));
        assertFalse(hostMapped(s), "the host makes no IOMMU mapping under the hypervisor");
        assertTrue(s.shmBridges().isEmpty());
        DomainView hyp = s.domains().stream().filter(d -> d.owner().equals("hypervisor")).findFirst().orElseThrow();
        assertEquals(List.of(new DomainView.Mapping(PIL, PIL, PIL_SIZE, "RW")), runs(hyp));
        byte[] code = s.readDa(PIL, 16);
        assertEquals(code.length, 16);
        assertTrue(TestFiles.lines(s).contains("remoteproc remoteproc" + s.remoteproc().index()
                + ": remote processor adsp is now up"), () -> BootText.render(s));
    }

    @Test
    void underTheHypervisorTheHostMapsNothing() throws Exception {
        try (BootSession s = BootSession.open(Scenarios.require("sa8775p-adsp").request(null))) {
            s.runTo("remote: fetch");
            assertHypervisorBoot(s);
            List<String> notes = s.steps().stream().flatMap(st -> st.notes().stream()).toList();
            assertTrue(notes.stream().anyMatch(n -> n.contains("segments read from the .bNN files of sa8775p-adsp.mdt")), notes::toString);
            assertTrue(notes.stream().anyMatch(n -> n.contains("2 segment hash(es) match what is in memory")), notes::toString);
        }
    }

    @Test
    void onTheCorpusDevicetreeToo() throws Exception {
        Soc soc = TestFiles.soc(TestFiles.corpus("dtb/sa8775p-ride.dtb"));
        BootRequest r = BootRequest.builder(soc, "adsp", new BootRequest.FromFile(TestFiles.exampleImage("sa8775p-adsp.mdt")))
                .build();
        try (BootSession s = BootSession.open(r)) {
            s.resume();
            assertHypervisorBoot(s);
            assertNull(s.error(), () -> BootText.render(s));
        }
    }

    private static void assertKvmBoot(BootSession s) {
        assertEquals(RprocState.RUNNING, s.state(), () -> BootText.render(s));
        assertNull(s.error(), () -> BootText.render(s));
        assertTrue(hostMapped(s), "the KVM host maps the carveout itself");
        DomainView mine = s.domains().stream().filter(d -> d.type().equals("UNMANAGED") && d.owner().equals("host"))
                .findFirst().orElseThrow();
        assertEquals(List.of(new DomainView.Mapping(PIL, PIL, PIL_SIZE, "RW")), runs(mine), "identity");
        assertTrue(mine.devices().contains("30000000.remoteproc"));
        assertEquals(List.of(new AddressRange(PIL, PIL_SIZE)), s.shmBridges());
        List<String> notes = s.steps().stream().flatMap(st -> st.notes().stream()).toList();
        assertTrue(notes.stream().anyMatch(n -> n.startsWith("secure world: returns a resource table")), notes::toString);
        int map = -1;
        int auth = -1;
        for (BootStep st : s.steps()) {
            for (String n : st.notes()) {
                if (n.startsWith("the host mapped the carveout")) {
                    map = st.index() * 1000 + st.notes().indexOf(n);
                }
                if (n.contains("released from reset")) {
                    auth = st.index() * 1000 + st.notes().indexOf(n);
                }
            }
        }
        assertTrue(map >= 0 && map < auth, "mapped before auth_and_reset");
    }

    @Test
    void onAKvmHostTheHostMapsTheCarveoutOneToOneAndBridgesIt() throws Exception {
        try (BootSession s = TestFiles.run("sa8775p-adsp-kvm", BootStrategy.LINUX_DEFAULT)) {
            assertKvmBoot(s);
        }
    }

    @Test
    void onTheCorpusEl2DevicetreeToo() throws Exception {
        Path dtb = TestFiles.corpus("dtb/sa8775p-ride-el2.dtb");
        Soc soc = TestFiles.soc(dtb);
        BootRequest r = BootRequest.builder(soc, "adsp", new BootRequest.FromFile(TestFiles.exampleImage("sa8775p-adsp.mdt")))
                .build();
        try (BootSession s = BootSession.open(r)) {
            s.resume();
            assertKvmBoot(s);
        }
    }

    @Test
    void theKvmFlowUnderTheHypervisorIsRefused() throws Exception {
        try (BootSession s = TestFiles.run("sa8775p-adsp", BootStrategy.HOST_MAPS_BEFORE_PAS)) {
            BootError e = s.error();
            assertNotNull(e);
            assertEquals("rproc_enable_iommu", e.step());
            assertEquals(-1, e.errno(), "-EPERM");
            assertTrue(e.diagnosis().contains("belongs to the hypervisor"), e.diagnosis());
        }
    }

    @Test
    void fastRpcSessionsHaveAStreamEachAndACrossSessionAccessFaults() throws Exception {
        try (BootSession s = TestFiles.run("sa8775p-adsp", BootStrategy.LINUX_DEFAULT)) {
            List<String> log = TestFiles.lines(s);
            assertTrue(log.contains("arm-smmu 15000000.iommu: Unhandled context fault: fsr=0x402, iova=0xfff00000, fsynr=0x0,"
                    + " cbfrsynra=0x3004, cb=1"), log::toString);
            assertTrue(log.contains("qcom_q6v5_pas 30000000.remoteproc: fatal error received: SFR Init: wdog or kernel error"
                    + " suspected."));
            assertTrue(log.contains("remoteproc remoteproc0: crash detected in adsp: type fatal error"));
            assertEquals(1, s.remoteproc().crashCount());
            assertEquals(RprocState.RUNNING, s.state(), "recovered");
            assertEquals(1, s.coreDumps().size());
            assertEquals("remote: read", s.error().step(), "the cross-session read is the failure");
        }
    }

    @Test
    void iommuMapGivesEveryFastRpcFunctionItsOwnStream() throws Exception {
        try (BootSession s = TestFiles.run("qcom-adsp-fastrpc", BootStrategy.LINUX_DEFAULT)) {
            for (int rid : new int[] { 3, 4, 5, 9 }) {
                Master m = s.simulation().master("30000000.remoteproc:glink-edge:fastrpc:session@" + rid);
                assertNotNull(m, "session " + rid);
                assertEquals(0x1000 + rid, m.streamId());
                assertEquals(1, m.group().devices().size(), "a group of its own");
            }
            BootError e = s.error();
            assertNotNull(e, "the example image has no hash segment for the secure world");
            assertEquals("ops->start", e.step());
            assertTrue(TestFiles.lines(s).contains("qcom_q6v5_pas 30000000.remoteproc: no hash segment found in"
                    + " qcom/sm8550/adsp.mbn"));
        }
    }

    /** The domain's runs without their leaf sizes. */
    private static List<DomainView.Mapping> runs(DomainView d) {
        return d.mappings().stream().map(m -> new DomainView.Mapping(m.iova(), m.pa(), m.size(), m.prot())).toList();
    }
}
