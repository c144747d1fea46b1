package dev.bringup.check;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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

    static List<String> codes(List<Finding> findings) {
        return findings.stream().map(f -> f.diagnostic().code()).toList();
    }
}
