package dev.bringup.trace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.bringup.trace.internal.Indexer;

/** Line offsets and texts from the index equal a naive split of the same bytes. */
class LineIndexTest {

    /** Opens {@code bytes} as a file and checks every line against the naive split; returns the log's line count. */
    private long check(Path dir, String name, byte[] bytes) throws Exception {
        Path f = dir.resolve(name);
        Files.write(f, bytes);
        Naive naive = new Naive(bytes);
        try (TraceLog log = TraceLog.open(f)) {
            assertTrue(log.awaitIndex(60, TimeUnit.SECONDS), "indexing " + name);
            assertEquals(naive.count(), log.lineCount(), "line count of " + name);
            long[] offsets = new long[naive.count()];
            for (int first = 0; first < naive.count(); first += 5000) {
                List<LogLine> batch = log.lines(first, 5000);
                for (LogLine l : batch) {
                    offsets[(int) l.line()] = l.offset();
                    assertEquals(naive.texts.get((int) l.line()), l.text(), "text of line " + l.line() + " of " + name);
                }
            }
            assertArrayEquals(naive.starts, offsets, "line offsets of " + name);
            // random access, backwards, one line at a time
            for (int i = naive.count() - 1; i >= 0; i -= Math.max(1, naive.count() / 97)) {
                assertEquals(naive.starts[i], log.line(i).offset(), "offset of line " + i + " read alone");
            }
            return log.lineCount();
        }
    }

    @Test
    void edgeCases(@TempDir Path dir) throws Exception {
        assertEquals(0, check(dir, "empty", new byte[0]));
        assertEquals(1, check(dir, "one-newline", "\n".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(1, check(dir, "no-trailing-newline", "abc".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(3, check(dir, "blank-lines", "\n\n\n".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(3, check(dir, "crlf", "a\r\nbb\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(2, check(dir, "crlf-no-end", "a\r\nbb\r".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(3, check(dir, "nuls", "a\0b\n\0\0\0\n\0".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(2, check(dir, "utf8", "r\u00e9sum\u00e9 \u2603\n\u00ff".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aTenMegabyteLine(@TempDir Path dir) throws Exception {
        byte[] big = new byte[10 << 20];
        Arrays.fill(big, (byte) 'x');
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes("[    0.000001] first\n".getBytes(StandardCharsets.US_ASCII));
        b.writeBytes(big);
        b.writeBytes("\n[    0.000002] after the long line\nlast".getBytes(StandardCharsets.US_ASCII));
        assertEquals(4, check(dir, "long-line", b.toByteArray()));
        assertEquals(1, check(dir, "only-long-line", big));
    }

    /** Random lines (lengths 0..300, some CR LF, some NULs) over several 16 MiB index segments. */
    @Test
    void randomLinesAcrossSegments(@TempDir Path dir) throws Exception {
        SplittableRandom r = new SplittableRandom(8);
        ByteArrayOutputStream b = new ByteArrayOutputStream(40 << 20);
        byte[] line = new byte[400];
        while (b.size() < 40 << 20) {
            int n = r.nextInt(r.nextInt(10) == 0 ? 3 : 300);
            for (int i = 0; i < n; i++) {
                int c = r.nextInt(100);
                line[i] = c == 0 ? 0 : (byte) (' ' + r.nextInt(95));
            }
            b.write(line, 0, n);
            if (r.nextInt(20) == 0) {
                b.write('\r');
            }
            b.write('\n');
        }
        check(dir, "random", b.toByteArray());
    }

    /** Newlines exactly at the edges of the indexing segments and of the 8-byte words. */
    @Test
    void newlinesOnSegmentEdges(@TempDir Path dir) throws Exception {
        int first = Indexer.FIRST_SEGMENT;
        int second = first + Indexer.SEGMENT;
        byte[] bytes = new byte[second + Indexer.SEGMENT / 2 + 9];
        Arrays.fill(bytes, (byte) 'y');
        for (int edge : new int[] { first, second }) {
            for (int d : new int[] { -9, -8, -1, 0, 1, 7, 8 }) {
                bytes[edge + d] = '\n';
            }
        }
        bytes[0] = '\n';
        bytes[bytes.length - 1] = '\n';
        check(dir, "edges", bytes);
        bytes[second] = 'y';
        bytes[second - 1] = 'y';
        bytes[bytes.length - 1] = 'z';
        check(dir, "edges-2", bytes);
    }

    /** A line can be read as soon as it is indexed, while the source is still growing. */
    @Test
    void linesReadableWhileTheSourceGrows() throws Exception {
        MemoryLogSource source = new MemoryLogSource("live", 1 << 20);
        try (TraceLog log = TraceLog.open(source)) {
            for (int i = 0; i < 1000; i++) {
                source.append(String.format("[%12.6f] sim: dsp0: tick %d%n", i / 1000.0, i));
            }
            source.append("[    1.000000] sim: dsp0: partial");
            waitFor(() -> log.lineCount() == 1000);
            assertFalse(log.isIndexComplete());
            assertEquals("tick 999", log.line(999).message());
            assertEquals(1000, log.lineCount(), "the partial last line waits for its newline");
            source.append(" line\n");
            waitFor(() -> log.lineCount() == 1001);
            assertEquals("partial line", log.line(1000).message());
            source.append("no newline at the end");
            source.finish();
            assertTrue(log.awaitIndex(10, TimeUnit.SECONDS));
            assertEquals(1002, log.lineCount(), "a finished source's last line counts");
            assertEquals("no newline at the end", log.line(1001).text());
        }
    }

    /** A file that is being written: the tail follows it. */
    @Test
    void tailOfAGrowingFile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("serial.cap");
        Files.writeString(f, "[    0.100000] remoteproc remoteproc0: powering up dsp0\n");
        try (TraceLog log = TraceLog.open(LogSource.tail(f))) {
            waitFor(() -> log.lineCount() == 1);
            Files.writeString(f, "[    0.200000] remoteproc remoteproc0: remote processor dsp0 is now up\n",
                    java.nio.file.StandardOpenOption.APPEND);
            waitFor(() -> log.lineCount() == 2);
            assertEquals(0.2, log.line(1).time(), 1e-9);
            assertFalse(log.isIndexComplete());
        }
    }

    /** A file that shrinks under a tail is reported, not read past its end. */
    @Test
    void truncatedTailIsReported(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("rotated.log");
        Files.writeString(f, "a line\nanother line\n");
        try (TraceLog log = TraceLog.open(LogSource.tail(f))) {
            waitFor(() -> log.lineCount() == 2);
            Files.writeString(f, "x\n");
            assertTrue(log.indexing().await(10, TimeUnit.SECONDS));
            assertTrue(log.problem() != null && log.problem().message().contains("shrank"), String.valueOf(log.problem()));
        }
    }

    /** The index stays compact: one checkpoint per about 128 lines, not one entry per line. */
    @Test
    void indexIsCompact(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("synthetic.log");
        long lines = 300_000;
        new dev.bringup.trace.internal.SyntheticLog(3).write(f, lines);
        try (TraceLog log = TraceLog.open(f)) {
            assertTrue(log.awaitIndex(60, TimeUnit.SECONDS));
            assertEquals(lines, log.lineCount());
            assertTrue(log.checkpointCount() <= lines / 128 + 8, "checkpoints: " + log.checkpointCount());
            assertTrue(log.checkpointCount() >= lines / 256, "checkpoints: " + log.checkpointCount());
        }
    }

    static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 20 s");
            }
            Thread.sleep(5);
        }
    }
}
