package dev.bringup.model.support;

import dev.bringup.common.Hex;

/** How the model's {@code Address} and {@code Size} data types read and write their values: {@code 0x...}. */
public final class ModelValues {

    private ModelValues() {
    }

    /** Parses {@code 0x...}, decimal or {@code 0b...}; a malformed value gives an IllegalArgumentException naming it. */
    public static long parseNumber(String text) {
        try {
            return Hex.parse(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** {@code 0x} and the unsigned hexadecimal value. */
    public static String formatHex(long value) {
        return Hex.of(value);
    }
}
