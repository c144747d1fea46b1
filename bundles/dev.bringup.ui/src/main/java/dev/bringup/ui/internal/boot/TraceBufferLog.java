package dev.bringup.ui.internal.boot;

import java.nio.ByteBuffer;
import java.util.List;

import org.eclipse.jdt.annotation.Nullable;

import dev.bringup.common.Hex;
import dev.bringup.firmware.ResourceEntry;
import dev.bringup.firmware.ResourceTable;
import dev.bringup.iommu.IommuException;
import dev.bringup.loader.BootSession;
import dev.bringup.trace.MemoryLogSource;
import dev.bringup.trace.TraceRingFollower;

/**
 * One remoteproc trace buffer of a boot session followed live for the trace log viewer: after
 * each step the ring ({@code RSC_TRACE} entry {@code index} of the resource table loaded in
 * device memory) is read through the session, as the processor sees it, and what the firmware
 * wrote since the previous read is appended to a live {@link MemoryLogSource} by a
 * {@link TraceRingFollower}. Called only on the session's thread ({@link BootController}).
 * <p>
 * <b>The write position.</b> The simulated firmware keeps its write index to itself (it is not in
 * memory), so the follower takes the NUL byte the firmware writes after its newest character as
 * the write position, as Linux's debugfs {@code traceN} does. The distance from the previous write
 * position to the new one, modulo the ring length, is what was written since the last read. That
 * cannot tell one lap of the ring from several, so every read also checks that the bytes the
 * firmware did not write in that distance are unchanged: when they changed, more than a ring's
 * worth was written between two reads (or the buffer was cleared by a new load), and a gap line
 * says so before the whole ring is read again from the write position. A firmware that writes
 * exactly the bytes that were there before over a whole lap is not noticed (identical repeated
 * lines could do that).
 * <p>
 * Lines the follower adds itself start with {@code "-- "} and end with {@code " --"}. Closing the
 * viewer's tab closes the source, which ends the following.
 */
final class TraceBufferLog {

    /** The prefix of the lines the follower writes itself (gaps, notes). */
    static final String NOTE = "-- "; //$NON-NLS-1$

    private static final long CAPACITY = 64L << 20;
    private static final int MAX_RING = 16 << 20;

    private final int index;
    private final MemoryLogSource source;
    private @Nullable TraceRingFollower follower;
    /** The follower sees the ring rotated left by this much (see {@link #restart}). */
    private int rotation;
    /** The follower's running count: (count + rotation) % len is the write position. */
    private long count;
    private byte @Nullable [] last;
    private int lastWrite;
    private long da = -1;
    private int len;
    private @Nullable String trouble;
    /** The source's size after the poll of each step (-1: not polled). */
    private long[] sizeAfter = new long[0];
    /** The run before a step back or reset, until the session's replay is read ({@link #replayed()}). */
    private @Nullable TraceBufferLog previous;

    /**
     * @param index which trace buffer (0: {@code trace0})
     * @param name the source's name ({@code remoteproc0 trace0})
     * @param previous the log of the run before a step back or reset, or null
     */
    TraceBufferLog(int index, String name, @Nullable TraceBufferLog previous) {
        this.index = index;
        this.source = new MemoryLogSource(name, CAPACITY);
        this.previous = previous;
    }

    /**
     * The session's replay after a step back or reset has been read. A replay runs all its steps
     * before it reports them, so the ring cannot be read between them; the replay repeats the
     * previous run exactly, so the first read after it starts the new source with what the previous
     * source held after the same step and then follows the ring from where it is.
     */
    void replayed() {
        previous = null;
    }

    MemoryLogSource source() {
        return source;
    }

    /** Whether the viewer still reads it (false once its tab closed or the run ended). */
    boolean live() {
        return source.isLive();
    }

    /** Ends the source: a step back or reset follows the ring in a new one. */
    void finish() {
        source.finish();
    }

    /** Reads the ring through {@code s} after step {@code step} and appends what is new; on the session's thread only. */
    void poll(BootSession s, int step) {
        if (!source.isLive()) {
            return;
        }
        try {
            pollRing(s);
        } finally {
            if (step >= 0) {
                if (step >= sizeAfter.length) {
                    int old = sizeAfter.length;
                    sizeAfter = java.util.Arrays.copyOf(sizeAfter, Math.max(step + 1, old * 2));
                    java.util.Arrays.fill(sizeAfter, old, sizeAfter.length, -1);
                }
                if (sizeAfter[step] < 0) { // the replay's later reports do not move what the copy recorded
                    sizeAfter[step] = source.size();
                }
            }
        }
    }

