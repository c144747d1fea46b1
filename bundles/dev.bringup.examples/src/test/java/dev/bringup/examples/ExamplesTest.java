package dev.bringup.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.eclipse.emf.ecore.util.EcoreUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.bringup.common.Diagnostic;
import dev.bringup.dt.DeviceTree;
import dev.bringup.dt.DtNode;
import dev.bringup.dt.DtProperty;
import dev.bringup.dt.DtsCompiler;
import dev.bringup.model.BootMethod;
import dev.bringup.model.BringupProject;
import dev.bringup.model.Iommu;
import dev.bringup.model.IommuGroup;
import dev.bringup.model.IommuAddress;
import dev.bringup.model.RemoteProcessor;
import dev.bringup.model.ReservedMemory;
import dev.bringup.model.Soc;
import dev.bringup.model.support.ModelFiles;
import dev.bringup.model.support.ModelValidation;

/** Every example compiles from its source, imports without errors, round-trips through XMI and shows what it is for. */
class ExamplesTest {

    static final Path SOURCES = Path.of("src/main/resources/dev/bringup/examples/dts");

    static Stream<String> examples() {
        return Examples.all().stream().map(Examples.Example::id);
    }

    static Stream<Path> sources() throws Exception {
        try (Stream<Path> s = Files.list(SOURCES)) {
            return s.filter(p -> p.toString().endsWith(".dts") || p.toString().endsWith(".dtso")).sorted().toList().stream();
        }
    }

