package dev.bringup.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.bringup.firmware.ElfFile;
import dev.bringup.firmware.ElfProgramHeader;

/** {@code bringup boot} and {@code bringup scenarios}: output, JSON shape, exit codes. */
class BootCommandTest {

    static MainTest.Result run(String... args) {
        return MainTest.run(args);
    }

    static Path examples(String relative) {
        Path p = Path.of("..", "dev.bringup.examples", relative);
        assumeTrue(Files.exists(p), p + " is absent; skipping");
        return p;
    }

    @Test
    void aScenarioBootsAndPrintsTheKernelLog() {
        MainTest.Result r = run("boot", "--scenario", "stm32mp157-m4");
        assertEquals(0, r.exit(), r.err() + r.out());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.contains("remoteproc remoteproc0: powering up m4"), r.out());
        assertTrue(lines.contains(" remoteproc0#vdev0buffer: assigned reserved memory node vdev0buffer@10042000"), r.out());
        assertTrue(lines.contains("remoteproc remoteproc0: remote processor m4 is now up"), r.out());
        assertTrue(lines.contains("virtio_rpmsg_bus virtio0: creating channel rpmsg-tty addr 0x400"), r.out());
    }

    @Test
    void jsonHasTheDocumentedShape() {
        MainTest.Result r = run("boot", "--scenario", "stm32mp157-m4", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
        assertEquals(List.of("scenario", "soc", "rproc", "device", "driver", "firmware", "file", "strategy", "state", "steps",
                "log", "error", "carveouts", "loadedResourceTable", "iommu", "channels", "trace0", "coredumps", "diagnostics"),
                List.copyOf(o.keySet()));
        assertEquals("running", o.get("state").getAsString());
        assertTrue(o.get("error").isJsonNull());
        JsonObject first = o.getAsJsonArray("steps").get(0).getAsJsonObject();
        assertEquals("rproc_boot", first.get("name").getAsString());
        assertEquals("ok", first.get("status").getAsString());
        JsonObject c = o.getAsJsonArray("carveouts").get(0).getAsJsonObject();
        assertEquals(List.of("name", "da", "pa", "len"), List.copyOf(c.keySet()));
        assertEquals("retram", c.get("name").getAsString());
        assertEquals(0, c.get("da").getAsLong());
        assertEquals(0x38000000L, c.get("pa").getAsLong());
        JsonObject table = o.getAsJsonObject("loadedResourceTable");
        assertEquals("v1", table.get("format").getAsString());
        JsonObject vdev = table.getAsJsonArray("entries").get(0).getAsJsonObject();
        assertEquals(0x10040000L, vdev.getAsJsonArray("vrings").get(0).getAsJsonObject().get("da").getAsLong());
        assertTrue(o.getAsJsonObject("iommu").getAsJsonArray("domains").isEmpty(), "no IOMMU on this SoC");
    }

    @Test
    void aFailureAfterTheProcessorCameUpIsReportedButTheExitSaysItRuns() {
        // the default sa8775p-adsp scenario has a fastrpc function read where its stream maps nothing
        MainTest.Result r = run("boot", "--scenario", "sa8775p-adsp", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
        assertEquals("running", o.get("state").getAsString());
        assertEquals(-14, o.getAsJsonObject("error").get("errno").getAsInt());
    }

    @Test
    void aFailedBootExitsOneWithTheErrnoAndTheDiagnosis() {
        MainTest.Result r = run("boot", "--scenario", "mt8183-apu", "--strategy", "unmanaged-domain", "--json");
        assertEquals(1, r.exit());
        JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
        assertEquals("offline", o.get("state").getAsString());
        JsonObject e = o.getAsJsonObject("error");
        assertEquals("rproc_enable_iommu", e.get("step").getAsString());
        assertEquals(-22, e.get("errno").getAsInt());
        assertTrue(e.get("diagnosis").getAsString().contains("not alone in its group"));
        JsonArray domains = o.getAsJsonObject("iommu").getAsJsonArray("domains");
        assertEquals("DMA", domains.get(0).getAsJsonObject().get("type").getAsString());
    }

    @Test
    void aDevicetreeAndAFirmwareFile(@TempDir Path tmp) throws Exception {
        Path dtb = examples("src/main/resources/dev/bringup/examples/dts/mt8365-apu.dtb");
        Path fw = examples("firmware/images/mt8183-apu.elf");
        Path dump = tmp.resolve("code.bin");
        MainTest.Result r = run("boot", "--dt", dtb.toString(), "--rproc", "apu", "--firmware", fw.toString(), "--strategy",
                "reserved-region", "--dump-mem", "0x60000000:0x2ac=" + dump);
        assertEquals(0, r.exit(), r.err() + r.out());
        assertTrue(r.out().contains("remoteproc remoteproc0: remote processor 19100000.apu is now up"), r.out());
        try (ElfFile elf = ElfFile.open(fw)) {
            ElfProgramHeader code = elf.programHeaders().get(0);
            assertArrayEquals(elf.segmentBytes(code, 0x2ac), Files.readAllBytes(dump), "the APU's code, loaded 1:1");
        }
    }

    @Test
    void unusableArgumentsExitTwo() {
        assertEquals(Main.EXIT_USAGE, run("boot").exit());
        MainTest.Result noFile = run("boot", "--dt", "/nonexistent.dtb", "--rproc", "m4", "--firmware", "/nonexistent.elf");
        assertEquals(Main.EXIT_USAGE, noFile.exit());
        assertTrue(noFile.err().startsWith("bringup boot: "), noFile.err());
        MainTest.Result strategy = run("boot", "--scenario", "stm32mp157-m4", "--strategy", "magic");
        assertEquals(Main.EXIT_USAGE, strategy.exit());
        assertTrue(strategy.err().contains("unknown strategy 'magic'"), strategy.err());
        MainTest.Result scenario = run("boot", "--scenario", "nope");
        assertEquals(Main.EXIT_USAGE, scenario.exit());
        assertTrue(scenario.err().contains("mt8183-apu"), "lists the scenarios: " + scenario.err());
        MainTest.Result rproc = run("boot", "--dt", examples("src/main/resources/dev/bringup/examples/dts/kv260-r5.dtb").toString(),
                "--rproc", "r5f", "--firmware", examples("firmware/images/stm32mp157-m4.elf").toString());
        assertEquals(Main.EXIT_USAGE, rproc.exit());
        assertTrue(rproc.err().contains("2 processors are called 'r5f'"), rproc.err());
        MainTest.Result relocate = run("boot", "--scenario", "sa8775p-adsp", "--relocate");
        assertEquals(Main.EXIT_USAGE, relocate.exit());
        assertTrue(relocate.err().contains("places the image itself"), relocate.err());
        MainTest.Result remote = run("boot", "--scenario", "stm32mp157-m4", "--remote", "jump 0x0");
        assertEquals(Main.EXIT_USAGE, remote.exit());
        assertTrue(remote.err().contains("unknown action 'jump'"), remote.err());
    }

    @Test
    void scenariosListsEveryScenarioWithItsStrategies() {
        MainTest.Result r = run("scenarios");
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("mt8183-apu  "), r.out());
        assertTrue(r.out().contains("strategies: linux-default (default), unmanaged-domain, platform-domain"), r.out());
        JsonObject o = JsonParser.parseString(run("scenarios", "--json").out()).getAsJsonObject();
        assertEquals(7, o.getAsJsonArray("scenarios").size());
    }
}
