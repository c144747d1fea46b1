package dev.bringup.trace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.eclipse.jdt.annotation.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.bringup.trace.internal.SyntheticLog;

/**
 * Filters, search and go-to-time give what a naive scan over every line (java.util.regex, the
 * parsed columns) gives, on a file of several scan units with noisy lines among the synthetic ones.
 */
class FilterTest {

    /** The file, its naive split and parse, and the open log, shared by the tests (made once). */
    private record Fixture(Path dir, Naive naive, List<LogLine> parsed, TraceLog log) {
    }

    private static @Nullable Fixture fixture;

    private static Fixture fx() {
        Fixture f = fixture;
        if (f == null) {
            throw new IllegalStateException("@BeforeAll did not run");
        }
        return f;
    }

    @BeforeAll
    static void write(@TempDir Path dir) throws Exception {
        SyntheticLog synthetic = new SyntheticLog(77);
        ByteArrayOutputStream b = new ByteArrayOutputStream(32 << 20);
        String[] noisy = {
            "[%1$s] arm-smmu 15000000.iommu: Unhandled\0 context fault: fsr=0x402, iova=0xdead0000, fsynr=0x1, cbfrsynra=0x19c3, cb=1\r",
            "\u001b[31m[%1$s] remoteproc remoteproc1: crash detected in dsp1: type fatal error\u001b[0m",
            "no time here, creating channel rpmsg-raw addr 0x%2$d",
            "<4>[%1$s] virtio_rpmsg_bus virtio1: creating channel rpmsg-tty addr 0x400 TIMED OUT",
        };
        byte[] line = new byte[512];
        for (int i = 0; i < 260_000; i++) {
            if (i % 997 == 0) {
                // at i * 250 us, between the times of the synthetic lines around it
                String time = String.format(java.util.Locale.ROOT, "%12.6f", i * 0.00025);
                b.writeBytes((String.format(noisy[(i / 997) % noisy.length], time, i) + "\n").getBytes(StandardCharsets.UTF_8));
            } else {
                b.write(line, 0, synthetic.render(i, line, 0));
            }
        }
        byte[] bytes = b.toByteArray();
        Naive naive = new Naive(bytes);
        List<LogLine> parsed = new ArrayList<>();
        for (String t : naive.texts) {
            parsed.add(LogLine.parse(t));
        }
        Path f = dir.resolve("filter.log");
        Files.write(f, bytes);
        TraceLog log = TraceLog.open(f);
        assertTrue(log.awaitIndex(60, TimeUnit.SECONDS));
        fixture = new Fixture(dir, naive, parsed, log);
    }

    @AfterAll
    static void close() throws Exception {
        fx().log().close();
    }

    /** The naive reference: each condition written out on the parsed line. */
    private static boolean reference(int i, @Nullable Pattern p, LogFilter.Scope scope, @Nullable LogLevel level,
            @Nullable String source, double from, double to) {
        String text = fx().naive().texts.get(i);
        LogLine l = fx().parsed().get(i);
        if (p != null && !p.matcher(scope == LogFilter.Scope.LINE ? text : l.message()).find()) {
            return false;
        }
        if (level != null && !l.level().isAtLeast(level)) {
            return false;
        }
        if (source != null && !l.source().toLowerCase().contains(source.toLowerCase())) {
            return false;
        }
        if (!Double.isNaN(from) && !(l.time() >= from)) {
            return false;
        }
        return Double.isNaN(to) || l.time() <= to;
    }

    private static void assertFilter(@Nullable Pattern p, LogFilter.Scope scope, @Nullable LogLevel level,
            @Nullable String source, double from, double to) throws Exception {
        LogFilter f = LogFilter.ALL.withLevel(level).withSource(source).withTimeRange(from, to);
        if (p != null) {
            f = f.withPattern(p, scope);
        }
        List<Long> expected = new ArrayList<>();
        for (int i = 0; i < fx().naive().count(); i++) {
            if (reference(i, p, scope, level, source, from, to)) {
                expected.add((long) i);
            }
        }
        FilterTask task = fx().log().filter(f);
        assertTrue(task.await(60, TimeUnit.SECONDS), "filter " + f);
        assertEquals(null, task.failure());
        assertFalse(task.isCancelled());
        assertEquals(fx().naive().count(), task.linesScanned());
        long[] got = task.matches().lines(0, (int) task.matches().size());
        assertArrayEquals(expected.stream().mapToLong(Long::longValue).toArray(), got, "matches of " + f);
        for (int i = 0; i < got.length; i += 1 + got.length / 300) {
            assertTrue(f.matches(fx().log().line(got[i])), "LogFilter.matches agrees on line " + got[i]);
        }
    }

