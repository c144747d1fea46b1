package dev.bringup.trace.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.eclipse.jdt.annotation.Nullable;

import dev.bringup.trace.LogSource;

/**
 * A log file read through a {@link FileChannel}: large reads are memory-mapped windows, small
 * ones (the rows of a table) positional reads into a heap buffer. The file is never read whole.
 */
public final class FileLogSource implements LogSource {

    /** Reads at least this long are mapped rather than copied. */
    private static final int MAP_THRESHOLD = 1 << 20;
    private static final long POLL_MILLIS = 100;

    private final Path file;
    private final FileChannel channel;
    private volatile boolean live;

    public FileLogSource(Path file, boolean live) throws IOException {
        this.file = file;
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
        this.live = live;
    }

    @Override
    public String name() {
        Path n = file.getFileName();
        return n == null ? file.toString() : n.toString();
    }

    @Override
    public @Nullable Path path() {
        return file;
    }

    @Override
    public long size() throws IOException {
        return channel.size();
    }

    @Override
    public ByteBuffer read(long position, int length) throws IOException {
        long available = Math.max(0, channel.size() - position);
        int n = (int) Math.min(length, available);
        if (n >= MAP_THRESHOLD) {
            ByteBuffer m = channel.map(FileChannel.MapMode.READ_ONLY, position, n);
            return m.order(ByteOrder.LITTLE_ENDIAN);
        }
        ByteBuffer b = ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            int r = channel.read(b, position + b.position());
            if (r < 0) {
                throw new IOException(name() + " shrank while being read: expected " + n + " bytes at offset "
                        + position + ", the file ends at " + (position + b.position()));
            }
        }
        b.flip();
        return b;
    }

    @Override
    public boolean isLive() {
        return live && channel.isOpen();
    }

    @Override
    public boolean awaitGrowth(long knownSize, long timeoutMillis) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (true) {
            long s = channel.size();
            if (s < knownSize) {
                throw new IOException(name() + " shrank from " + knownSize + " to " + s
                        + " bytes (truncated or rotated); open it again to index the new content");
            }
            if (s > knownSize) {
                return true;
            }
            long left = deadline - System.nanoTime();
            if (!isLive() || left <= 0) {
                return false;
            }
            Thread.sleep(Math.min(POLL_MILLIS, Math.max(1, left / 1_000_000L)));
        }
    }

    /** Stops following the file: it is treated as complete from now on. */
    public void stopFollowing() {
        live = false;
    }

    @Override
    public void close() throws IOException {
        live = false;
        channel.close();
    }
}
