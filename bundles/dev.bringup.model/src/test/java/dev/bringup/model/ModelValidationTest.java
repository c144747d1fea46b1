package dev.bringup.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.bringup.common.Diagnostic;
import dev.bringup.common.Severity;
import dev.bringup.model.support.ModelValidation;

/** The model's constraints report stable codes with the devicetree path; a clean model reports nothing. */
class ModelValidationTest {

    static final BringupFactory F = BringupFactory.eINSTANCE;

    private static List<String> codes(BringupProject p) {
        return ModelValidation.validate(p).stream().map(Diagnostic::code).toList();
    }

    @Test
    void cleanProjectHasNoFindings() {
        assertEquals(List.of(), ModelValidation.validate(ModelFilesTest.stm32()));
    }

    @Test
    void reservedMemoryRules() {
        BringupProject p = ModelFilesTest.stm32();
        ReservedMemory retram = p.getSoc().getReservedMemory().get(0);
        retram.setReusable(true);
        retram.setAlignment(0x3000);
        ReservedMemory overlapping = F.createReservedMemory();
        overlapping.setName("x@38008000");
        overlapping.setPath("/reserved-memory/x@38008000");
        AddressRange r = F.createAddressRange();
        r.setAddress(0x38008000L);
        r.setSize(0x1000);
        overlapping.getReg().add(r);
        p.getSoc().getReservedMemory().add(overlapping);
        ReservedMemory empty = F.createReservedMemory();
        empty.setName("dyn");
        empty.setPath("/reserved-memory/dyn");
        p.getSoc().getReservedMemory().add(empty);
        List<Diagnostic> d = ModelValidation.validate(p);
        List<String> c = d.stream().map(Diagnostic::code).toList();
        assertTrue(c.containsAll(List.of("RMEM_CMA_NOMAP", "RMEM_ALIGNMENT", "RMEM_OVERLAP", "RMEM_NO_SIZE")), c.toString());
        Diagnostic overlap = d.stream().filter(x -> x.code().equals("RMEM_OVERLAP")).findFirst().orElseThrow();
        assertEquals("/reserved-memory/retram@38000000", overlap.location().dtPath());
        assertEquals(0x38008000L, overlap.location().address());
        assertEquals(0x1000, overlap.location().length());
        assertEquals(Severity.WARNING, overlap.severity(), "the same severity as Linux and the IOMMU simulation");
    }

    @Test
    void processorRules() {
        BringupProject p = ModelFilesTest.stm32();
        RemoteProcessor m4 = p.getSoc().remoteProcessors().get(0);
        m4.getAddressView().get(0).setPa(0x10000000L); // the view no longer reaches RETRAM
        m4.getFirmwareNames().clear();
        Iommu smmu = F.createIommu();
        smmu.setName("iommu@1");
        smmu.setPath("/iommu@1");
        smmu.setIommuCells(2);
        smmu.setGranule(0x1000);
        smmu.setPgsizeBitmap(0x40201000L);
        p.getSoc().getIommus().add(smmu);
        Master dev = F.createMaster();
        dev.setName("dev@2");
        dev.setPath("/dev@2");
        IommuReference ref = F.createIommuReference();
        ref.setIommu(smmu);
        ref.getCells().add(0x10L);
        dev.getIommus().add(ref);
        p.getSoc().getMasters().add(dev);
        List<String> c = codes(p);
        assertTrue(c.containsAll(List.of("RPROC_REGION_NOT_VISIBLE", "RPROC_NO_FIRMWARE_NAME", "IOMMU_CELLS")), c.toString());
        smmu.setGranule(0x2000);
        assertTrue(codes(p).contains("IOMMU_GRANULE"));
    }

    @Test
    void projectRules() {
        BringupProject p = ModelFilesTest.stm32();
        Firmware twin = F.createFirmware();
        twin.setName("rproc-m4-fw");
        p.getFirmware().add(twin);
        BootScenario s = F.createBootScenario();
        s.setName("half");
        p.getScenarios().add(s);
        List<String> c = codes(p);
        assertTrue(c.containsAll(List.of("PROJECT_NAME_DUPLICATE", "SCENARIO_INCOMPLETE")), c.toString());
    }

    @Test
    void modelBundleNeedsNoUserInterface() throws IOException {
        String manifest = Files.readString(Path.of("META-INF/MANIFEST.MF"));
        for (String forbidden : List.of("org.eclipse.swt", "org.eclipse.jface", "org.eclipse.ui", "org.eclipse.emf.edit")) {
            assertTrue(!manifest.contains(forbidden), "model bundle must not need " + forbidden);
        }
        assertTrue(manifest.contains("org.eclipse.emf.ecore.xmi"));
    }
}
