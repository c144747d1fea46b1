package dev.bringup.firmware.internal;

import dev.bringup.common.FormatException;

/** An image held in memory (a buffer from a debugger, a coredump, a fuzzer). */
public final class ByteArrayImage implements ImageBytes {

    private final byte[] data;
    private final String name;

    public ByteArrayImage(byte[] data, String name) {
        this.data = data;
        this.name = name;
    }

    @Override
    public long size() {
        return data.length;
    }

    @Override
    public void read(long offset, byte[] dst, int dstOffset, int length) throws FormatException {
        if (!contains(offset, length)) {
            throw outside("read", offset, length);
        }
        System.arraycopy(data, (int) offset, dst, dstOffset, length);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void close() {
        // nothing to release
    }
}
