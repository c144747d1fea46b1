package dev.bringup.trace;

import java.util.Locale;

import org.eclipse.jdt.annotation.Nullable;

import dev.bringup.common.Severity;

/**
 * The Linux kernel's message levels ({@code KERN_EMERG} 0 .. {@code KERN_DEBUG} 7), in that
 * order: a smaller {@link #number()} is more severe. A log line gets its level from a
 * {@code <N>} prefix (or the {@code dmesg -x} and {@code /dev/kmsg} forms of it) or, when it
 * has none, from what the message says (see {@link LogLine#levelInferred()}).
 */
public enum LogLevel {
    EMERG("emerg"),
    ALERT("alert"),
    CRIT("crit"),
    ERR("err"),
    WARNING("warn"),
    NOTICE("notice"),
    INFO("info"),
    DEBUG("debug");

    private static final LogLevel[] BY_NUMBER = values();

    private final String label;

    LogLevel(String label) {
        this.label = label;
    }

    /** The kernel's number for the level: 0 (emerg) .. 7 (debug). */
    public int number() {
        return ordinal();
    }

    /** The short name dmesg prints: {@code emerg, alert, crit, err, warn, notice, info, debug}. */
    public String label() {
        return label;
    }

    /** Whether this level is at least as severe as {@code other} (err is at least warn). */
    public boolean isAtLeast(LogLevel other) {
        return ordinal() <= other.ordinal();
    }

    /** The project-wide severity: err and worse are errors, warn is a warning, the rest info. */
    public Severity severity() {
        return ordinal() <= ERR.ordinal() ? Severity.ERROR : this == WARNING ? Severity.WARNING : Severity.INFO;
    }

    /** The level of a kernel priority number; the facility bits ({@code n >> 3}) are ignored. */
    public static LogLevel ofNumber(int n) {
        return BY_NUMBER[n & 7];
    }

    /**
     * The level for a name as users and tools write it: the labels above, the kernel's
     * {@code KERN_} names without the prefix, {@code error}, {@code warning}, {@code critical},
     * {@code emergency}, {@code panic}, or a digit 0..7; case is ignored. Null when unknown.
     */
    public static @Nullable LogLevel parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (n.length() == 1 && n.charAt(0) >= '0' && n.charAt(0) <= '7') {
            return ofNumber(n.charAt(0) - '0');
        }
        return switch (n) {
            case "emerg", "emergency", "panic" -> EMERG;
            case "alert" -> ALERT;
            case "crit", "critical" -> CRIT;
            case "err", "error" -> ERR;
            case "warn", "warning" -> WARNING;
            case "notice" -> NOTICE;
            case "info" -> INFO;
            case "debug" -> DEBUG;
            default -> null;
        };
    }
}
