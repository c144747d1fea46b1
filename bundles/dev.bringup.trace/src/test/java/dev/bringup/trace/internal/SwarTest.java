package dev.bringup.trace.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The eight-bytes-at-a-time searches agree with byte-by-byte loops, at every offset and length. */
class SwarTest {

    @Test
    void searchesAgreeWithByteLoops() {
        SplittableRandom r = new SplittableRandom(3);
        byte[] alphabet = { 'a', 'b', '\n', '\r', 0, '\t', 0x1b, 0x7f, (byte) 0x80, (byte) 0xff, ' ', 'c' };
        for (int round = 0; round < 3000; round++) {
            int n = r.nextInt(70);
            byte[] a = new byte[n];
            for (int i = 0; i < n; i++) {
                a[i] = alphabet[r.nextInt(r.nextBoolean() ? 3 : alphabet.length)];
            }
            ByteBuffer b = ByteBuffer.wrap(a).order(ByteOrder.LITTLE_ENDIAN);
            int from = n == 0 ? 0 : r.nextInt(n + 1);
            int to = from + (n - from == 0 ? 0 : r.nextInt(n - from + 1));
            int firstNl = -1;
            int lastNl = -1;
            boolean control = false;
            for (int i = from; i < to; i++) {
                int c = a[i] & 0xFF;
                if (c == '\n') {
                    lastNl = i;
                    if (firstNl < 0) {
                        firstNl = i;
                    }
                }
                control |= (c < 0x20 && c != '\t') || c == 0x7f;
            }
            assertEquals(firstNl, Swar.indexOfNewline(b, from, to));
            assertEquals(lastNl, Swar.lastIndexOfNewline(b, from, to));
            assertEquals(control, Swar.hasControl(b, from, to));
            byte[] needle = new byte[1 + r.nextInt(3)];
            for (int i = 0; i < needle.length; i++) {
                needle[i] = alphabet[r.nextInt(3)];
            }
            int expected = -1;
            for (int i = from; i + needle.length <= to && expected < 0; i++) {
                boolean match = true;
                for (int k = 0; k < needle.length; k++) {
                    match &= a[i + k] == needle[k];
                }
                if (match) {
                    expected = i;
                }
            }
            assertEquals(expected, Swar.indexOf(b, from, to, needle));
        }
    }
}
