package dev.bringup.trace;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

import org.eclipse.jdt.annotation.Nullable;

/**
 * An append-only log in memory: the simulator's event log while it runs, or the text a
 * {@link TraceRingFollower} reads out of a remoteproc trace buffer. It is live until
 * {@link #finish()}; a {@link TraceLog} on it indexes new lines as they are appended.
 * <p>
 * Memory is bounded: bytes beyond {@code capacity} are dropped and counted
 * ({@link #droppedBytes()}), never silently kept. One thread appends; any thread reads.
 */
public final class MemoryLogSource implements LogSource {

    private static final int SHIFT = 20;
    private static final int CHUNK = 1 << SHIFT;
    private static final int MASK = CHUNK - 1;

    private final String name;
    private final long capacity;
    private final Object lock = new Object();
    private volatile byte[][] chunks = new byte[4][];
    private volatile long size;
    private volatile boolean live = true;
    private long dropped;

    /**
     * @param name what the user sees, such as {@code sim events} or {@code remoteproc0 trace0}
     * @param capacity the most bytes kept (for example 256 MiB); later bytes are dropped
     */
    public MemoryLogSource(String name, long capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.name = name;
        this.capacity = capacity;
    }

    /** Appends bytes (UTF-8 text, lines ending in {@code '\n'}). Ignored after {@link #finish()}. */
    public void append(byte[] bytes, int offset, int length) {
        synchronized (lock) {
            if (!live) {
                return;
            }
            long n = size;
            int keep = (int) Math.min(length, capacity - n);
            dropped += length - keep;
            for (int i = 0; i < keep;) {
                long at = n + i;
                int c = (int) (at >>> SHIFT);
                byte[][] cs = chunks;
                if (c >= cs.length) {
                    cs = Arrays.copyOf(cs, Math.max(c + 1, cs.length * 2));
                    chunks = cs;
                }
                if (cs[c] == null) {
                    cs[c] = new byte[CHUNK];
                }
                int in = (int) (at & MASK);
                int k = Math.min(keep - i, CHUNK - in);
                System.arraycopy(bytes, offset + i, cs[c], in, k);
                i += k;
            }
            size = n + keep;
            lock.notifyAll();
        }
    }

    /** Appends text encoded as UTF-8. */
    public void append(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        append(b, 0, b.length);
    }

    /** Marks the end: no more bytes come, and a last line without a newline now counts. */
    public void finish() {
        synchronized (lock) {
            live = false;
            lock.notifyAll();
        }
    }

    /** Bytes that did not fit under the capacity and were dropped. */
    public long droppedBytes() {
        synchronized (lock) {
            return dropped;
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public @Nullable Path path() {
        return null;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public ByteBuffer read(long position, int length) {
        long s = size;
        byte[][] cs = chunks;
        int n = (int) Math.max(0, Math.min(length, s - position));
        int c = (int) (position >>> SHIFT);
        int in = (int) (position & MASK);
        if (n == 0) {
            return ByteBuffer.allocate(0).order(ByteOrder.LITTLE_ENDIAN);
        }
        if (in + n <= CHUNK) {
            return ByteBuffer.wrap(cs[c], in, n).slice().order(ByteOrder.LITTLE_ENDIAN);
        }
        byte[] copy = new byte[n];
        for (int i = 0; i < n;) {
            long at = position + i;
            int ci = (int) (at >>> SHIFT);
            int ii = (int) (at & MASK);
            int k = Math.min(n - i, CHUNK - ii);
            System.arraycopy(cs[ci], ii, copy, i, k);
            i += k;
        }
        return ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    public boolean isLive() {
        return live;
    }

    @Override
    public boolean awaitGrowth(long knownSize, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        synchronized (lock) {
            while (size <= knownSize && live) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                lock.wait(Math.max(1, left / 1_000_000L));
            }
            return size > knownSize;
        }
    }

    @Override
    public void close() {
        finish();
    }
}
