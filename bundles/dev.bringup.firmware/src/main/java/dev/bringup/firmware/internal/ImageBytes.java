package dev.bringup.firmware.internal;

import java.io.Closeable;

import dev.bringup.common.FormatException;
import dev.bringup.common.Location;

/**
 * The bytes of a firmware image, addressed by ELF file offset. A plain ELF is one file; a
 * Qualcomm split image routes reads past the end of the {@code .mdt} to the {@code .bNN} file
 * of the segment that holds them.
 */
public interface ImageBytes extends Closeable {

    /** Size in bytes of the image as its ELF offsets see it. */
    long size();

    /**
     * Copies {@code length} bytes at {@code offset} into {@code dst} at {@code dstOffset}.
     *
     * @throws FormatException when the range is not inside the image
     */
    void read(long offset, byte[] dst, int dstOffset, int length) throws FormatException;

    /** The name used in diagnostics (the file name as the user gave it). */
    String name();

    /** Whether {@code [offset, offset + length)} can be read. Never overflows. */
    default boolean contains(long offset, long length) {
        return offset >= 0 && length >= 0 && offset <= size() && length <= size() - offset;
    }

    /** Reads a new array of {@code length} bytes at {@code offset}. */
    default byte[] read(long offset, int length) throws FormatException {
        byte[] b = new byte[length];
        read(offset, b, 0, length);
        return b;
    }

    /** The error for a range outside the image. */
    default FormatException outside(String what, long offset, long length) {
        return new FormatException(what + " [" + dev.bringup.common.Hex.of(offset) + ", +" + dev.bringup.common.Hex.of(length)
                + ") lies outside the file of " + size() + " bytes", Location.at(name(), offset),
                "the file is truncated or the header is corrupt; rebuild or re-copy the firmware");
    }
}
