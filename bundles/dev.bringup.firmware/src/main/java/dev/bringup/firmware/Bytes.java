package dev.bringup.firmware;

import java.util.Arrays;
import java.util.HexFormat;

import org.eclipse.jdt.annotation.Nullable;

/**
 * An immutable run of bytes, so that records holding raw firmware bytes (names, vendor entry
 * bodies, virtio config space) stay immutable and compare by content.
 */
public final class Bytes {

    /** No bytes. */
    public static final Bytes EMPTY = new Bytes(new byte[0]);

    private final byte[] data;

    private Bytes(byte[] data) {
        this.data = data;
    }

    /** A copy of {@code data}. */
    public static Bytes of(byte[] data) {
        return data.length == 0 ? EMPTY : new Bytes(data.clone());
    }

    /** A copy of {@code data[from, from + length)}. */
    public static Bytes of(byte[] data, int from, int length) {
        return length == 0 ? EMPTY : new Bytes(Arrays.copyOfRange(data, from, from + length));
    }

    /**
     * A fixed-size, NUL-padded text field such as {@code name[32]}.
     *
     * @throws IllegalArgumentException when the text is not printable ASCII or does not fit with its terminating NUL
     */
    public static Bytes text(String text, int size) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw new IllegalArgumentException("name '" + text + "' has a character that is not printable ASCII at "
                        + i);
            }
        }
        byte[] t = text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        if (t.length >= size) {
            throw new IllegalArgumentException("name '" + text + "' has " + t.length + " bytes; at most " + (size - 1)
                    + " fit with the terminating NUL");
        }
        return new Bytes(Arrays.copyOf(t, size));
    }

    public int length() {
        return data.length;
    }

    public byte get(int index) {
        return data[index];
    }

    /** A copy of the bytes. */
    public byte[] toArray() {
        return data.clone();
    }

    /** Copies the bytes into {@code dst} at {@code offset}. */
    public void copyTo(byte[] dst, int offset) {
        System.arraycopy(data, 0, dst, offset, data.length);
    }

    /** Index of the first NUL, or -1 when there is none. */
    public int indexOfNul() {
        for (int i = 0; i < data.length; i++) {
            if (data[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    /** The text up to the first NUL (all bytes when there is none), as ISO-8859-1 so no byte is lost. */
    public String cString() {
        int n = indexOfNul();
        return new String(data, 0, n < 0 ? data.length : n, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** Lower-case hexadecimal, two digits a byte. */
    public String hex() {
        return HexFormat.of().formatHex(data);
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof Bytes b && Arrays.equals(data, b.data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return data.length <= 64 ? hex() : HexFormat.of().formatHex(data, 0, 64) + "... (" + data.length + " bytes)";
    }
}
