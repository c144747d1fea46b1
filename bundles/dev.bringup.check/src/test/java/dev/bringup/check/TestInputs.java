package dev.bringup.check;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

import dev.bringup.common.FormatException;
import dev.bringup.dt.DeviceTree;
import dev.bringup.dt.DtImport;
import dev.bringup.dt.DtsCompiler;
import dev.bringup.examples.Examples;
import dev.bringup.firmware.Firmware;
import dev.bringup.model.RemoteProcessor;
import dev.bringup.model.Soc;

/** Where the tests' inputs are, and how a check runs on them. */
final class TestInputs {

    /** The firmware images the examples bundle builds (committed, rebuilt by its build.sh). */
    static final Path IMAGES = Path.of("../dev.bringup.examples/firmware/images");
    /** The firmware bundle's own test firmware. */
    static final Path FIXTURES = Path.of("../dev.bringup.firmware/src/test/resources/fixtures");
    /** The examples' compiled devicetrees and overlays, as files. */
    static final Path EXAMPLE_DTS = Path.of("../dev.bringup.examples/src/main/resources/dev/bringup/examples/dts");
    /** This bundle's devicetree sources. */
    static final Path DTS = Path.of("src/test/resources/dts");

    private TestInputs() {
    }

    static Path image(String name) {
        Path p = IMAGES.resolve(name);
        assertTrue(Files.isRegularFile(p), p + " is missing: run bundles/dev.bringup.examples/firmware/build.sh");
        return p;
    }

    /** The shared corpus folder, or a skipped test when it is absent. */
    static Path corpus(String sub) {
        String shared = System.getProperty("bringup.shared", "../../../shared");
        Path p = Path.of(shared, "corpus", sub);
        Assumptions.assumeTrue(Files.exists(p), "shared corpus not found at " + p
                + " (set -Dbringup.shared=PATH to the folder holding corpus/); skipping");
        return p;
    }

    static Soc example(String id) throws FormatException {
        Examples.Example e = Examples.byId(id);
        if (e == null) {
            throw new IllegalArgumentException("no example " + id);
        }
        List<String> overlays = new ArrayList<>();
        e.overlays().forEach(o -> overlays.add("example:" + o));
        return DtImport.importTree(Examples.tree(e), id, overlays).soc();
    }

    /** A DTS of this bundle's test resources, compiled by dtc at test time. */
    static Soc dts(String name) throws FormatException {
        Assumptions.assumeTrue(DtsCompiler.isDtcAvailable(), "dtc is not installed (apt-get install device-tree-compiler)");
        return load(DTS.resolve(name), List.of());
    }

    static Soc load(Path dt, List<Path> overlays) throws FormatException {
        DeviceTree t = DtImport.load(dt, overlays, List.of());
        String n = dt.getFileName().toString();
        return DtImport.importTree(t, n.substring(0, Math.max(1, n.lastIndexOf('.'))),
                overlays.stream().map(Path::toString).toList()).soc();
    }

    static List<Finding> check(Soc soc, String rproc, Path firmware) throws FormatException, IOException {
        RemoteProcessor rp = BringupCheck.findProcessor(soc, rproc, soc.getName());
        try (Firmware fw = Firmware.open(firmware)) {
            return BringupCheck.run(soc, rp, fw, firmware.getFileName().toString(), soc.getName() + ".dts");
        }
    }

    /**
     * Every firmware the project has: the examples' images, the firmware bundle's fixtures
     * (including the broken ones) and the corpus's real images when present.
     */
    static List<Path> allFirmware() throws IOException {
        List<Path> all = new ArrayList<>();
        for (Path dir : List.of(IMAGES, FIXTURES)) {
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(p -> p.toString().endsWith(".elf") || p.toString().endsWith(".mdt") || p.toString().endsWith(".mbn"))
                        .sorted().forEach(all::add);
            }
        }
        Path corpus = Path.of(System.getProperty("bringup.shared", "../../../shared"), "corpus", "firmware");
        if (Files.isDirectory(corpus)) {
            try (Stream<Path> s = Files.list(corpus)) {
                s.filter(p -> p.toString().endsWith(".elf")).sorted().forEach(all::add);
            }
        }
        return all;
    }

    /** What {@link #everyRun} hands over: one check run of one image on one example processor. */
    interface Run {
        void accept(Examples.Example example, RemoteProcessor rproc, Path image, List<Finding> findings) throws Exception;
    }

    /**
     * Every firmware of {@link #allFirmware()} that opens, on every processor of every example
     * (the image named as its path, the devicetree as the example's blob).
     *
     * @return how many runs there were
     */
    static int everyRun(Run run) throws Exception {
        List<Path> images = allFirmware();
        assertTrue(images.size() >= 20, images.toString());
        int runs = 0;
        for (Examples.Example e : Examples.all()) {
            Soc soc = example(e.id());
            for (RemoteProcessor rp : soc.remoteProcessors()) {
                for (Path p : images) {
                    Firmware fw;
                    try {
                        fw = Firmware.open(p);
                    } catch (FormatException unreadable) {
                        continue; // inspect's business: not an ELF the checks can look at
                    }
                    try (fw) {
                        run.accept(e, rp, p, BringupCheck.run(soc, rp, fw, p.toString(), e.dtb()));
                        runs++;
                    }
                }
            }
        }
        return runs;
    }

    static List<String> codes(List<Finding> findings) {
        return findings.stream().map(f -> f.diagnostic().code()).toList();
    }
}
