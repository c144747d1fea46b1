package dev.bringup.trace.internal;

import java.nio.ByteBuffer;

/**
 * Bytes of a buffer seen as characters, one byte per character (ISO 8859-1), without copying: for
 * reading the ASCII prefix of a line (its time stamp) straight out of a mapped window.
 */
final class Latin1View implements CharSequence {

    private ByteBuffer buf = ByteBuffer.allocate(0);
    private int off;
    private int len;

    /** Shows {@code b[off, off + len)}; returns this. */
    Latin1View of(ByteBuffer b, int from, int length) {
        this.buf = b;
        this.off = from;
        this.len = length;
        return this;
    }

    @Override
    public int length() {
        return len;
    }

    @Override
    public char charAt(int index) {
        if (index < 0 || index >= len) {
            throw new IndexOutOfBoundsException(index);
        }
        return (char) (buf.get(off + index) & 0xFF);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return toString().substring(start, end);
    }

    @Override
    public String toString() {
        char[] c = new char[len];
        for (int i = 0; i < len; i++) {
            c[i] = charAt(i);
        }
        return new String(c);
    }
}