    @Test
    void literalInTheWholeLineIncludingLinesWithNulsAndCr() throws Exception {
        assertFilter(Pattern.compile("Unhandled context fault"), LogFilter.Scope.LINE, null, null, Double.NaN, Double.NaN);
    }

    @Test
    void regexWithALiteralPrefix() throws Exception {
        assertFilter(Pattern.compile("iova=0x[0-9a-f]+000,"), LogFilter.Scope.LINE, null, null, Double.NaN, Double.NaN);
    }

    @Test
    void anchoredRegexInTheMessage() throws Exception {
        assertFilter(Pattern.compile("^creating channel rpmsg-(tty|raw)"), LogFilter.Scope.MESSAGE, null, null, Double.NaN,
                Double.NaN);
    }

    @Test
    void caseInsensitiveRegex() throws Exception {
        assertFilter(Pattern.compile("timed out", Pattern.CASE_INSENSITIVE), LogFilter.Scope.LINE, null, null, Double.NaN,
                Double.NaN);
    }

    @Test
    void levelSourceAndTimeRange() throws Exception {
        assertFilter(null, LogFilter.Scope.LINE, LogLevel.WARNING, null, Double.NaN, Double.NaN);
        assertFilter(null, LogFilter.Scope.LINE, null, "VIRTIO1", Double.NaN, Double.NaN);
        assertFilter(null, LogFilter.Scope.LINE, null, null, 10.0, 20.0);
        assertFilter(null, LogFilter.Scope.LINE, null, null, 60.0, Double.NaN);
    }

    @Test
    void allConditionsTogether() throws Exception {
        assertFilter(Pattern.compile("fault"), LogFilter.Scope.MESSAGE, LogLevel.ERR, "iommu", 5.0, 50.0);
    }

    @Test
    void everythingAndNothing() throws Exception {
        assertFilter(null, LogFilter.Scope.LINE, null, null, Double.NaN, Double.NaN);
        assertFilter(Pattern.compile("zzzz-never"), LogFilter.Scope.LINE, null, null, Double.NaN, Double.NaN);
    }

    @Test
    void searchNextAndPrevious() throws Exception {
        LogFilter f = LogFilter.ALL.withPattern(Pattern.compile("crash detected"), LogFilter.Scope.MESSAGE);
        SplittableRandom r = new SplittableRandom(5);
        for (int k = 0; k < 40; k++) {
            int from = k < 2 ? (k == 0 ? -1 : fx().naive().count() - 1) : r.nextInt(fx().naive().count());
            long next = -1;
            for (int i = from + 1; i < fx().naive().count(); i++) {
                if (fx().parsed().get(i).message().contains("crash detected")) {
                    next = i;
                    break;
                }
            }
            long previous = -1;
            for (int i = Math.min(from, fx().naive().count()) - 1; i >= 0; i--) {
                if (fx().parsed().get(i).message().contains("crash detected")) {
                    previous = i;
                    break;
                }
            }
            assertEquals(next, fx().log().find(f, from, true, ScanProgress.NONE), "next after " + from);
            assertEquals(previous, fx().log().find(f, from, false, ScanProgress.NONE), "previous before " + from);
        }
    }

