package dev.bringup.ui.internal.trace;

import java.util.Locale;

/**
 * What the go-to field asks for: a line (1-based as typed, {@code 1234}) or a time in seconds
 * ({@code 12.5}, {@code 12.5s}, {@code 12s}). A whole number without a unit is a line.
 *
 * @param line the 0-based line, or -1 for a time
 * @param seconds the time, or NaN for a line
 */
record GoToTarget(long line, double seconds) {

    boolean isTime() {
        return line < 0;
    }

    /** Parses the field's text; null when it is neither a line number nor a time. */
    static @org.eclipse.jdt.annotation.Nullable GoToTarget parse(String text) {
        String t = text.strip().replace("_", "").replace(",", "").toLowerCase(Locale.ROOT); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
        if (t.isEmpty()) {
            return null;
        }
        boolean unit = t.endsWith("s"); //$NON-NLS-1$
        if (unit) {
            t = t.substring(0, t.length() - 1).strip();
        }
        if (!unit && t.matches("\\d{1,18}")) { //$NON-NLS-1$
            long n = Long.parseLong(t);
            return n >= 1 ? new GoToTarget(n - 1, Double.NaN) : null;
        }
        if (!t.matches("\\d{1,12}(\\.\\d{0,9})?|\\.\\d{1,9}")) { //$NON-NLS-1$
            return null;
        }
        return new GoToTarget(-1, Double.parseDouble(t));
    }
}
