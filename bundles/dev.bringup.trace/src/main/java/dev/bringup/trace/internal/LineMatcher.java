package dev.bringup.trace.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.jdt.annotation.Nullable;

import dev.bringup.trace.LogFilter;
import dev.bringup.trace.LogLevel;

/**
 * Applies a {@link LogFilter} to lines, one thread per instance. Lines are decoded and parsed
 * only when needed; a regular expression with a literal part that every match must contain is
 * first looked for as bytes, so most lines of a {@code grep}-like search are never decoded. (That
 * shortcut is skipped for lines with control bytes, whose cleaned text may differ from the bytes.)
 */
public final class LineMatcher {

    private static final String META = "\\^$.|?*+()[]{}";

    private final @Nullable Matcher matcher;
    private final LogFilter.Scope scope;
    private final @Nullable LogLevel level;
    private final @Nullable String source;
    private final double from;
    private final double to;
    private final boolean needsColumns;
    private final byte @Nullable [] required;
    private final LineText text = new LineText();
    private final LineParser parser = new LineParser();

    public LineMatcher(LogFilter filter) {
        Pattern p = filter.pattern();
        this.matcher = p == null ? null : p.matcher("");
        this.scope = filter.scope();
        this.level = filter.level();
        String s = filter.source();
        this.source = s;
        this.from = filter.timeFrom();
        this.to = filter.timeTo();
        this.needsColumns = (p != null && scope == LogFilter.Scope.MESSAGE) || level != null || s != null
                || !Double.isNaN(from) || !Double.isNaN(to);
        String lit = p == null ? null : requiredLiteral(p);
        this.required = lit == null || lit.isEmpty() ? null : lit.getBytes(StandardCharsets.UTF_8);
    }

    /** A test on the bytes of one line (without its newline), such as {@link #matches}. */
    @FunctionalInterface
    public interface Predicate {
        boolean matches(ByteBuffer b, int off, int len);
    }

    /** Whether the line {@code b[off, off + len)} (without its newline) passes. */
    public boolean matches(ByteBuffer b, int off, int len) {
        byte[] req = required;
        if (req != null) {
            int n = LineText.withoutTrailingCr(b, off, len);
            if (Swar.indexOf(b, off, off + n, req) < 0 && !Swar.hasControl(b, off, off + n)) {
                return false;
            }
        }
        return matchesText(text.decode(b, off, len));
    }

    /** Whether a line of display text passes. */
    public boolean matchesText(CharSequence line) {
        Matcher m = matcher;
        if (m != null && scope == LogFilter.Scope.LINE && !m.reset(line).find()) {
            return false;
        }
        if (!needsColumns) {
            return true;
        }
        parser.parse(line);
        if (!Double.isNaN(from) || !Double.isNaN(to)) {
            double t = parser.time();
            if (Double.isNaN(t) || (!Double.isNaN(from) && t < from) || (!Double.isNaN(to) && t > to)) {
                return false;
            }
        }
        String s = source;
        if (s != null && !containsIgnoreCase(line, parser.sourceStart(), parser.sourceEnd(), s)) {
            return false;
        }
        LogLevel l = level;
        if (l != null && parser.level() > l.number()) {
            return false;
        }
        if (m != null && scope == LogFilter.Scope.MESSAGE) {
            m.reset(line);
            m.region(parser.messageStart(), line.length());
            return m.find();
        }
        return true;
    }

    private static boolean containsIgnoreCase(CharSequence s, int from, int to, String what) {
        int n = what.length();
        for (int i = from; i + n <= to; i++) {
            int k = 0;
            while (k < n && Character.toLowerCase(s.charAt(i + k)) == Character.toLowerCase(what.charAt(k))) {
                k++;
            }
            if (k == n) {
                return true;
            }
        }
        return false;
    }

    /**
     * A literal every match of {@code p} contains: the pattern's leading run of literal
     * characters after an optional {@code ^} (escaped punctuation allowed), without its last character when that one is
     * made optional by a following {@code ? * {}. Null when there is none, when the pattern has
     * flags, or when it has an alternation anywhere.
     */
    static @Nullable String requiredLiteral(Pattern p) {
        if (p.flags() != 0) {
            return null;
        }
        String r = p.pattern();
        if (r.indexOf('|') >= 0) {
            return null;
        }
        StringBuilder lit = new StringBuilder();
        int i = r.startsWith("^") ? 1 : 0; // an anchor at the start still needs what follows it
        while (i < r.length()) {
            char c = r.charAt(i);
            if (c == '\\') {
                if (i + 1 < r.length() && !Character.isLetterOrDigit(r.charAt(i + 1))) {
                    lit.append(r.charAt(i + 1));
                    i += 2;
                    continue;
                }
                break;
            }
            if (META.indexOf(c) >= 0) {
                if ((c == '?' || c == '*' || c == '{') && lit.length() > 0) {
                    lit.setLength(lit.length() - 1);
                }
                break;
            }
            lit.append(c);
            i++;
        }
        return lit.length() == 0 ? null : lit.toString();
    }
}
