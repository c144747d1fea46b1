package dev.bringup.ui.internal.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The go-to field's syntax: a whole number is a line (1-based), a decimal or an "s" a time. */
class GoToTargetTest {

    @Test
    void wholeNumbersAreLines() {
        GoToTarget t = GoToTarget.parse(" 1234 ");
        assertNotNull(t);
        assertEquals(1233, t.line());
        assertEquals(99_999_999, GoToTarget.parse("100,000,000").line());
        assertEquals(0, GoToTarget.parse("1").line());
        assertNull(GoToTarget.parse("0"), "lines start at 1");
    }

    @Test
    void decimalsAndSecondsAreTimes() {
        GoToTarget t = GoToTarget.parse("12.5");
        assertNotNull(t);
        assertTrue(t.isTime());
        assertEquals(12.5, t.seconds());
        assertEquals(12.5, GoToTarget.parse("12.5s").seconds());
        assertEquals(12.0, GoToTarget.parse("12 s").seconds());
        assertEquals(12.0, GoToTarget.parse("12S").seconds());
        assertEquals(0.25, GoToTarget.parse(".25").seconds());
        assertEquals(1263.468579, GoToTarget.parse("1263.468579").seconds());
    }

    @Test
    void anythingElseIsRefused() {
        for (String bad : new String[] { "", "  ", "abc", "-5", "12.5.3", "s", "1e3", "12ms", "0x10" }) {
            assertNull(GoToTarget.parse(bad), bad);
        }
    }
}
