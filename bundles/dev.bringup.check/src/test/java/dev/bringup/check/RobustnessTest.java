package dev.bringup.check;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.bringup.common.FormatException;
import dev.bringup.examples.Examples;
import dev.bringup.firmware.Firmware;
import dev.bringup.model.RemoteProcessor;
import dev.bringup.model.Soc;

/**
 * Every firmware the project has (the examples' images, the firmware bundle's fixtures including
 * the broken ones, and the corpus's real images when present) against every processor of every
 * example: the checks never throw, and every finding has a known code, a location and a fix.
 */
class RobustnessTest {

    private static List<Path> firmware() throws IOException {
        List<Path> all = new ArrayList<>();
        for (Path dir : List.of(TestInputs.IMAGES, TestInputs.FIXTURES)) {
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

    @Test
    void everyFirmwareOnEveryProcessor() throws Exception {
        List<Path> images = firmware();
        assertTrue(images.size() >= 20, images.toString());
        int runs = 0;
        for (Examples.Example e : Examples.all()) {
            Soc soc = TestInputs.example(e.id());
            for (RemoteProcessor rp : soc.remoteProcessors()) {
                for (Path p : images) {
                    Firmware fw;
                    try {
                        fw = Firmware.open(p);
                    } catch (FormatException unreadable) {
                        continue; // inspect's business: not an ELF the checks can look at
                    }
                    try (fw) {
                        for (Finding f : BringupCheck.run(soc, rp, fw, p.toString(), e.id())) {
                            assertNotNull(CheckCode.valueOf(f.diagnostic().code()));
                            assertFalse(f.diagnostic().location().toString().isEmpty(), f.toString());
                            assertNotNull(f.diagnostic().fix(), f.toString());
                            assertTrue(f.byteLength() >= 0);
                        }
                        runs++;
                    }
                }
            }
        }
        assertTrue(runs > 100, "runs: " + runs);
    }
}
