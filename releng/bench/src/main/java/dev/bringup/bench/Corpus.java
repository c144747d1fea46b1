package dev.bringup.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/** The shared corpus the benchmarks read: {@code -Dbringup.shared=PATH}, else {@code ../shared}. */
public final class Corpus {

    private Corpus() {
    }

    /** {@code corpus/<folder>/<name>}; fails with what to do when it is not there. */
    public static Path file(String folder, String name) {
        Path path = Path.of(System.getProperty("bringup.shared", "../shared"), "corpus", folder, name);
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException(path + " not found: run from the project root with -Dbringup.shared=PATH");
        }
        return path;
    }
}
