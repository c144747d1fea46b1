package dev.bringup.trace;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.jdt.annotation.Nullable;

/**
 * Reads the text of a remoteproc trace buffer ({@code RSC_TRACE}: a ring of {@code len} bytes at
 * {@code da} that the firmware writes its log into), from simulated memory or from a dump.
 * The ring is NUL-padded until it first wraps; after that the oldest text starts at the write
 * position, which may be anywhere in the buffer.
 * <p>
 * With the write position known (the firmware's write index, read by the simulator or from the
 * dump), the text is the bytes from there to the end, then from the start to there. Without it,
 * the write position is taken to be the first NUL byte (where the firmware's last write ended:
 * Linux's debugfs {@code trace0} file shows only the text before it); when text follows the NULs,
 * the ring has wrapped and that text is older. NUL bytes are dropped from the result.
 */
public final class TraceRing {

    /**
     * The unwrapped text.
     *
     * @param bytes the text, oldest first, without NULs
     * @param wrapped true when the ring had wrapped: then the first line is usually the end of a
     *        line whose start was overwritten
     * @param writeOffset the write position used, 0 <= writeOffset < ring length
     * @param note how the write position was found, for the user
     */
    public record Text(byte[] bytes, boolean wrapped, int writeOffset, String note) {

        /** The lines of the text (decoded as UTF-8, without line ends; a last line without newline included). */
        public List<String> lines() {
            List<String> out = new ArrayList<>();
            int start = 0;
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] == '\n') {
                    out.add(new String(bytes, start, i - start, StandardCharsets.UTF_8));
                    start = i + 1;
                }
            }
            if (start < bytes.length) {
                out.add(new String(bytes, start, bytes.length - start, StandardCharsets.UTF_8));
            }
            return out;
        }

        /** The text as a log source to open with {@link TraceLog#open(LogSource)}. */
        public LogSource toSource(String name) {
            return LogSource.of(name, bytes);
        }
    }

    private TraceRing() {
    }

    /**
     * Unwraps a ring whose write position is known.
     *
     * @param ring the ring's bytes from its position to its limit (not changed)
     * @param writePosition where the next byte will be written: an index into the ring, or a
     *        running count of bytes written (taken modulo the ring length)
     * @throws IllegalArgumentException when {@code writePosition} is negative
     */
    public static Text unwrap(ByteBuffer ring, long writePosition) {
        if (writePosition < 0) {
            throw new IllegalArgumentException("write position must not be negative: " + writePosition);
        }
        int len = ring.remaining();
        if (len == 0) {
            return new Text(new byte[0], false, 0, "the trace buffer is empty (len 0)");
        }
        int w = (int) (writePosition % len);
        boolean wrapped = !allNul(ring, w, len);
        ByteArrayOutputStream out = new ByteArrayOutputStream(len);
        if (wrapped) {
            copyWithoutNul(ring, w, len, out);
        }
        copyWithoutNul(ring, 0, w, out);
        String note = "write position " + w + " of " + len + " given" + (writePosition >= len ? " (as a byte count "
                + writePosition + ")" : "") + (wrapped ? "; the ring has wrapped, so the oldest text starts there" : "");
        return new Text(out.toByteArray(), wrapped, w, note);
    }

    /**
     * Unwraps a ring whose write position is not known, taking it to be the first NUL byte (see
     * the class comment).
     */
    public static Text unwrap(ByteBuffer ring) {
        int len = ring.remaining();
        int base = ring.position();
        int z = -1;
        for (int i = 0; i < len; i++) {
            if (ring.get(base + i) == 0) {
                z = i;
                break;
            }
        }
        if (z < 0) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(len);
            copyWithoutNul(ring, 0, len, out);
            return new Text(out.toByteArray(), false, 0, "no NUL byte in the " + len
                    + "-byte ring, so the write position is unknown: the text is shown from the start of the buffer"
                    + " and may be out of order at one place; give the firmware's write index to unwrap it exactly");
        }
        Text t = unwrap(ring, z);
        String note = "write position " + z + " of " + len + " taken from the first NUL byte"
                + (t.wrapped() ? "; text after the NULs is older (the ring has wrapped)" : "");
        return new Text(t.bytes(), t.wrapped(), z, note);
    }

    /**
     * The unwrapped text of {@code file} when it is a trace ring dump ({@link #looksLikeDump}),
     * else null: the file is a log to open with {@link TraceLog#open(java.nio.file.Path)}. Reads
     * the file only when it is at most {@link #DUMP_MAX} bytes.
     *
     * @throws IOException when the file cannot be read
     */
    public static @Nullable Text readDump(Path file) throws IOException {
        if (Files.size(file) > DUMP_MAX) {
            return null;
        }
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file));
        return looksLikeDump(bytes) ? unwrap(bytes) : null;
    }

    /** The largest file {@link #looksLikeDump} takes for a ring (rings are a few KiB to a few MiB). */
    public static final int DUMP_MAX = 16 << 20;

    /**
     * Whether bytes look like a dump of a trace ring rather than a log file: mostly text (at least
     * 95% of the bytes that are not NUL are printable, white space, ESC or UTF-8), at least one
     * NUL byte, and the NULs in at most one run besides a run at the very end. That is the shape a
     * ring has: text then NUL padding before the first wrap; after it, the newest text, the NUL
     * the firmware keeps after it, the older text and perhaps the padding the writer leaves at the
     * end. A serial capture with stray NULs has them in many places and stays a log; a debugfs
     * {@code trace0} read has no NUL at all (Linux stops at the first one) and is a log too.
     *
     * @param bytes the whole file, position to limit (not changed); more than {@link #DUMP_MAX}
     *        bytes is never a dump
     */
    public static boolean looksLikeDump(ByteBuffer bytes) {
        int len = bytes.remaining();
        if (len < 2 || len > DUMP_MAX) {
            return false;
        }
        int base = bytes.position();
        int runs = 0;
        boolean trailing = false;
        long text = 0;
        long other = 0;
        boolean newline = false;
        for (int i = 0; i < len; i++) {
            int b = bytes.get(base + i) & 0xff;
            if (b == 0) {
                if (i == 0 || bytes.get(base + i - 1) != 0) {
                    runs++;
                }
                trailing = true;
                continue;
            }
            trailing = false;
            if (b >= 0x20 && b != 0x7f || b == '\n' || b == '\r' || b == '\t' || b == 0x1b) {
                text++;
                newline |= b == '\n';
            } else {
                other++;
            }
        }
        int inner = trailing ? runs - 1 : runs;
        return runs > 0 && inner <= 1 && newline && text >= 19 * other;
    }

    private static boolean allNul(ByteBuffer ring, int from, int to) {
        int base = ring.position();
        for (int i = from; i < to; i++) {
            if (ring.get(base + i) != 0) {
                return false;
            }
        }
        return true;
    }

    private static void copyWithoutNul(ByteBuffer ring, int from, int to, ByteArrayOutputStream out) {
        int base = ring.position();
        for (int i = from; i < to; i++) {
            byte b = ring.get(base + i);
            if (b != 0) {
                out.write(b);
            }
        }
    }
}