    /** Paths, property names, order and bytes of a tree. */
    static String dump(DeviceTree t) {
        StringBuilder b = new StringBuilder();
        for (DtNode n : t.root().subtree()) {
            b.append(n.path()).append('\n');
            for (DtProperty p : n.properties()) {
                b.append("  ").append(p.name()).append(" = ").append(java.util.HexFormat.of().formatHex(p.bytes())).append('\n');
            }
        }
        return b.toString();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sources")
    void committedBlobMatchesItsSourceAndDtc(Path source) throws Exception {
        assumeTrue(DtsCompiler.isDtcAvailable(), "dtc is not installed; skipping");
        String name = source.getFileName().toString();
        String blob = name.endsWith(".dtso") ? name.replace(".dtso", ".dtbo") : name.replace(".dts", ".dtb");
        DeviceTree committed = DeviceTree.read(Examples.resource(blob), blob);
        DeviceTree fresh = DeviceTree.read(DtsCompiler.compile(source, List.of()), name);
        assertEquals(dump(fresh), dump(committed), blob + " is stale: run bundles/dev.bringup.examples/rebuild-dtbs.sh");
        // our reader agrees with dtc reading the same blob
        Process p = new ProcessBuilder("dtc", "-q", "-I", "dtb", "-O", "dtb", "-").start();
        try (var in = p.getOutputStream()) {
            in.write(Examples.resource(blob));
        }
        byte[] viaDtc = p.getInputStream().readAllBytes();
        assertEquals(0, p.waitFor());
        assertEquals(dump(DeviceTree.read(viaDtc, "dtc")), dump(committed));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void importsWithoutErrorsAndRoundTripsLosslessly(String id) throws Exception {
        Examples.Example e = Examples.byId(id);
        assertNotNull(e);
        BringupProject p = Examples.project(e);
        List<Diagnostic> findings = ModelValidation.validate(p);
        assertTrue(findings.stream().noneMatch(Diagnostic::isError), findings.toString());
        assertTrue(!p.getSoc().remoteProcessors().isEmpty());
        assertEquals(p.getScenarios().size(), p.getSoc().remoteProcessors().size(), "one scenario per processor");
        byte[] first = ModelFiles.toBytes(p);
        BringupProject loaded = ModelFiles.fromBytes(first, e.id());
        assertTrue(new EcoreUtil.EqualityHelper().equals(p, loaded));
        byte[] second = ModelFiles.toBytes(loaded);
        assertArrayEquals(first, second);
        assertTrue(new EcoreUtil.EqualityHelper().equals(loaded, ModelFiles.fromBytes(second, e.id())));
    }

    @Test
    void readmeNamesEveryFirmwareTheExamplesExpect() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        List<String> missing = new ArrayList<>();
        for (Examples.Example e : Examples.all()) {
            for (RemoteProcessor rp : Examples.project(e).getSoc().remoteProcessors()) {
                for (String fw : rp.getFirmwareNames()) {
                    if (!readme.contains("`" + fw + "`")) {
                        missing.add(e.id() + ": " + fw);
                    }
                }
            }
        }
        assertEquals(List.of(), missing);
    }

    private static Map<String, RemoteProcessor> rprocs(Soc soc) {
        return soc.remoteProcessors().stream().collect(Collectors.toMap(RemoteProcessor::getRprocName, r -> r));
    }

    private static Soc soc(String id) throws Exception {
        Examples.Example e = Examples.byId(id);
        assertNotNull(e, id);
        return Examples.project(e).getSoc();
    }

    @Test
    void stm32M4SeesRetramAtZero() throws Exception {
        RemoteProcessor m4 = rprocs(soc("stm32mp157-m4")).get("m4");
        assertEquals("rproc-m4-fw", m4.firmwareName());
        assertEquals(List.of("retram@38000000", "mcuram@30000000", "mcuram2@10000000", "vdev0vring0@10040000",
                "vdev0vring1@10041000", "vdev0buffer@10042000"), m4.getMemoryRegions().stream().map(ReservedMemory::getName).toList());
        assertEquals(Long.valueOf(0), m4.daOf(0x38000000L));
        assertTrue(m4.getIommus().isEmpty());
        assertEquals(Examples.demo().id(), "stm32mp157-m4");
    }

    @Test
    void mt8183ApuSharesTheOnlyGroupWithTheLarbsMasters() throws Exception {
        Soc soc = soc("mt8183-apu");
        RemoteProcessor apu = rprocs(soc).get("apu");
        Iommu m4u = apu.getIommus().get(0).getIommu();
        assertEquals(7, m4u.getLarbs().size());
        assertEquals(5, apu.getIommus().get(0).larbId());
        assertEquals(9, apu.getIommus().get(0).port());
        assertEquals(1, m4u.getGroups().size());
        IommuGroup g = m4u.getGroups().get(0);
        assertTrue(g.getMembers().contains(apu) && g.getMembers().size() == 5, g.getMembers().toString());
        assertTrue(apu.getMemoryRegions().get(0).isDynamic());
        assertTrue(rprocs(soc).get("apu").getCompatible().contains("mediatek,mt8183-apu"));
    }

    @Test
    void mt8365ApuWindowIsDirectMapped() throws Exception {
        Soc soc = soc("mt8365-apu");
        assertEquals(List.of("apu"), soc.remoteProcessors().stream().map(RemoteProcessor::getRprocName).toList(),
                "the APU clock syscon is no processor");
        ReservedMemory fw = soc.getReservedMemory().get(0);
        IommuAddress a = fw.getIommuAddresses().get(0);
        assertEquals(rprocs(soc).get("apu"), a.getDevice());
        assertEquals(0x60000000L, a.getIova());
        assertEquals(0x10000000L, a.getSize());
        assertTrue(a.isDirect());
    }

    @Test
    void kvmOverlayGivesTheAdspItsStreamId() throws Exception {
        RemoteProcessor hyp = rprocs(soc("sa8775p-adsp")).get("adsp");
        assertEquals(BootMethod.HYPERVISOR_OWNED, hyp.getBootMethod());
        assertTrue(hyp.getIommus().isEmpty());
        RemoteProcessor kvm = rprocs(soc("sa8775p-adsp-kvm")).get("adsp");
        assertEquals(BootMethod.SECURE_PAS, kvm.getBootMethod());
        assertEquals(0x3000L, kvm.getIommus().get(0).getSid());
        assertEquals("/soc@0/iommu@15000000", kvm.getIommus().get(0).getIommu().getPath());
    }

    @Test
    void fastrpcSessionsReachTheSmmuThroughIommuMap() throws Exception {
        Soc soc = soc("qcom-adsp-fastrpc-iommu-map");
        Iommu smmu = soc.getIommus().get(0);
        assertEquals(List.of(0x1003L, 0x1004L, 0x1005L, 0x1009L), smmu.streamIds());
        assertEquals(2, smmu.mapEntries().size());
        assertEquals("/soc@0/remoteproc@30000000/glink-edge/fastrpc", ((dev.bringup.model.Master) smmu.mapEntries().get(0).eContainer()).getPath());
        assertEquals(List.of("qcom/sm8550/adsp.mbn", "qcom/sm8550/adsp_dtb.mbn"), rprocs(soc).get("adsp").getFirmwareNames());
        assertEquals(2, smmu.getGroups().size());
    }
}
