package dev.bringup.dt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.eclipse.emf.ecore.util.EcoreUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.google.gson.JsonObject;

import dev.bringup.common.Diagnostic;
import dev.bringup.model.BootMethod;
import dev.bringup.model.BringupProject;
import dev.bringup.model.Iommu;
import dev.bringup.model.IommuKind;
import dev.bringup.model.IommuReference;
import dev.bringup.model.Larb;
import dev.bringup.model.Master;
import dev.bringup.model.RemoteProcessor;
import dev.bringup.model.ReservedMemory;
import dev.bringup.model.Soc;
import dev.bringup.model.support.ModelValidation;
import dev.bringup.model.internal.ModelOperations;

/** The import of every corpus devicetree, and the facts the corpus SoCs are known for. */
class DtImportCorpusTest {

    static Stream<Path> dtbs() throws Exception {
        return TestFiles.corpusBlobs().stream().filter(p -> p.toString().endsWith(".dtb"));
    }

    static DtImport.Result importFile(Path dtb, Path... overlays) throws Exception {
        DeviceTree t = DtImport.load(dtb, List.of(overlays), List.of());
        return DtImport.importTree(t, dtb.getFileName().toString(), Stream.of(overlays).map(Path::toString).toList());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dtbs")
    void everyCorpusDtbImportsEveryNodeOnceAndRoundTrips(Path dtb) throws Exception {
        DeviceTree tree = DeviceTree.read(dtb);
        DtImport.Result r = importFile(dtb);
        assertTrue(r.diagnostics().stream().noneMatch(Diagnostic::isError), () -> r.diagnostics().toString());
        Soc soc = r.soc();
        assertEquals(tree.nodeCount() - 1, ModelOperations.elements(soc).size(), "every node but the root is one element");
        for (DtNode n : tree.root().subtree()) {
            if (n != tree.root()) {
                assertNotNull(soc.findElement(n.path()), n.path());
            }
        }
        BringupProject p = DtImport.project(soc, dtb.getFileName().toString());
        ModelRoundTrip.assertLossless(p);
        List<Diagnostic> findings = ModelValidation.validate(p);
        assertTrue(findings.stream().noneMatch(d -> d.code().startsWith("MODEL_")), () -> findings.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dtbs")
    void theDtsBesideEachDtbImportsToTheSameModel(Path dtb) throws Exception {
        TestFiles.assumeDtc();
        Path dts = Path.of(dtb.toString().replace(".dtb", ".dts"));
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isRegularFile(dts), "no " + dts);
        DtImport.Result fromDtb = importFile(dtb);
        DtImport.Result fromDts = importFile(dts);
        JsonObject a = DtJson.toJson(fromDtb.soc(), fromDtb.diagnostics());
        JsonObject b = DtJson.toJson(fromDts.soc(), fromDts.diagnostics());
        for (JsonObject o : List.of(a, b)) {
            o.remove("source");
            o.remove("diagnostics"); // their locations name the file
        }
        assertEquals(DtJson.print(a), DtJson.print(b));
        assertEquals(fromDtb.diagnostics().size(), fromDts.diagnostics().size());
    }

    private static Map<String, RemoteProcessor> rprocs(Soc soc) {
        return soc.remoteProcessors().stream().collect(Collectors.toMap(RemoteProcessor::getRprocName, rp -> rp));
    }

    @Test
    void sa8775pRideHasFiveRemoteprocsWithTheirPilRegions() throws Exception {
        Soc soc = importFile(TestFiles.corpusDtb().resolve("sa8775p-ride.dtb")).soc();
        Map<String, RemoteProcessor> rp = rprocs(soc);
        assertEquals(List.of("adsp", "cdsp0", "cdsp1", "gpdsp0", "gpdsp1"), rp.keySet().stream().sorted().toList());
        Map<String, String> regions = Map.of("adsp", "pil-adsp@95c00000", "cdsp0", "pil-cdsp0@9b800000", "cdsp1",
                "pil-cdsp1@9d700000", "gpdsp0", "pil-gdsp0@97b00000", "gpdsp1", "pil-gdsp1@99900000");
        for (Map.Entry<String, String> e : regions.entrySet()) {
            RemoteProcessor p = rp.get(e.getKey());
            assertEquals(1, p.getMemoryRegions().size(), e.getKey());
            ReservedMemory m = p.getMemoryRegions().get(0);
            assertEquals(e.getValue(), m.getName());
            assertTrue(m.isNoMap());
            assertEquals(Long.parseLong(e.getValue().substring(e.getValue().indexOf('@') + 1), 16), m.getReg().get(0).getAddress());
            assertTrue(p.getIommus().isEmpty(), "no stream IDs without the EL2 overlay");
            assertEquals(BootMethod.HYPERVISOR_OWNED, p.getBootMethod());
            assertEquals("qcom/sa8775p/" + e.getKey() + ".mbn", p.firmwareName());
            assertEquals(List.of(p), m.users());
        }
    }

    @Test
    void lemansEl2OverlayAddsStreamIdsAndEqualsTheMergedDtb() throws Exception {
        Path dir = TestFiles.corpusDtb();
        DtImport.Result overlaid = importFile(dir.resolve("sa8775p-ride.dtb"), dir.resolve("lemans-el2.dtbo"));
        DtImport.Result merged = importFile(dir.resolve("sa8775p-ride-el2.dtb"));
        Map<String, RemoteProcessor> rp = rprocs(overlaid.soc());
        Map<String, long[]> sids = Map.of("adsp", new long[] { 0x3000, 0 }, "cdsp0", new long[] { 0x21c0, 0x400 }, "cdsp1",
                new long[] { 0x29c0, 0x400 }, "gpdsp0", new long[] { 0x38a0, 0 }, "gpdsp1", new long[] { 0x38c0, 0 });
        for (Map.Entry<String, long[]> e : sids.entrySet()) {
            RemoteProcessor p = rp.get(e.getKey());
            assertEquals(1, p.getIommus().size(), e.getKey());
            IommuReference ref = p.getIommus().get(0);
            assertEquals(e.getValue()[0], ref.getSid(), e.getKey());
            assertEquals(e.getValue()[1], ref.getMask(), e.getKey());
            assertEquals("/soc@0/iommu@15000000", ref.getIommu().getPath());
            assertEquals(BootMethod.SECURE_PAS, p.getBootMethod());
            assertFalse(p.getMemoryRegions().isEmpty());
        }
        // the dt JSON and the model are the same, whether the overlay was applied by fdtoverlay or by us
        JsonObject a = DtJson.toJson(overlaid.soc(), overlaid.diagnostics());
        JsonObject b = DtJson.toJson(merged.soc(), merged.diagnostics());
        for (JsonObject o : List.of(a, b)) {
            o.remove("source");
            o.remove("overlays");
        }
        assertEquals(DtJson.print(b), DtJson.print(a));
        Soc x = overlaid.soc();
        Soc y = merged.soc();
        x.setSourceFile(null);
        y.setSourceFile(null);
        x.getOverlays().clear();
        x.setName(y.getName());
        assertTrue(new EcoreUtil.EqualityHelper().equals(x, y), "imported models are equal");
    }

    @Test
    void mt8183ScpLarbsAndOneSharedIommuGroup() throws Exception {
        Soc soc = importFile(TestFiles.corpusDtb().resolve("mt8183-kukui-krane-sku0.dtb")).soc();
        RemoteProcessor scp = rprocs(soc).get("scp");
        assertEquals("mediatek/mt8183/scp.img", scp.firmwareName());
        assertEquals(0x50000000L, scp.getMemoryRegions().get(0).getReg().get(0).getAddress());
        Iommu m4u = soc.getIommus().stream().filter(i -> i.getKind() == IommuKind.MTK_IOMMU).findFirst().orElseThrow();
        assertEquals(7, m4u.getLarbs().size());
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6), m4u.getLarbs().stream().map(Larb::getLarbId).sorted().toList());
        for (Larb l : m4u.getLarbs()) {
            assertEquals(m4u, l.getIommu());
        }
        // MediaTek: one bank, one IOVA region, so every master behind the m4u shares one group
        assertEquals(1, m4u.getGroups().size());
        List<Master> behind = m4u.references().stream().map(r -> (Master) r.eContainer()).distinct().toList();
        assertEquals(behind, m4u.getGroups().get(0).getMembers());
        assertTrue(behind.size() >= 5);
        for (IommuReference ref : m4u.references()) {
            assertEquals(ref.getSid() >> 5, ref.larbId());
            assertEquals(ref.getSid() & 31, ref.port());
            assertTrue(ref.larbId() < 7);
        }
    }

    @Test
    void am625ProcessorsSeeMemoryAtPhysicalAddresses() throws Exception {
        Soc soc = importFile(TestFiles.corpusDtb().resolve("k3-am625-sk.dtb")).soc();
        Map<String, RemoteProcessor> rp = rprocs(soc);
        assertEquals(List.of("m4f", "r5f"), rp.keySet().stream().sorted().toList());
        RemoteProcessor m4 = rp.get("m4f");
        assertEquals("am62-mcu-m4f0_0-fw", m4.firmwareName());
        assertEquals(2, m4.getMemoryRegions().size());
        long pa = m4.getMemoryRegions().get(1).getReg().get(0).getAddress();
        assertEquals(pa, m4.daOf(pa));
        assertEquals(BootMethod.ELF_LOAD, m4.getBootMethod());
        assertEquals("ti_k3_r5_remoteproc", rp.get("r5f").getDriver());
    }
}
