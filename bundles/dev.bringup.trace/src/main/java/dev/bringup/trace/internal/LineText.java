package dev.bringup.trace.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Turns the bytes of one line into the text a user sees. Lines are UTF-8 (invalid bytes become
 * U+FFFD). Trailing carriage returns are dropped. Lines with control bytes (a serial console
 * capture) are cleaned the way a terminal would show them: NULs and other control bytes vanish,
 * ANSI escape sequences are removed ({@code ESC [ ... K} erases to the end of the line), a
 * carriage return moves back to column 0 so later text overwrites earlier text, a backspace
 * moves back one column.
 */
public final class LineText {

    private static final char ESC = 0x1B;

    private byte[] scratch = new byte[256];

    /** The length of {@code [off, off + len)} without its trailing carriage returns. */
    public static int withoutTrailingCr(ByteBuffer b, int off, int len) {
        int n = len;
        while (n > 0 && b.get(off + n - 1) == '\r') {
            n--;
        }
        return n;
    }

    /** The display text of the line {@code [off, off + len)} of {@code b} (no {@code '\n'} in it). */
    public String decode(ByteBuffer b, int off, int len) {
        int n = withoutTrailingCr(b, off, len);
        boolean dirty = Swar.hasControl(b, off, off + n);
        String s;
        if (b.hasArray()) {
            s = new String(b.array(), b.arrayOffset() + off, n, StandardCharsets.UTF_8);
        } else {
            if (scratch.length < n) {
                scratch = new byte[Math.max(n, scratch.length * 2)];
            }
            b.get(off, scratch, 0, n);
            s = new String(scratch, 0, n, StandardCharsets.UTF_8);
        }
        return dirty ? clean(s) : s;
    }

    /** The text of {@code raw} as a terminal would show it (see the class comment). */
    public static String clean(String raw) {
        StringBuilder out = new StringBuilder(raw.length());
        int cur = 0;
        int n = raw.length();
        for (int i = 0; i < n; i++) {
            char c = raw.charAt(i);
            if (c == ESC) {
                i = skipEscape(raw, i, out, cur);
                if (out.length() < cur) {
                    cur = out.length();
                }
            } else if (c == '\r') {
                cur = 0;
            } else if (c == '\b') {
                cur = Math.max(0, cur - 1);
            } else if ((c < 0x20 && c != '\t') || c == 0x7F) {
                continue;
            } else {
                if (cur < out.length()) {
                    out.setCharAt(cur, c);
                } else {
                    out.append(c);
                }
                cur++;
            }
        }
        return out.toString();
    }

    /** Skips the escape sequence starting at {@code raw[i] == ESC}; returns the index of its last char. */
    private static int skipEscape(String raw, int i, StringBuilder out, int cur) {
        int n = raw.length();
        if (i + 1 >= n) {
            return i;
        }
        char k = raw.charAt(i + 1);
        if (k == '[') { // CSI: parameters 0x30-0x3F, intermediates 0x20-0x2F, final 0x40-0x7E
            int j = i + 2;
            int param = 0;
            while (j < n && raw.charAt(j) >= 0x20 && raw.charAt(j) <= 0x3F) {
                char p = raw.charAt(j);
                if (p >= '0' && p <= '9') {
                    param = param * 10 + (p - '0');
                }
                j++;
            }
            if (j < n && raw.charAt(j) >= 0x40 && raw.charAt(j) <= 0x7E) {
                if (raw.charAt(j) == 'K') {
                    if (param == 2) {
                        out.setLength(0);
                    } else if (param == 0 && cur < out.length()) {
                        out.setLength(cur);
                    }
                }
                return j;
            }
            return j - 1; // unterminated: drop what was seen
        }
        if (k == ']' || k == 'P' || k == '_' || k == '^') { // OSC, DCS, APC, PM: up to BEL or ESC backslash
            int j = i + 2;
            while (j < n) {
                char c = raw.charAt(j);
                if (c == 0x07) {
                    return j;
                }
                if (c == ESC && j + 1 < n && raw.charAt(j + 1) == '\\') {
                    return j + 1;
                }
                j++;
            }
            return n - 1;
        }
        if (k >= 0x20 && k <= 0x7E) { // two-character sequences such as ESC 7, ESC (B
            if ((k == '(' || k == ')') && i + 2 < n) {
                return i + 2;
            }
            return i + 1;
        }
        return i;
    }
}
