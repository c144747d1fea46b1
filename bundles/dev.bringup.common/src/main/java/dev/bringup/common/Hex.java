package dev.bringup.common;

/** Hexadecimal formatting and parsing as engineers write addresses: {@code 0x10040000}. */
public final class Hex {

    private Hex() {
    }

    /** {@code 0x} followed by the unsigned hexadecimal value, lower case, no padding. */
    public static String of(long value) {
        return "0x" + Long.toHexString(value);
    }

    /** {@code 0x} followed by the value padded to {@code digits} hexadecimal digits. */
    public static String of(long value, int digits) {
        String s = Long.toHexString(value);
        return "0x" + "0".repeat(Math.max(0, digits - s.length())) + s;
    }

    /**
     * Parses an unsigned number written as {@code 0x...} (hexadecimal), {@code 0b...} (binary) or
     * decimal, with optional {@code _} separators and an optional {@code K}, {@code M} or {@code G}
     * suffix (binary multiples).
     *
     * @throws NumberFormatException with a message that names the text, when it is not a number
     *         or does not fit in 64 unsigned bits
     */
    public static long parse(String text) {
        String t = text.trim().replace("_", "");
        if (t.isEmpty()) {
            throw new NumberFormatException("empty number");
        }
        long multiplier = 1;
        char last = Character.toUpperCase(t.charAt(t.length() - 1));
        boolean hex = t.length() > 2 && t.charAt(0) == '0' && (t.charAt(1) == 'x' || t.charAt(1) == 'X');
        if (!hex && (last == 'K' || last == 'M' || last == 'G')) {
            multiplier = last == 'K' ? 1L << 10 : last == 'M' ? 1L << 20 : 1L << 30;
            t = t.substring(0, t.length() - 1);
        }
        long value;
        try {
            if (hex) {
                value = Long.parseUnsignedLong(t.substring(2), 16);
            } else if (t.length() > 2 && t.charAt(0) == '0' && (t.charAt(1) == 'b' || t.charAt(1) == 'B')) {
                value = Long.parseUnsignedLong(t.substring(2), 2);
            } else {
                value = Long.parseUnsignedLong(t, 10);
            }
        } catch (NumberFormatException e) {
            throw new NumberFormatException("'" + text + "' is not a number (write 0x1000, 4096 or 4K)");
        }
        if (multiplier != 1 && Long.compareUnsigned(value, Long.divideUnsigned(-1L, multiplier)) > 0) {
            throw new NumberFormatException("'" + text + "' does not fit in 64 bits");
        }
        return value * multiplier;
    }
}
