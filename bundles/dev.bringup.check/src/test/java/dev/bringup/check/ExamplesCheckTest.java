package dev.bringup.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.bringup.examples.Examples;
import dev.bringup.model.Soc;

/**
 * Acceptance: on each embedded example, with the firmware the project builds for it, the checks
 * report exactly the problems the example was built to show (README.md, "Expected findings").
 */
class ExamplesCheckTest {

    static Stream<Arguments> examples() {
        return Stream.of(
                Arguments.of("stm32mp157-m4", "m4", "stm32mp157-m4.elf", List.of()),
                Arguments.of("mt8183-apu", "apu", "mt8183-apu.elf", Collections.nCopies(3, "CHK_FIXED_DA_IN_DMA_WINDOW")),
                Arguments.of("mt8365-apu", "apu", "mt8183-apu.elf",
                        List.of("SEC_SHARED_BUFFER_NOT_DMA_POOL", "SEC_SHARED_BUFFER_NOT_DMA_POOL", "CON_CARVEOUT_NAME",
                                "CON_CARVEOUT_NAME", "CON_CARVEOUT_NAME")),
                Arguments.of("omap4-ipu-dsp", "ipu", "omap4-ipu.elf", List.of()),
                Arguments.of("omap4-ipu-dsp", "ipu", "omap4-ipu-2011.elf", List.of()),
                Arguments.of("sa8775p-adsp", "adsp", "sa8775p-adsp.mbn", List.of()),
                Arguments.of("sa8775p-adsp", "adsp", "sa8775p-adsp.mdt", List.of()),
                Arguments.of("sa8775p-adsp-kvm", "adsp", "sa8775p-adsp.mdt", List.of()),
                Arguments.of("qcom-adsp-fastrpc-iommu-map", "adsp", "qcom-adsp-fastrpc.elf", List.of()));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("examples")
    void reportsExactlyWhatTheExampleShows(String example, String rproc, String image, List<String> expected) throws Exception {
        Soc soc = TestInputs.example(example);
        List<Finding> findings = TestInputs.check(soc, rproc, TestInputs.image(image));
        assertEquals(expected, TestInputs.codes(findings), findings.toString());
    }

    /** Every example with a processor and a firmware is in the list above. */
    @Test
    void everyExampleIsCovered() {
        List<String> covered = examples().map(a -> (String) a.get()[0]).distinct().sorted().toList();
        assertEquals(Examples.all().stream().map(Examples.Example::id).sorted().toList(), covered);
    }

    /** The MediaTek case points at the table entries and names the masters that share the bank. */
    @Test
    void mt8183FindingsPointAtTheCarveouts() throws Exception {
        Path image = TestInputs.image("mt8183-apu.elf");
        List<Finding> f = TestInputs.check(TestInputs.example("mt8183-apu"), "apu", image);
        assertEquals(List.of(0x60000000L, 0x60100000L, 0x60400000L),
                f.stream().map(x -> x.diagnostic().location().address()).toList());
        assertEquals(List.of(0, 1, 2), f.stream().map(x -> x.diagnostic().location().entryIndex()).toList());
        assertEquals(List.of(0x2024L, 0x205cL, 0x2094L), f.stream().map(x -> x.diagnostic().location().fileOffset()).toList());
        for (Finding x : f) {
            assertEquals(56, x.byteLength());
            String m = x.diagnostic().message();
            org.junit.jupiter.api.Assertions.assertTrue(m.contains("/soc/ovl@14008000") && m.contains("/soc/camsys@1a000000"), m);
        }
    }
}
