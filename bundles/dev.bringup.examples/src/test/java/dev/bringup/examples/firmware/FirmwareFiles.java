package dev.bringup.examples.firmware;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Where the examples' firmware sources and committed images are, and how the tests run the
 * tools (readelf, bash, cc) on them.
 */
final class FirmwareFiles {

    private FirmwareFiles() {
    }

    /** bundles/dev.bringup.examples/firmware, from the bundle folder surefire runs in. */
    static Path firmwareDir() {
        Path bundle = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
        Path dir = bundle.resolve("firmware");
        assertTrue(Files.isRegularFile(dir.resolve("build.sh")),
                () -> "no firmware/build.sh under " + bundle.toAbsolutePath()
                        + ": run the tests from bundles/dev.bringup.examples");
        return dir;
    }

    /** The committed images (firmware/images). */
    static Path imagesDir() {
        return firmwareDir().resolve("images");
    }

    static Path image(String name) {
        Path p = imagesDir().resolve(name);
        assertTrue(Files.isRegularFile(p), () -> "missing committed image " + p + ": run firmware/build.sh");
        return p;
    }

    /** Skips the calling test, with a message naming the Debian package, when a tool is not on PATH. */
    static void assumeTool(String tool, String debianPackage) {
        assumeTrue(onPath(tool), () -> "'" + tool + "' is not on PATH: install the Debian package "
                + debianPackage + " to run this test");
    }

    static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /** Exit code and everything the process wrote (stderr merged into stdout). */
    record Run(List<String> command, int exit, byte[] output) {
        String text() {
            return new String(output, StandardCharsets.UTF_8);
        }

        /** The command, its exit code and its output, for assertion messages. */
        String describe() {
            return String.join(" ", command) + " exited " + exit + ":\n" + text();
        }
    }

    /**
     * Runs a command in {@code dir} and waits for it; a command still running after
     * {@code timeoutSeconds} is killed and fails the test (a guard against hangs, not a timing).
     */
    static Run run(Path dir, long timeoutSeconds, String... command) {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).directory(dir.toFile());
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s");
            }
            return new Run(List.of(command), p.exitValue(), out.join());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + String.join(" ", command), e);
        }
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
