package dev.bringup.trace;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

import org.eclipse.jdt.annotation.Nullable;

import dev.bringup.trace.internal.LineMatcher;

/**
 * Which lines to keep: all conditions that are set must hold. Immutable; build it with the
 * {@code with...} methods from {@link #ALL}.
 * <ul>
 * <li>a regular expression ({@link java.util.regex}, found anywhere) in the message or in the whole
 * line (the cleaned text, see {@link LogLine#text()});</li>
 * <li>a level: lines at that level or more severe (the kernel's console-loglevel sense);</li>
 * <li>a source: the source column contains the text, ignoring case;</li>
 * <li>a time range, inclusive; lines without a time never match it.</li>
 * </ul>
 */
public final class LogFilter {

    /** Where a regular expression is looked for. */
    public enum Scope {
        /** The message column only. */
        MESSAGE,
        /** The whole cleaned line, as {@code grep} would see it. */
        LINE
    }

    /** Keeps every line. */
    public static final LogFilter ALL = new LogFilter(null, Scope.LINE, null, null, Double.NaN, Double.NaN);

    private final @Nullable Pattern pattern;
    private final Scope scope;
    private final @Nullable LogLevel level;
    private final @Nullable String source;
    private final double from;
    private final double to;
    /** A matcher per thread for {@link #matches(LogLine)} (matchers hold state). */
    private final ThreadLocal<LineMatcher> matchers = ThreadLocal.withInitial(() -> new LineMatcher(this));

    private LogFilter(@Nullable Pattern pattern, Scope scope, @Nullable LogLevel level, @Nullable String source,
            double from, double to) {
        this.pattern = pattern;
        this.scope = scope;
        this.level = level;
        this.source = source;
        this.from = from;
        this.to = to;
    }

    /** This filter with a regular expression looked for in {@code scope}. */
    public LogFilter withPattern(Pattern regex, Scope where) {
        return new LogFilter(Objects.requireNonNull(regex), Objects.requireNonNull(where), level, source, from, to);
    }

    /** This filter keeping only lines at {@code minimum} or more severe; null removes the condition. */
    public LogFilter withLevel(@Nullable LogLevel minimum) {
        return new LogFilter(pattern, scope, minimum, source, from, to);
    }

    /** This filter keeping only lines whose source contains {@code text} (ignoring case); null removes it. */
    public LogFilter withSource(@Nullable String text) {
        return new LogFilter(pattern, scope, level, text == null || text.isEmpty() ? null : text, from, to);
    }

    /** This filter keeping only lines with {@code fromSeconds <= time <= toSeconds}; NaN leaves a side open. */
    public LogFilter withTimeRange(double fromSeconds, double toSeconds) {
        return new LogFilter(pattern, scope, level, source, fromSeconds, toSeconds);
    }

    public @Nullable Pattern pattern() {
        return pattern;
    }

    public Scope scope() {
        return scope;
    }

    public @Nullable LogLevel level() {
        return level;
    }

    public @Nullable String source() {
        return source;
    }

    /** The lower time bound in seconds, NaN when open. */
    public double timeFrom() {
        return from;
    }

    /** The upper time bound in seconds, NaN when open. */
    public double timeTo() {
        return to;
    }

    /** Whether the filter keeps every line. */
    public boolean isAll() {
        return pattern == null && level == null && source == null && Double.isNaN(from) && Double.isNaN(to);
    }

    /** Whether {@code line} passes; the same rule the background scans apply to the bytes. */
    public boolean matches(LogLine line) {
        return matchers.get().matchesText(line.text());
    }

    /** The conditions in words, for a status line: {@code /fault/ in message, level err or worse}. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        if (pattern != null) {
            b.append('/').append(pattern.pattern()).append("/ in ").append(scope.name().toLowerCase(Locale.ROOT));
        }
        if (level != null) {
            b.append(b.isEmpty() ? "" : ", ").append("level ").append(level.label()).append(" or worse");
        }
        if (source != null) {
            b.append(b.isEmpty() ? "" : ", ").append("source contains '").append(source).append('\'');
        }
        if (!Double.isNaN(from) || !Double.isNaN(to)) {
            b.append(b.isEmpty() ? "" : ", ").append("time in [").append(Double.isNaN(from) ? "-" : from).append(", ")
                    .append(Double.isNaN(to) ? "-" : to).append(']');
        }
        return b.isEmpty() ? "all lines" : b.toString();
    }
}
