package dev.bringup.check;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Every firmware the project has (the examples' images, the firmware bundle's fixtures including
 * the broken ones, and the corpus's real images when present) against every processor of every
 * example: the checks never throw, and every finding has a known code, a location and a fix.
 */
class RobustnessTest {

    @Test
    void everyFirmwareOnEveryProcessor() throws Exception {
        int runs = TestInputs.everyRun((example, rproc, image, findings) -> {
            for (Finding f : findings) {
                assertNotNull(CheckCode.valueOf(f.diagnostic().code()));
                assertFalse(f.diagnostic().location().toString().isEmpty(), f.toString());
                assertNotNull(f.diagnostic().fix(), f.toString());
                assertTrue(f.byteLength() >= 0);
            }
        });
        assertTrue(runs > 100, "runs: " + runs);
    }
}
