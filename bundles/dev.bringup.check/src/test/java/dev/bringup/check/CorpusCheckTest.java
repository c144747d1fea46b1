package dev.bringup.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.bringup.model.BootMethod;
import dev.bringup.model.RemoteProcessor;
import dev.bringup.model.Soc;

/**
 * Acceptance on the shared corpus's real devicetrees (skipped with a message when
 * {@code bringup.shared} has no corpus), with the firmware the project builds for them: the
 * SA8775P ADSP image is linked for {@code pil-adsp@95c00000} of the upstream lemans devicetree.
 */
class CorpusCheckTest {

    @Test
    void sa8775pRideUnderTheHypervisorIsClean() throws Exception {
        Soc soc = TestInputs.load(TestInputs.corpus("dtb/sa8775p-ride.dtb"), List.of());
        RemoteProcessor adsp = BringupCheck.findProcessor(soc, "remoteproc_adsp", "sa8775p-ride.dtb");
        assertEquals(BootMethod.HYPERVISOR_OWNED, adsp.getBootMethod());
        assertEquals(List.of(), TestInputs.codes(TestInputs.check(soc, "remoteproc_adsp", TestInputs.image("sa8775p-adsp.mbn"))));
    }

    @Test
    void sa8775pRideWithTheEl2OverlayIsClean() throws Exception {
        Soc soc = TestInputs.load(TestInputs.corpus("dtb/sa8775p-ride.dtb"), List.of(TestInputs.corpus("dtb/lemans-el2.dtbo")));
        RemoteProcessor adsp = BringupCheck.findProcessor(soc, "remoteproc_adsp", "sa8775p-ride.dtb");
        assertEquals(BootMethod.SECURE_PAS, adsp.getBootMethod(), "the overlay adds iommus: the host maps the carveout");
        assertEquals(List.of(), TestInputs.codes(TestInputs.check(soc, "remoteproc_adsp", TestInputs.image("sa8775p-adsp.mdt"))));
        Soc merged = TestInputs.load(TestInputs.corpus("dtb/sa8775p-ride-el2.dtb"), List.of());
        assertEquals(List.of(), TestInputs.codes(TestInputs.check(merged, "remoteproc_adsp", TestInputs.image("sa8775p-adsp.mbn"))));
    }

    /** The ADSP image on another lemans DSP: its segments lie in the ADSP's carveout, not the CDSP's. */
    @Test
    void adspImageOnTheCdspIsReported() throws Exception {
        Soc soc = TestInputs.load(TestInputs.corpus("dtb/sa8775p-ride.dtb"), List.of());
        List<String> codes = TestInputs.codes(TestInputs.check(soc, "remoteproc_cdsp0", TestInputs.image("sa8775p-adsp.mbn")));
        assertEquals(List.of("CHK_DA_UNMAPPED", "CHK_DA_UNMAPPED", "CHK_OVERLAP_OTHER_MASTER", "CHK_OVERLAP_OTHER_MASTER"), codes);
    }
}
