package dev.bringup.examples.firmware;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * firmware/build.sh rebuilds every committed image from its sources, byte for byte: the images
 * are deterministic and the committed ones are what the sources make.
 */
class FirmwareRebuildTest {

    /** build.sh's exit code when a tool is missing (it names the Debian package). */
    private static final int EX_UNAVAILABLE = 69;

    @Test
    void buildShRebuildsTheCommittedImagesByteForByte(@TempDir Path out) throws IOException {
        FirmwareFiles.assumeTool("bash", "bash");
        Path firmware = FirmwareFiles.firmwareDir();
        FirmwareFiles.Run check = FirmwareFiles.run(firmware, 60, "bash", "build.sh", "--check");
        assumeTrue(check.exit() != EX_UNAVAILABLE, () -> "cannot rebuild the firmware here: " + check.text().strip());
        assertEquals(0, check.exit(), check::describe);

        FirmwareFiles.Run build = FirmwareFiles.run(firmware, 600, "bash", "build.sh", out.toString());
        assertEquals(0, build.exit(), build::describe);

        Path committed = FirmwareFiles.imagesDir();
        String builtWith = Files.readString(committed.resolve("toolchains.txt"));
        String here = Files.readString(out.resolve("toolchains.txt"));
        assumeTrue(builtWith.equals(here), () -> "the committed images were built with\n" + builtWith
                + "this machine has\n" + here + "so their bytes differ by design: rebuild with firmware/build.sh and commit");

        assertEquals(names(committed), names(out), "the files build.sh makes");
        for (String name : names(committed)) {
            assertArrayEquals(Files.readAllBytes(committed.resolve(name)), Files.readAllBytes(out.resolve(name)),
                    () -> name + " differs from its rebuild: run firmware/build.sh and commit the images");
        }
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