    @Test
    void searchWithinAFilterFindsLinesPassingBoth() throws Exception {
        Pattern searched = Pattern.compile("channel rpmsg");
        Pattern shown = Pattern.compile("virtio1|addr 0x4");
        LogFilter f = LogFilter.ALL.withPattern(searched, LogFilter.Scope.LINE);
        LogFilter within = LogFilter.ALL.withPattern(shown, LogFilter.Scope.LINE).withLevel(LogLevel.WARNING);
        int n = fx().naive().count();
        SplittableRandom r = new SplittableRandom(9);
        int found = 0;
        for (int k = 0; k < 40; k++) {
            int from = k < 2 ? (k == 0 ? -1 : n - 1) : r.nextInt(n);
            long next = -1;
            for (int i = from + 1; i < n && next < 0; i++) {
                if (reference(i, searched, LogFilter.Scope.LINE, null, null, Double.NaN, Double.NaN)
                        && reference(i, shown, LogFilter.Scope.LINE, LogLevel.WARNING, null, Double.NaN, Double.NaN)) {
                    next = i;
                }
            }
            long previous = -1;
            for (int i = Math.min(from, n) - 1; i >= 0 && previous < 0; i--) {
                if (reference(i, searched, LogFilter.Scope.LINE, null, null, Double.NaN, Double.NaN)
                        && reference(i, shown, LogFilter.Scope.LINE, LogLevel.WARNING, null, Double.NaN, Double.NaN)) {
                    previous = i;
                }
            }
            found += next >= 0 ? 1 : 0;
            assertEquals(next, fx().log().find(f, within, from, true, ScanProgress.NONE), "next after " + from);
            assertEquals(previous, fx().log().find(f, within, from, false, ScanProgress.NONE), "previous before " + from);
        }
        assertTrue(found > 10, "the search found lines passing both: " + found);
        // and the search alone finds lines the filter hides
        long any = fx().log().find(f, -1, true, ScanProgress.NONE);
        assertTrue(any >= 0 && any < fx().log().find(f, within, -1, true, ScanProgress.NONE),
                "the first line with the search text is hidden by the filter");
    }

    @Test
    void goToTimeOnMonotonicTimes() throws Exception {
        for (double t : new double[] { -1, 0, 0.000123, 17.5, 33.000001, 64.99, 1e9 }) {
            long expected = -1;
            for (int i = 0; i < fx().parsed().size(); i++) {
                if (fx().parsed().get(i).time() >= t) {
                    expected = i;
                    break;
                }
            }
            TimeSeek s = fx().log().seekTime(t, 0, ScanProgress.NONE);
            assertTrue(s.binarySearch(), s.note());
            assertEquals(expected, s.line(), "go to " + t + ": " + s.note());
        }
    }

    @Test
    void goToTimeAfterAReboot() throws Exception {
        SyntheticLog synthetic = new SyntheticLog(1);
        StringBuilder b = new StringBuilder();
        for (int boot = 0; boot < 2; boot++) {
            for (int i = 0; i < 2000; i++) {
                b.append(synthetic.line(i)).append('\n');
            }
        }
        Path f = fx().dir().resolve("two-boots.log");
        Files.writeString(f, b);
        try (TraceLog two = TraceLog.open(f)) {
            assertTrue(two.awaitIndex(10, TimeUnit.SECONDS));
            TimeSeek s = two.seekTime(0.3, 0, ScanProgress.NONE);
            assertFalse(s.binarySearch());
            assertTrue(s.note().contains("backwards"), s.note());
            long first = s.line();
            assertTrue(first > 0 && first < 2000 && two.line(first).time() >= 0.3 && two.line(first - 1).time() < 0.3);
            TimeSeek again = two.seekTime(0.3, 2000, ScanProgress.NONE);
            assertEquals(first + 2000, again.line(), "the same time in the second boot");
        }
    }

    @Test
    void cancelKeepsAPrefixOfTheResult() throws Exception {
        FilterTask all = fx().log().filter(LogFilter.ALL.withLevel(LogLevel.INFO));
        all.cancel();
        assertTrue(all.await(30, TimeUnit.SECONDS));
        assertTrue(all.isCancelled());
        LineSet m = all.matches();
        for (long r = 0; r < m.size(); r++) {
            assertEquals(r, m.get(r), "a cancelled filter keeps an exact prefix");
        }
    }

    @Test
    void aFilterFollowsALiveLog() throws Exception {
        MemoryLogSource source = new MemoryLogSource("sim", 1 << 20);
        try (TraceLog live = TraceLog.open(source)) {
            FilterTask faults = live.filter(LogFilter.ALL.withLevel(LogLevel.ERR));
            for (int i = 0; i < 300; i++) {
                source.append(SimEventLog.line(i * 0.001, i % 100 == 7 ? LogLevel.ERR : LogLevel.INFO, "dsp0", "step " + i));
            }
            LineIndexTest.waitFor(() -> faults.matches().size() == 3);
            assertFalse(faults.isDone(), "it waits for more lines");
            source.append(SimEventLog.line(1, LogLevel.CRIT, "dsp0", "watchdog"));
            LineIndexTest.waitFor(() -> faults.matches().size() == 4);
            assertEquals(300, faults.matches().last());
            source.finish();
            assertTrue(faults.await(10, TimeUnit.SECONDS));
            assertArrayEquals(new long[] { 7, 107, 207, 300 }, faults.matches().lines(0, 10));
        }
    }
}
