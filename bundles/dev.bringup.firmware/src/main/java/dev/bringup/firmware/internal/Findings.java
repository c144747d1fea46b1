package dev.bringup.firmware.internal;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.eclipse.jdt.annotation.Nullable;

import dev.bringup.common.Diagnostic;
import dev.bringup.common.Location;
import dev.bringup.firmware.DiagnosticCode;

/**
 * Collects diagnostics, at most {@link #PER_CODE} of each code, so that hostile input cannot make
 * the list unbounded; the last one kept for a code says that more were left out.
 */
public final class Findings {

    /** Most diagnostics kept per code. */
    public static final int PER_CODE = 50;

    private final String file;
    private final long base;
    private final List<Diagnostic> list = new ArrayList<>();
    private final Map<DiagnosticCode, Integer> counts = new EnumMap<>(DiagnosticCode.class);

    /**
     * @param file the file name for locations
     * @param base the file offset that table offsets are relative to (-1 when unknown)
     */
    public Findings(String file, long base) {
        this.file = file;
        this.base = base;
    }

    /** Adds a finding at table offset {@code offset} (-1: none) for entry {@code entry} (-1: none). */
    public void add(DiagnosticCode code, long offset, int entry, String message, @Nullable String fix) {
        int n = counts.merge(code, 1, Integer::sum);
        if (n > PER_CODE) {
            return;
        }
        long at = offset < 0 ? -1 : base < 0 ? offset : base + offset;
        String m = n == PER_CODE ? message + " (further " + code.name() + " findings are not listed)" : message;
        list.add(code.at(new Location(file, at, entry, null, -1, 0), m, fix));
    }

    /** Adds a finding with an explicit location. */
    public void add(DiagnosticCode code, Location location, String message, @Nullable String fix) {
        int n = counts.merge(code, 1, Integer::sum);
        if (n <= PER_CODE) {
            list.add(code.at(location, message, fix));
        }
    }

    public String file() {
        return file;
    }

    public List<Diagnostic> list() {
        return List.copyOf(list);
    }
}
