package dev.bringup.trace;

import java.nio.ByteBuffer;

/**
 * Follows a remoteproc trace buffer while the (simulated) firmware runs: each {@link #poll}
 * appends what was written since the previous poll to a {@link MemoryLogSource}, which a
 * {@link TraceLog} indexes live. Text overwritten before it was polled is lost: the follower
 * counts it and appends a marker line {@code -- trace ring overrun: N bytes lost --} so the gap
 * shows in the log.
 */
public final class TraceRingFollower {

    private final MemoryLogSource sink;
    private long written = -1;
    private long lost;

    /** @param sink where the text goes */
    public TraceRingFollower(MemoryLogSource sink) {
        this.sink = sink;
    }

    /**
     * Appends the new text.
     *
     * @param ring the ring's bytes (position to limit)
     * @param bytesWritten the firmware's running count of bytes written since it started (not
     *        wrapped); a firmware that keeps only an index into the ring can be followed by passing
     *        {@code index + wraps * len}, counting a wrap whenever the index goes down, as long as it
     *        is polled at least once per ring length
     * @return the number of bytes appended
     * @throws IllegalArgumentException when the count goes backwards (the firmware restarted: make
     *         a new follower)
     */
    public int poll(ByteBuffer ring, long bytesWritten) {
        int len = ring.remaining();
        long before = Math.max(0, written);
        if (bytesWritten < before) {
            throw new IllegalArgumentException("bytes written went back from " + before + " to " + bytesWritten
                    + ": the firmware restarted; follow it with a new TraceRingFollower");
        }
        long fresh = bytesWritten - before;
        written = bytesWritten;
        if (fresh == 0 || len == 0) {
            return 0;
        }
        if (fresh > len) {
            long gone = fresh - len;
            lost += gone;
            sink.append("\n-- trace ring overrun: " + gone + " bytes lost --\n");
            fresh = len;
        }
        int start = (int) ((bytesWritten - fresh) % len);
        int base = ring.position();
        byte[] out = new byte[(int) fresh];
        int n = 0;
        for (int i = 0; i < fresh; i++) {
            byte b = ring.get(base + (start + i) % len);
            if (b != 0) {
                out[n++] = b;
            }
        }
        sink.append(out, 0, n);
        return n;
    }

    /** Bytes the firmware wrote that were overwritten before a poll saw them. */
    public long lostBytes() {
        return lost;
    }
}
