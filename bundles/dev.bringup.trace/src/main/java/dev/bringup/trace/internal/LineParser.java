package dev.bringup.trace.internal;

import java.time.DateTimeException;
import java.time.LocalDate;

import dev.bringup.trace.LogFormat;
import dev.bringup.trace.LogLevel;
import dev.bringup.trace.LogLine;

/**
 * Splits one line of display text into time, source, level and message, as spans of the text
 * (no copying until {@link #toLogLine}). Reusable and not thread-safe: one per thread.
 * <p>
 * Forms recognised at the start of a line (after leading U+FFFD garbage from a serial line):
 * {@code /dev/kmsg} records; {@code 0xADDR | seconds:} dumps; an optional {@code <N>} level and
 * an optional {@code dmesg -x} {@code facility:level :} prefix, then {@code [ seconds]},
 * {@code [Www Mmm dd hh:mm:ss yyyy]} ({@code dmesg -T}) or an ISO time
 * ({@code dmesg --time-format iso}). Then the simulator's {@code sim: <source>: } and the kernel's
 * device prefixes: {@code driver device: } ({@code dev_printk}), {@code  device: } (a device
 * without a driver, printed with a leading space) and {@code prefix: } ({@code pr_fmt}).
 */
public final class LineParser {

    private static final long[] POW10 = { 1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L,
        100_000_000L, 1_000_000_000L, 10_000_000_000L, 100_000_000_000L, 1_000_000_000_000L };
    private static final String[] MONTHS = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
        "Nov", "Dec" };
    private static final int MAX_SOURCE = 64;

    private CharSequence text = "";
    private double time;
    private LogFormat format = LogFormat.PLAIN;
    private int explicitLevel;
    private int sourceStart;
    private int sourceEnd;
    private int messageStart;
    private int inferredLevel;

    // scratch of the number readers
    private int pos;
    private double num;

    /** Parses {@code line}; the accessors then describe it until the next call. */
    public void parse(CharSequence line) {
        CharSequence s = line;
        int n = s.length();
        int body = prefix(line);
        // the simulator's event log
        if (startsWith(s, body, "sim: ")) {
            int b = body + 5;
            int colon = indexOf(s, b, Math.min(n, b + MAX_SOURCE), ": ");
            if (colon > b) {
                format = LogFormat.SIM;
                sourceStart = b;
                sourceEnd = colon;
                messageStart = skipSpaces(s, colon + 2);
                return;
            }
        }
        source(s, body);
    }

    /** Parses only the start of {@code line} (the time, level and format); returns the time or NaN. */
    public double timeOf(CharSequence line) {
        prefix(line);
        return time;
    }

    /** Resets the results and reads the time and level prefixes; returns where the rest starts. */
    private int prefix(CharSequence line) {
        text = line;
        time = Double.NaN;
        format = LogFormat.PLAIN;
        explicitLevel = -1;
        sourceStart = sourceEnd = 0;
        messageStart = 0;
        inferredLevel = -1;
        CharSequence s = line;
        int n = s.length();
        int p = 0;
        while (p < n && (s.charAt(p) == '\uFFFD' || s.charAt(p) == '\uFEFF')) {
            p++;
        }
        int body;
        if ((body = kmsg(s, p)) >= 0) {
            format = LogFormat.KMSG;
        } else if ((body = addressPrefixed(s, p)) >= 0) {
            format = LogFormat.ADDRESS_PREFIXED;
        } else {
            body = p;
            int q = levelPrefix(s, p);
            if (q < 0) {
                q = p;
            }
            int d = decodePrefix(s, q);
            if (d >= 0) {
                q = d;
            }
            int t = bracketTime(s, q);
            if (t < 0) {
                t = isoTime(s, q);
            }
            if (t >= 0) {
                body = t < n && s.charAt(t) == ' ' ? t + 1 : t;
            } else if (q > p) {
                body = q;
            }
        }
        messageStart = body;
        return body;
    }

    public double time() {
        return time;
    }

    public LogFormat format() {
        return format;
    }

    public boolean hasSource() {
        return sourceEnd > sourceStart;
    }

    public int sourceStart() {
        return sourceStart;
    }

    public int sourceEnd() {
        return sourceEnd;
    }

    public int messageStart() {
        return messageStart;
    }

    public CharSequence text() {
        return text;
    }

    /** The level number, 0 (emerg) .. 7 (debug): explicit when the line had one, else inferred. */
    public int level() {
        if (explicitLevel >= 0) {
            return explicitLevel;
        }
        if (inferredLevel < 0) {
            inferredLevel = LevelRules.infer(text, sourceStart, sourceEnd, messageStart, text.length());
        }
        return inferredLevel;
    }

    public boolean levelInferred() {
        return explicitLevel < 0;
    }

    /** The parsed columns as a value. */
    public LogLine toLogLine(long line, long offset) {
        String t = text.toString();
        return new LogLine(line, offset, time, t.substring(sourceStart, sourceEnd), LogLevel.ofNumber(level()),
                levelInferred(), t.substring(messageStart), format, t);
    }

    // ---- prefixes; each returns the index after what it recognised, or -1 ----

    /** {@code N,seq,usec,flags[,more];} of /dev/kmsg. */
    private int kmsg(CharSequence s, int p) {
        int n = s.length();
        int q = p;
        long priority = 0;
        long usec = 0;
        for (int k = 0; k < 3; k++) {
            int start = q;
            long v = 0;
            while (q < n && isDigit(s.charAt(q)) && q - start < 19) {
                v = v * 10 + (s.charAt(q) - '0');
                q++;
            }
            if (q == start || q >= n || s.charAt(q) != ',') {
                return -1;
            }
            if (k == 0) {
                priority = v;
            } else if (k == 2) {
                usec = v;
            }
            q++;
        }
        int semi = q;
        while (semi < n && s.charAt(semi) != ';' && s.charAt(semi) != ' ') {
            semi++;
        }
        if (semi >= n || s.charAt(semi) != ';' || semi == q) {
            return -1;
        }
        explicitLevel = (int) (priority & 7);
        time = usec / 1e6;
        return semi + 1;
    }

    /** {@code 0xHEX | seconds:} with any spaces around. */
    private int addressPrefixed(CharSequence s, int p) {
        int n = s.length();
        if (!startsWith(s, p, "0x") && !startsWith(s, p, "0X")) {
            return -1;
        }
        int q = p + 2;
        int start = q;
        while (q < n && Character.digit(s.charAt(q), 16) >= 0) {
            q++;
        }
        if (q == start || q - start > 16) {
            return -1;
        }
        q = skipSpaces(s, q);
        if (q >= n || s.charAt(q) != '|') {
            return -1;
        }
        q = skipSpaces(s, q + 1);
        if (!decimal(s, q) || pos >= n || s.charAt(pos) != ':') {
            return -1;
        }
        time = num;
        return skipSpaces(s, pos + 1);
    }

    /** {@code <N>} with N up to 3 digits (facility * 8 + level). */
    private int levelPrefix(CharSequence s, int p) {
        int n = s.length();
        if (p >= n || s.charAt(p) != '<') {
            return -1;
        }
        int q = p + 1;
        int v = 0;
        while (q < n && isDigit(s.charAt(q)) && q - p <= 3) {
            v = v * 10 + (s.charAt(q) - '0');
            q++;
        }
        if (q == p + 1 || q >= n || s.charAt(q) != '>') {
            return -1;
        }
        explicitLevel = v & 7;
        return q + 1;
    }

    /** {@code dmesg -x}: {@code kern  :err   : }. */
    private int decodePrefix(CharSequence s, int p) {
        int n = s.length();
        int q = p;
        while (q < n && isLower(s.charAt(q))) {
            q++;
        }
        if (q == p || q - p > 8) {
            return -1;
        }
        q = skipSpaces(s, q);
        if (q >= n || s.charAt(q) != ':') {
            return -1;
        }
        int l = ++q;
        while (q < n && isLower(s.charAt(q))) {
            q++;
        }
        if (q == l) {
            return -1;
        }
        LogLevel level = LogLevel.parse(s.subSequence(l, q).toString());
        q = skipSpaces(s, q);
        if (level == null || q >= n || s.charAt(q) != ':') {
            return -1;
        }
        explicitLevel = level.number();
        q++;
        return q < n && s.charAt(q) == ' ' ? q + 1 : q;
    }

    /** {@code [  seconds.fraction]} or {@code [Www Mmm dd hh:mm:ss yyyy]}. */
    private int bracketTime(CharSequence s, int p) {
        int n = s.length();
        if (p >= n || s.charAt(p) != '[') {
            return -1;
        }
        int q = skipSpaces(s, p + 1);
        if (decimal(s, q)) {
            int e = skipSpaces(s, pos);
            if (e < n && s.charAt(e) == ']') {
                time = num;
                format = LogFormat.DMESG;
                return e + 1;
            }
            return -1;
        }
        // Www Mmm dd hh:mm:ss yyyy
        if (q + 3 >= n || !isLetter(s.charAt(q)) || !isLetter(s.charAt(q + 1)) || !isLetter(s.charAt(q + 2))
                || s.charAt(q + 3) != ' ') {
            return -1;
        }
        q = skipSpaces(s, q + 3);
        int month = month(s, q);
        if (month < 0) {
            return -1;
        }
        q = skipSpaces(s, q + 3);
        int day = digits(s, q, 1, 2);
        if (day < 0) {
            return -1;
        }
        q = skipSpaces(s, pos);
        int hms = hms(s, q);
        if (hms < 0) {
            return -1;
        }
        q = skipSpaces(s, pos);
        int year = digits(s, q, 4, 4);
        if (year < 0) {
            return -1;
        }
        q = skipSpaces(s, pos);
        if (q >= n || s.charAt(q) != ']') {
            return -1;
        }
        double epoch = epochSeconds(year, month, day, hms);
        if (Double.isNaN(epoch)) {
            return -1;
        }
        time = epoch;
        format = LogFormat.DMESG_WALLCLOCK;
        return q + 1;
    }

    /** {@code yyyy-mm-ddThh:mm:ss[,ffffff][+hh:mm|Z]}. */
    private int isoTime(CharSequence s, int p) {
        int n = s.length();
        int year = digits(s, p, 4, 4);
        if (year < 0 || pos >= n || s.charAt(pos) != '-') {
            return -1;
        }
        int month = digits(s, pos + 1, 2, 2);
        if (month < 0 || pos >= n || s.charAt(pos) != '-') {
            return -1;
        }
        int day = digits(s, pos + 1, 2, 2);
        if (day < 0 || pos >= n || s.charAt(pos) != 'T') {
            return -1;
        }
        int hms = hms(s, pos + 1);
        if (hms < 0) {
            return -1;
        }
        int q = pos;
        double fraction = 0;
        if (q < n && (s.charAt(q) == ',' || s.charAt(q) == '.')) {
            int start = ++q;
            long f = 0;
            while (q < n && isDigit(s.charAt(q)) && q - start < 12) {
                f = f * 10 + (s.charAt(q) - '0');
                q++;
            }
            if (q == start) {
                return -1;
            }
            fraction = (double) f / POW10[q - start];
        }
        int zone = 0;
        if (q < n && s.charAt(q) == 'Z') {
            q++;
        } else if (q < n && (s.charAt(q) == '+' || s.charAt(q) == '-')) {
            int sign = s.charAt(q) == '-' ? -1 : 1;
            int hh = digits(s, q + 1, 2, 2);
            if (hh < 0) {
                return -1;
            }
            q = pos;
            if (q < n && s.charAt(q) == ':') {
                q++;
            }
            int mm = digits(s, q, 2, 2);
            if (mm < 0) {
                return -1;
            }
            q = pos;
            zone = sign * (hh * 3600 + mm * 60);
        }
        double epoch = epochSeconds(year, month, day, hms);
        if (Double.isNaN(epoch)) {
            return -1;
        }
        time = epoch - zone + fraction;
        format = LogFormat.DMESG_WALLCLOCK;
        return q;
    }

    /** Finds the kernel's device prefix at {@code b} and sets the source and message spans. */
    private void source(CharSequence s, int b) {
        int n = s.length();
        messageStart = b;
        if (b >= n) {
            return;
        }
        if (s.charAt(b) == ' ') {
            // " device: " -- dev_printk of a device without a driver
            int e = tokenEnd(s, b + 1);
            if (e > b + 2 && e - b <= MAX_SOURCE && s.charAt(e - 1) == ':' && (e == n || s.charAt(e) == ' ')) {
                setSource(s, b + 1, e - 1);
            }
            return;
        }
        int e1 = tokenEnd(s, b);
        if (e1 - b > MAX_SOURCE) {
            return;
        }
        if (e1 < n && s.charAt(e1) == ' ' && isDriverName(s, b, e1)) {
            // "driver device: "
            int e2 = tokenEnd(s, e1 + 1);
            if (e2 > e1 + 2 && e2 - b <= MAX_SOURCE && s.charAt(e2 - 1) == ':' && (e2 == n || s.charAt(e2) == ' ')
                    && hasDigit(s, e1 + 1, e2 - 1)) {
                setSource(s, b, e2 - 1);
                return;
            }
        }
        // "prefix: " -- pr_fmt
        if (e1 > b + 1 && s.charAt(e1 - 1) == ':' && (e1 == n || s.charAt(e1) == ' ') && isLetter(s.charAt(b))
                && isDriverName(s, b, e1 - 1) && e1 - b <= 33) {
            setSource(s, b, e1 - 1);
        }
    }

    private void setSource(CharSequence s, int from, int to) {
        sourceStart = from;
        sourceEnd = to;
        messageStart = skipSpaces(s, Math.min(s.length(), to + 1));
    }

    // ---- small readers ----

    /** Reads {@code digits[.digits]} at {@code p} into {@link #num}; {@link #pos} after it. */
    private boolean decimal(CharSequence s, int p) {
        int n = s.length();
        int q = p;
        long whole = 0;
        while (q < n && isDigit(s.charAt(q)) && q - p < 12) {
            whole = whole * 10 + (s.charAt(q) - '0');
            q++;
        }
        if (q == p) {
            return false;
        }
        long frac = 0;
        int fd = 0;
        if (q < n && s.charAt(q) == '.') {
            q++;
            while (q < n && isDigit(s.charAt(q)) && fd < 12) {
                frac = frac * 10 + (s.charAt(q) - '0');
                q++;
                fd++;
            }
            if (fd == 0) {
                return false;
            }
        }
        long scaled = whole * POW10[fd] + frac;
        num = scaled < (1L << 53) ? (double) scaled / POW10[fd] : whole + (double) frac / POW10[fd];
        pos = q;
        return true;
    }

    /** Reads min..max digits at {@code p}; returns the value or -1, {@link #pos} after them. */
    private int digits(CharSequence s, int p, int min, int max) {
        int n = s.length();
        int q = p;
        int v = 0;
        while (q < n && isDigit(s.charAt(q)) && q - p < max) {
            v = v * 10 + (s.charAt(q) - '0');
            q++;
        }
        pos = q;
        return q - p < min ? -1 : v;
    }

    /** Reads {@code hh:mm:ss}; returns seconds of the day or -1. */
    private int hms(CharSequence s, int p) {
        int h = digits(s, p, 2, 2);
        if (h < 0 || pos >= s.length() || s.charAt(pos) != ':') {
            return -1;
        }
        int m = digits(s, pos + 1, 2, 2);
        if (m < 0 || pos >= s.length() || s.charAt(pos) != ':') {
            return -1;
        }
        int sec = digits(s, pos + 1, 2, 2);
        if (sec < 0 || h > 23 || m > 59 || sec > 60) {
            return -1;
        }
        return h * 3600 + m * 60 + sec;
    }

    private static int month(CharSequence s, int p) {
        if (p + 3 > s.length()) {
            return -1;
        }
        for (int i = 0; i < 12; i++) {
            if (startsWith(s, p, MONTHS[i])) {
                return i + 1;
            }
        }
        return -1;
    }

    private static double epochSeconds(int year, int month, int day, int secondsOfDay) {
        try {
            return LocalDate.of(year, month, day).toEpochDay() * 86400.0 + secondsOfDay;
        } catch (DateTimeException e) {
            return Double.NaN;
        }
    }

    private static int tokenEnd(CharSequence s, int p) {
        int n = s.length();
        int q = p;
        while (q < n && s.charAt(q) != ' ' && q - p <= MAX_SOURCE) {
            q++;
        }
        return q;
    }

    /** Driver and pr_fmt names: letters, digits, {@code _ - .}. */
    private static boolean isDriverName(CharSequence s, int from, int to) {
        if (to <= from) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!(isLetter(c) || isDigit(c) || c == '_' || c == '-' || c == '.')) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasDigit(CharSequence s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (isDigit(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static int skipSpaces(CharSequence s, int p) {
        int q = p;
        while (q < s.length() && s.charAt(q) == ' ') {
            q++;
        }
        return q;
    }

    private static boolean startsWith(CharSequence s, int p, String prefix) {
        if (p + prefix.length() > s.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (s.charAt(p + i) != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(CharSequence s, int from, int to, String what) {
        for (int i = from; i + what.length() <= to; i++) {
            if (startsWith(s, i, what)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isLower(char c) {
        return c >= 'a' && c <= 'z';
    }

    private static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
