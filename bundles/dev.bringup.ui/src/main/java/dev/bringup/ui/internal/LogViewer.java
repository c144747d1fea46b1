package dev.bringup.ui.internal;

import org.eclipse.jdt.annotation.Nullable;

import dev.bringup.trace.LogSource;

/**
 * The trace log viewer as other parts see it: the boot debugger shows its session's kernel log
 * and trace buffers through it ({@link BringupSession#showLog}).
 */
public interface LogViewer {

    /**
     * Shows {@code source} (a file or a live source) under {@code title}, in a tab of its own;
     * {@code link} ties its lines to boot steps, or is null.
     */
    void show(String title, LogSource source, @Nullable BootLink link);
}
