package dev.bringup.firmware.internal;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.eclipse.jdt.annotation.Nullable;

import dev.bringup.common.FormatException;
import dev.bringup.common.Location;

/**
 * A read-only file seen through memory-mapped windows ({@link FileChannel#map}) that are mapped
 * on first touch. A large file is never read into the heap: only the windows that a reader
 * touches are mapped, and the operating system pages in only the bytes actually read.
 */
public final class MappedFile implements ImageBytes {

    /** Window size: 64 MiB, so that a 32-bit JVM address space is never the limit. */
    static final int WINDOW_SHIFT = 26;
    private static final long WINDOW = 1L << WINDOW_SHIFT;

    private final String name;
    private final FileChannel channel;
    private final long size;
    private final @Nullable MappedByteBuffer[] windows;

    private MappedFile(String name, FileChannel channel, long size) {
        this.name = name;
        this.channel = channel;
        this.size = size;
        long count = (size + WINDOW - 1) >>> WINDOW_SHIFT;
        this.windows = new MappedByteBuffer[(int) Math.min(count, Integer.MAX_VALUE - 8)];
    }

    /** Opens {@code path} read-only. */
    public static MappedFile open(Path path) throws IOException {
        FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
        try {
            return new MappedFile(String.valueOf(path.getFileName()), ch, ch.size());
        } catch (RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void read(long offset, byte[] dst, int dstOffset, int length) throws FormatException {
        if (!contains(offset, length)) {
            throw outside("read", offset, length);
        }
        long pos = offset;
        int done = 0;
        while (done < length) {
            int w = (int) (pos >>> WINDOW_SHIFT);
            if (w >= windows.length) {
                throw outside("read", offset, length);
            }
            MappedByteBuffer buf = window(w, pos);
            int inWindow = (int) (pos & (WINDOW - 1));
            int n = Math.min(length - done, buf.limit() - inWindow);
            buf.get(inWindow, dst, dstOffset + done, n);
            done += n;
            pos += n;
        }
    }

    private MappedByteBuffer window(int w, long pos) throws FormatException {
        MappedByteBuffer buf = windows[w];
        if (buf == null) {
            long start = (long) w << WINDOW_SHIFT;
            long len = Math.min(WINDOW, size - start);
            try {
                buf = channel.map(FileChannel.MapMode.READ_ONLY, start, len);
            } catch (IOException e) {
                throw new FormatException("cannot map bytes at " + dev.bringup.common.Hex.of(pos) + ": " + e.getMessage(),
                        Location.at(name, pos), "check that the file is readable and not being truncated", e);
            }
            windows[w] = buf;
        }
        return buf;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