    private void pollRing(BootSession s) {
        ResourceEntry.Trace entry = entry(s.loadedResourceTable());
        if (entry == null) {
            return; // not loaded yet: nothing written
        }
        TraceBufferLog p = previous;
        previous = null;
        if (p != null && p.da == entry.da() && p.len == entry.len() && da < 0 && s.position() > 0
                && s.position() - 1 < p.sizeAfter.length && p.sizeAfter[s.position() - 1] >= 0) {
            byte[] ring = read(s, entry.da(), p.len);
            int w = ring == null ? -1 : firstNul(ring, 0);
            if (ring != null && w >= 0) {
                long n = p.sizeAfter[s.position() - 1];
                for (long at = 0; at < n; at += 1 << 16) {
                    java.nio.ByteBuffer b = p.source.read(at, (int) Math.min(1 << 16, n - at));
                    byte[] a = new byte[b.remaining()];
                    b.get(a);
                    source.append(a, 0, a.length);
                }
                sizeAfter = java.util.Arrays.copyOf(p.sizeAfter, s.position());
                da = p.da;
                len = p.len;
                // follow from here: the follower sees the ring rotated to the write position, nothing written yet
                follower = new TraceRingFollower(source);
                rotation = w;
                count = 0;
                last = ring;
                lastWrite = w;
                return;
            }
        }
        if (entry.da() != da || entry.len() != len) {
            if (da >= 0) {
                note(Messages.bind(Messages.Boot_traceMoved, Hex.of(entry.da()), entry.len()));
            }
            da = entry.da();
            len = (int) Math.min(Integer.MAX_VALUE, entry.len());
            follower = null;
            if (entry.len() < 2 || entry.len() > MAX_RING) {
                trouble(Messages.bind(Messages.Boot_traceBadLength, Hex.of(entry.da()), entry.len()));
                return;
            }
            note(Messages.bind(Messages.Boot_traceFollowing, new Object[] { "trace" + index, Hex.of(da), len })); //$NON-NLS-1$
        }
        if (len < 2 || len > MAX_RING) {
            return;
        }
        byte[] ring = read(s, da, len);
        if (ring == null) {
            return;
        }
        int w = firstNul(ring, 0);
        if (w < 0) {
            trouble(Messages.Boot_traceNoNul);
            return;
        }
        trouble = null;
        byte[] before = last;
        TraceRingFollower f = follower;
        if (f == null || before == null) {
            restart(ring, w, allNul(ring, w) ? null : Messages.Boot_traceWrappedBefore);
            return;
        }
        int delta = Math.floorMod(w - lastWrite, len);
        if (!untouchedSame(before, ring, lastWrite, delta)) {
            restart(ring, w, allNul(ring, w) ? Messages.Boot_traceCleared : Messages.bind(Messages.Boot_traceOverrun, len));
            return;
        }
        count += delta;
        f.poll(ByteBuffer.wrap(rotate(ring)), count);
        last = ring;
        lastWrite = w;
    }

    /**
     * Starts reading the ring afresh at write position {@code w}: before the ring wrapped, the
     * text is bytes 0..w; after it, the whole ring from w on, which the follower reads as a ring
     * rotated left by w with a full ring's worth written (so it reads it in order, without a gap
     * line of its own: the {@code gap} note, when given, says what was lost).
     */
    private void restart(byte[] ring, int w, @Nullable String gap) {
        boolean wrapped = !allNul(ring, w);
        TraceRingFollower f = new TraceRingFollower(source);
        follower = f;
        if (gap != null) {
            note(gap);
        }
        rotation = wrapped ? w : 0;
        count = wrapped ? len : w;
        f.poll(ByteBuffer.wrap(rotate(ring)), count);
        last = ring;
        lastWrite = w;
    }

    private byte @Nullable [] read(BootSession s, long at, int n) {
        try {
            return s.readDa(at, n);
        } catch (IommuException e) {
            trouble(Messages.bind(Messages.Boot_traceUnreadable, Hex.of(at), e.getMessage()));
            return null;
        }
    }

    /** Whether the bytes outside [from, from + delta] (mod len: what the firmware wrote, its NUL included) did not change. */
    private boolean untouchedSame(byte[] before, byte[] now, int from, int delta) {
        for (int i = 0; i < len; i++) {
            if (Math.floorMod(i - from, len) > delta && before[i] != now[i]) {
                return false;
            }
        }
        return true;
    }

    private byte[] rotate(byte[] ring) {
        if (rotation == 0) {
            return ring;
        }
        byte[] r = new byte[len];
        System.arraycopy(ring, rotation, r, 0, len - rotation);
        System.arraycopy(ring, 0, r, len - rotation, rotation);
        return r;
    }

    private ResourceEntry.@Nullable Trace entry(@Nullable ResourceTable t) {
        if (t == null) {
            return null;
        }
        List<ResourceEntry> traces = t.entriesOfKind("trace"); //$NON-NLS-1$
        return index < traces.size() && traces.get(index) instanceof ResourceEntry.Trace e ? e : null;
    }

    /** Says something once until it changes (a ring that stays unreadable is not repeated every step). */
    private void trouble(String text) {
        if (!text.equals(trouble)) {
            trouble = text;
            note(text);
        }
    }

    private void note(String text) {
        // a note is a line of its own even when the firmware's last line has no newline yet
        long n = source.size();
        boolean open = n > 0 && source.read(n - 1, 1).get(0) != '\n';
        source.append((open ? "\n" : "") + NOTE + text + " --\n"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
    }

    private static int firstNul(byte[] b, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    private static boolean allNul(byte[] b, int from) {
        return from >= b.length || firstNonNul(b, from) < 0;
    }

    private static int firstNonNul(byte[] b, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] != 0) {
                return i;
            }
        }
        return -1;
    }
}
