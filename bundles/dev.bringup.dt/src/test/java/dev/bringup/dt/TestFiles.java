package dev.bringup.dt;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Paths to the shared corpus and helpers that run the installed dtc; tests skip when either is absent. */
final class TestFiles {

    private TestFiles() {
    }

    static Path shared() {
        return Path.of(System.getProperty("bringup.shared", "/work/main/../shared"));
    }

    /** The corpus DTB folder; skips the test with a message when it is absent. */
    static Path corpusDtb() {
        Path dir = shared().resolve("corpus/dtb");
        assumeTrue(Files.isDirectory(dir), "corpus not found at " + dir + " (set -Dbringup.shared); skipping");
        return dir;
    }

    static List<Path> corpusBlobs() throws IOException {
        try (Stream<Path> s = Files.list(corpusDtb())) {
            return s.filter(p -> p.toString().endsWith(".dtb") || p.toString().endsWith(".dtbo")).sorted().toList();
        }
    }

    static void assumeDtc() {
        assumeTrue(DtsCompiler.isDtcAvailable(), "dtc is not installed (apt-get install device-tree-compiler); skipping");
    }

    /** Runs a command, returns stdout; fails the test on a non-zero exit. */
    static byte[] run(List<String> cmd, byte[] stdin) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (var in = p.getOutputStream()) {
            in.write(stdin);
        }
        byte[] out = p.getInputStream().readAllBytes();
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", cmd) + " exited with " + p.exitValue());
        }
        return out;
    }

    /** Compiles DTS text (no cpp) with dtc -@ and the given extra arguments. */
    static byte[] dtc(String dts, String... extra) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("dtc", "-q", "-@", "-I", "dts", "-O", "dtb"));
        cmd.addAll(List.of(extra));
        cmd.add("-");
        return run(cmd, dts.getBytes(StandardCharsets.UTF_8));
    }

    /** Every node path with its properties' names and bytes, in order: a tree as text for exact comparison. */
    static String dump(DtNode root) {
        StringBuilder b = new StringBuilder();
        for (DtNode n : root.subtree()) {
            b.append(n.path()).append('\n');
            for (DtProperty p : n.properties()) {
                b.append("  ").append(p.name()).append(" =");
                for (byte x : p.bytes()) {
                    b.append(String.format(" %02x", x & 0xff));
                }
                b.append('\n');
            }
        }
        return b.toString();
    }
}
