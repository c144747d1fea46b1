package dev.bringup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** {@code bringup check} on the examples' devicetrees and the firmware the project builds for them. */
class CheckCommandTest {

    private static final Path DTS = Path.of("../dev.bringup.examples/src/main/resources/dev/bringup/examples/dts");
    private static final Path IMAGES = Path.of("../dev.bringup.examples/firmware/images");

    private static String dt(String name) {
        return DTS.resolve(name).toString();
    }

    private static String fw(String name) {
        return IMAGES.resolve(name).toString();
    }

    @Test
    void mt8183ApuHasErrorFindingsAndExitsOne() {
        MainTest.Result r = MainTest.run("check", "--dt", dt("mt8183-apu.dtb"), "--rproc", "apu", "--firmware",
                fw("mt8183-apu.elf"));
        assertEquals(1, r.exit(), r.err());
        assertEquals(4, r.out().split("\n").length, r.out());
        assertTrue(r.out().startsWith("error CHK_FIXED_DA_IN_DMA_WINDOW at " + fw("mt8183-apu.elf") + "+0x2024 entry 0"),
                r.out());
        assertEquals("", r.err());
    }

    @Test
    void cleanExampleAsSarifExitsZero() {
        MainTest.Result r = MainTest.run("check", "--dt", dt("stm32mp157-m4.dtb"), "--rproc", "/ahb/m4@10000000",
                "--firmware", fw("stm32mp157-m4.elf"), "--format", "sarif");
        assertEquals(0, r.exit(), r.err());
        JsonObject log = JsonParser.parseString(r.out()).getAsJsonObject();
        assertEquals("2.1.0", log.get("version").getAsString());
        JsonObject run = log.getAsJsonArray("runs").get(0).getAsJsonObject();
        assertEquals(0, run.getAsJsonArray("results").size());
        assertTrue(run.getAsJsonObject("tool").getAsJsonObject("driver").getAsJsonArray("rules").size() > 10);
    }

    @Test
    void warningsOnlyAsJsonExitZero() {
        MainTest.Result r = MainTest.run("check", "--dt", dt("mt8365-apu.dtb"), "--rproc", "apu", "--firmware",
                fw("mt8183-apu.elf"), "--format", "json");
        assertEquals(0, r.exit(), r.err());
        JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
        assertEquals(5, o.getAsJsonArray("diagnostics").size());
        assertEquals("warning", o.getAsJsonArray("diagnostics").get(0).getAsJsonObject().get("severity").getAsString());
    }

    @Test
    void overlaysApplyInOrderAndLabelsNameTheProcessor() {
        MainTest.Result r = MainTest.run("check", "--dt", dt("sa8775p-adsp.dtb"), "--overlay", dt("sa8775p-adsp-kvm.dtbo"),
                "--rproc", "remoteproc_adsp", "--firmware", fw("sa8775p-adsp.mdt"));
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().endsWith("adsp (/soc@0/remoteproc@30000000) with " + fw("sa8775p-adsp.mdt") + ": no findings\n"),
                r.out());
    }

    @Test
    void unusableArgumentsExitTwoWithOneLine() {
        MainTest.Result unknown = MainTest.run("check", "--dt", dt("mt8183-apu.dtb"), "--rproc", "dsp", "--firmware",
                fw("mt8183-apu.elf"));
        assertEquals(2, unknown.exit());
        assertTrue(unknown.err().startsWith("bringup check: ") && unknown.err().contains("apu (/soc/apu@19100000"),
                unknown.err());
        assertEquals(1, unknown.err().split("\n").length, unknown.err());
        MainTest.Result missing = MainTest.run("check", "--dt", "nope.dtb", "--rproc", "apu", "--firmware", fw("mt8183-apu.elf"));
        assertEquals(2, missing.exit());
        assertEquals("bringup check: nope.dtb: no such file. Fix: check the path.\n", missing.err());
        MainTest.Result notElf = MainTest.run("check", "--dt", dt("mt8183-apu.dtb"), "--rproc", "apu", "--firmware",
                dt("mt8183-apu.dts"));
        assertEquals(2, notElf.exit());
        assertTrue(notElf.err().startsWith("bringup check: "), notElf.err());
        MainTest.Result format = MainTest.run("check", "--dt", dt("mt8183-apu.dtb"), "--rproc", "apu", "--firmware",
                fw("mt8183-apu.elf"), "--format", "xml");
        assertEquals(2, format.exit());
        MainTest.Result noRproc = MainTest.run("check", "--dt", dt("mt8183-apu.dtb"), "--firmware", fw("mt8183-apu.elf"));
        assertEquals(2, noRproc.exit());
    }
}
