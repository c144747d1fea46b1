package dev.bringup.ui.internal.boot;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.jdt.annotation.Nullable;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StyleRange;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.graphics.Color;

import dev.bringup.loader.BootError;
import dev.bringup.loader.BootStep;
import dev.bringup.loader.BreakpointHit;
import dev.bringup.loader.Carveout;
import dev.bringup.loader.LogLine;
import dev.bringup.loader.MemoryWrite;
import dev.bringup.ui.internal.boot.BootController.Snapshot;
import dev.bringup.ui.internal.boot.BootDebuggerPart.Row;

/**
 * The boot debugger's step-details pane: for the selected step, its failure box (errno, what,
 * why, the fix), its result, and the sections it printed or did (kernel log, notes, IOMMU
 * operations, memory writes, carveouts, the driver-model notes after the last step); for a
 * pending step, what running it would do. Rendering only: the part owns the widget and colours.
 */
final class StepDetails {

    private final StyledText text;
    private final @Nullable Color errorForeground;
    private final @Nullable Color errorBackground;

    StepDetails(StyledText text, @Nullable Color errorForeground, @Nullable Color errorBackground) {
        this.text = text;
        this.errorForeground = errorForeground;
        this.errorBackground = errorBackground;
    }

    /** Shows step {@code r} of {@code s} (a step run or a pending one; null: nothing). */
    void show(Snapshot s, @Nullable Row r) {
        StyledText t = text;
        if (t.isDisposed()) {
            return;
        }
        DetailsText out = new DetailsText();
        if (r == null) {
            t.setText(""); //$NON-NLS-1$
            return;
        }
        BootStep st = r.step();
        BreakpointHit h = s.hit();
        if (st == null) {
            out.heading(Messages.bind(Messages.Boot_pendingHeading, r.index(), r.name()));
            if (h != null && h.stepIndex() == r.index()) {
                out.line(Messages.bind(Messages.Boot_stoppedBy, h.breakpoint(), h.what()));
            }
            out.line(Messages.Boot_pendingHelp);
        } else {
            BootError e = st.error();
            if (e != null) {
                out.error(Messages.bind(Messages.Boot_errorTitle, new Object[] { e.step(), e.errnoName(), e.errno() }));
                out.error(Messages.bind(Messages.Boot_errorWhat, e.message()));
                out.error(Messages.bind(Messages.Boot_errorWhy, e.diagnosis()));
                String fix = e.fix();
                if (fix != null) {
                    out.error(Messages.bind(Messages.Boot_errorFix, fix));
                }
                out.line(""); //$NON-NLS-1$
            }
            out.heading("#" + st.index() + " " + st.name()); //$NON-NLS-1$ //$NON-NLS-2$
            out.line(st.title());
            out.line(Messages.bind(Messages.Boot_result, new Object[] { st.status().label(), st.ret(), st.state().kernelName() }));
            if (h != null && h.stepIndex() == st.index()) {
                out.line(Messages.bind(Messages.Boot_stoppedBy, h.breakpoint(), h.what()));
            }
            section(out, Messages.Boot_sectionLog, st.log().stream().map(LogLine::line).toList());
            section(out, Messages.Boot_sectionNotes, st.notes());
            section(out, Messages.Boot_sectionIommu, st.iommu());
            section(out, Messages.Boot_sectionWrites, st.writes().stream().map(MemoryWrite::toString).toList());
            section(out, Messages.Boot_sectionCarveouts, st.carveouts().stream().map(Carveout::toString).toList());
            if (st.index() == s.steps().size() - 1 && !s.notes().isEmpty()) {
                section(out, Messages.Boot_sectionDriver, s.notes());
            }
        }
        t.setText(out.text.toString());
        t.setStyleRanges(out.styles.toArray(new StyleRange[0]));
        for (int[] lines : out.errorLines) {
            t.setLineBackground(lines[0], 1, errorBackground);
        }
        t.setTopIndex(0);
    }

    private static void section(DetailsText out, String title, List<String> lines) {
        if (lines.isEmpty()) {
            return;
        }
        out.line(""); //$NON-NLS-1$
        out.heading(title);
        lines.forEach(out::line);
    }

    /** Text with bold headings and error lines, for the details pane. */
    private final class DetailsText {
        final StringBuilder text = new StringBuilder();
        final List<StyleRange> styles = new ArrayList<>();
        final List<int[]> errorLines = new ArrayList<>();
        int lines;

        void line(String s) {
            text.append(s).append('\n');
            lines++;
        }

        void heading(String s) {
            styles.add(bold(text.length(), s.length()));
            line(s);
        }

        void error(String s) {
            StyleRange r = new StyleRange(text.length(), s.length(), errorForeground, null);
            if (errorLines.isEmpty()) {
                r.fontStyle = SWT.BOLD;
            }
            styles.add(r);
            errorLines.add(new int[] { lines });
            line(s);
        }
    }

    static StyleRange bold(int start, int length) {
        StyleRange r = new StyleRange();
        r.start = start;
        r.length = length;
        r.fontStyle = SWT.BOLD;
        return r;
    }
}
