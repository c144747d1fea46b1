package dev.bringup.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.bringup.iommu.Walk;
import dev.bringup.model.BootStrategy;

/** What a debugger view reads back about earlier steps: the domains after each step, their walks, the simulated clock. */
class BootHistoryTest {

    private static BootSession apu(BootStrategy s) throws Exception {
        return BootSession.open(Scenarios.require("mt8183-apu").request(s));
    }

    @Test
    void theDomainsOfEveryStepAreKeptAndStepBackKeepsThemRight() throws Exception {
        try (BootSession s = apu(BootStrategy.DEDICATED_BANK)) {
            s.recordDomains(true);
            assertNotNull(s.domainsAfter(-1), "the state before the first step");
            assertNull(s.domainsAfter(0), "step 0 has not run");
            s.runTo("rproc_load_segments");
            int alloc = s.position() - 1;
            assertEquals("rproc_alloc_registered_carveouts", s.steps().get(alloc).name());
            List<DomainView> before = s.domainsAfter(alloc - 1);
            List<DomainView> after = s.domainsAfter(alloc);
            assertNotNull(before);
            assertNotNull(after);
            DomainView apuDomain = after.stream().filter(d -> d.maps(0x6000_0000L)).findFirst().orElseThrow(
                    () -> new AssertionError("the carveouts are mapped at the firmware's da after the allocation: " + after));
            assertFalse(before.stream().anyMatch(d -> d.label().equals(apuDomain.label()) && d.maps(0x6000_0000L)),
                    "and not before it");
            DomainView.Mapping m = apuDomain.mappings().stream().filter(x -> x.iova() <= 0x6000_0000L).findFirst().orElseThrow();
            assertTrue(m.pageSizes() != 0 && m.perms() != 0, "the run tells its leaf sizes and rights: " + m);

            Walk now = s.walkAfter(alloc, apuDomain.label(), 0x6000_0000L);
            assertNotNull(now);
            assertTrue(now.mapped(), now.toString());
            Walk earlier = s.walkAfter(alloc - 1, apuDomain.label(), 0x6000_0000L);
            assertTrue(earlier == null || !earlier.mapped(), "replayed to the step before, it is not mapped yet: " + earlier);
            s.step();
            Walk replayed = s.walkAfter(alloc, apuDomain.label(), 0x6000_0000L);
            assertNotNull(replayed);
            assertEquals(now.toString(), replayed.toString(), "a replay to the step walks the same tables");

            s.stepBack();
            s.stepBack();
            assertEquals(alloc, s.position());
            assertNull(s.domainsAfter(alloc), "the step undone has no state any more");
            assertEquals(before, s.domainsAfter(alloc - 1), "the replayed history is the one seen stepping");
        }
    }

    @Test
    void theSimulatedClockGivesEveryStepASlotInDmesgFormat() throws Exception {
        LogLine l = new LogLine(LogLine.INFO, "remoteproc remoteproc0", "powering up m4");
        assertEquals("[    0.004000] remoteproc remoteproc0: powering up m4", SimClock.dmesg(SimClock.micros(0, 0), l));
        assertEquals("[    0.000002] remoteproc remoteproc0: powering up m4", SimClock.dmesg(SimClock.micros(-1, 2), l));
        assertEquals(SimClock.micros(1, 0) - 1, SimClock.micros(0, 1_000_000), "a step's lines stay in its slot");
        assertTrue(SimClock.micros(3, 0) > SimClock.micros(2, 5));
        try (BootSession s = BootSession.open(Scenarios.require("stm32mp157-m4").request(null))) {
            s.resume();
            assertEquals(List.of("trace0"), s.traces());
            assertTrue(s.trace(0).contains("stm32mp157-m4: up"), s.trace(0));
        }
    }
}
