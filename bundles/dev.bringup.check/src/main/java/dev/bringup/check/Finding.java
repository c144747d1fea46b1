package dev.bringup.check;

import dev.bringup.common.Diagnostic;

/**
 * One finding of the bring-up checks: the diagnostic, and how many bytes of the file its
 * {@code fileOffset} points at (the program header or the table entry; 0 when it points at no
 * file bytes), which SARIF needs for its {@code region.byteLength}.
 *
 * @param diagnostic the finding
 * @param byteLength bytes at {@code diagnostic.location().fileOffset()}, or 0
 */
public record Finding(Diagnostic diagnostic, long byteLength) {

    /** The code as the enum (every finding of the checks has one of their codes). */
    public CheckCode code() {
        return CheckCode.valueOf(diagnostic.code());
    }
}
