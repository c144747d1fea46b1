package dev.bringup.loader;

import dev.bringup.common.Diagnostic;

/**
 * The text form of a {@link BootSession}: the kernel log as {@code dmesg -t} prints it, then the
 * workbench's findings (lines starting with {@code bringup:}) so a real board's log and this one
 * can be read side by side.
 */
public final class BootText {

    private BootText() {
    }

    public static String render(BootSession s) {
        StringBuilder b = new StringBuilder();
        for (LogLine l : s.log()) {
            b.append(l.line()).append('\n');
        }
        for (Diagnostic d : s.diagnostics()) {
            b.append("bringup: ").append(d).append('\n');
        }
        BootError e = s.error();
        b.append("bringup: ").append(s.remoteproc().name()).append(" is ").append(s.state().kernelName()).append(" after ")
                .append(s.position()).append(" steps (strategy ").append(s.request().strategy().getLiteral()).append(")\n");
        if (e != null) {
            b.append("bringup: ").append(e.describe()).append('\n');
        }
        return b.toString();
    }
}
