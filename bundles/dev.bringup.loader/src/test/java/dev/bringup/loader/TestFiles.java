package dev.bringup.loader;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.bringup.common.FormatException;
import dev.bringup.dt.DeviceTree;
import dev.bringup.dt.DtImport;
import dev.bringup.dt.DtOverlay;
import dev.bringup.examples.Examples;
import dev.bringup.firmware.ElfFile;
import dev.bringup.firmware.ElfProgramHeader;
import dev.bringup.model.BootStrategy;
import dev.bringup.model.Soc;

/** Where the tests' real files are: the shared corpus (skipped when absent) and the examples bundle. */
final class TestFiles {

    private TestFiles() {
    }

    /** A corpus file; the test is skipped, with the reason, when the corpus is not there. */
    static Path corpus(String relative) {
        String shared = System.getProperty("bringup.shared", "../../../shared");
        Path p = Path.of(shared, "corpus", relative);
        assumeTrue(Files.isRegularFile(p), "the shared corpus file " + p + " is absent (set -Dbringup.shared); skipping");
        return p;
    }

    /** An example image of the examples bundle, as a file (the bundle's sources beside this one). */
    static Path exampleImage(String name) {
        Path p = Path.of("..", "dev.bringup.examples", "firmware", "images", name);
        assumeTrue(Files.isRegularFile(p), "the examples bundle's image " + p + " is absent; skipping");
        return p;
    }

    /** An example devicetree (with overlays) of the examples bundle, imported. */
    static Soc exampleSoc(String dtb, String... overlays) throws FormatException {
        DeviceTree t = DeviceTree.read(Examples.resource(dtb), "example:" + dtb);
        List<String> names = new ArrayList<>();
        for (String o : overlays) {
            t = DtOverlay.apply(t, DeviceTree.read(Examples.resource(o), "example:" + o));
            names.add(o);
        }
        return DtImport.importTree(t, dtb.replace(".dtb", ""), names).soc();
    }

    /** A devicetree file (with overlays) imported. */
    static Soc soc(Path dtb, Path... overlays) throws FormatException {
        DeviceTree t = DtImport.load(dtb, List.of(overlays), List.of());
        return DtImport.importTree(t, String.valueOf(dtb.getFileName()), List.of()).soc();
    }

    /** A session of a scenario with a strategy, run to its end. */
    static BootSession run(String scenario, BootStrategy strategy) throws FormatException {
        BootSession s = BootSession.open(Scenarios.require(scenario).request(strategy));
        s.resume();
        return s;
    }

    /** The file bytes of every PT_LOAD of {@code elf} that has some, by program header. */
    static List<ElfProgramHeader> loadSegments(ElfFile elf) {
        return elf.programHeaders().stream().filter(p -> p.isLoad() && p.p_memsz() > 0).toList();
    }

    /** The lines of the log, as printed. */
    static List<String> lines(BootSession s) {
        return s.log().stream().map(LogLine::line).toList();
    }
}
