package dev.bringup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

class MainTest {

    record Result(int exit, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(exit, out.toString(), err.toString());
    }

    @Test
    void helpListsTheCommandsAndExitsZero() {
        Result r = run("--help");
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("Usage: bringup"), r.out());
        assertTrue(r.out().contains("Commands:") || Main.commandLine().getSubcommands().isEmpty(), r.out());
        for (String name : Main.commandLine().getSubcommands().keySet()) {
            assertTrue(r.out().contains(name), "help lists " + name);
        }
    }

    @Test
    void anUnknownCommandExitsTwoWithTheUsage() {
        Result r = run("frobnicate");
        assertEquals(Main.EXIT_USAGE, r.exit());
        assertTrue(r.err().startsWith("bringup: unknown command 'frobnicate'"), r.err());
        assertTrue(r.err().contains("Usage: bringup"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void noCommandPrintsTheUsageAndExitsTwo() {
        Result r = run();
        assertEquals(Main.EXIT_USAGE, r.exit());
        assertTrue(r.err().contains("Usage: bringup"), r.err());
    }
}
