package dev.bringup.trace;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** The shared corpus ({@code bringup.shared}, default /work/main/../shared); tests skip when it is absent. */
final class Corpus {

    private Corpus() {
    }

    static Path log(String name) {
        Path shared = Path.of(System.getProperty("bringup.shared", "/work/main/../shared"));
        Path p = shared.resolve("corpus/logs").resolve(name);
        assumeTrue(Files.isRegularFile(p), "corpus log " + p + " is absent (set -Dbringup.shared to the shared folder)");
        return p;
    }
}
