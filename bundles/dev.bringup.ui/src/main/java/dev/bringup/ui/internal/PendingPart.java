package dev.bringup.ui.internal;

import java.util.Map;

import org.eclipse.e4.ui.di.Focus;
import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.jdt.annotation.Nullable;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;

import dev.bringup.ui.BringupUi;
import jakarta.annotation.PostConstruct;

/**
 * A part of the Bring-up perspective whose content is not built yet: it tells the user what the
 * part is for and what to open. Each part gets its own class when its content lands.
 */
public class PendingPart {

    private static final Map<String, String> MESSAGES = Map.of(
            BringupUi.SOC_EXPLORER_ID, Messages.Part_socExplorer_empty,
            BringupUi.PROBLEMS_ID, Messages.Part_problems_empty,
            BringupUi.BOOT_DEBUGGER_ID, Messages.Part_bootDebugger_empty,
            BringupUi.IOVA_MAP_ID, Messages.Part_iovaMap_empty,
            BringupUi.TRACE_LOG_ID, Messages.Part_traceLog_empty);

    private @Nullable Label label;

    @PostConstruct
    public void createControls(Composite parent, MPart part) {
        label = EmptyState.show(parent, MESSAGES.getOrDefault(part.getElementId(), "")); //$NON-NLS-1$
    }

    @Focus
    public void setFocus() {
        Label l = label;
        if (l != null && !l.isDisposed()) {
            l.setFocus();
        }
    }

    /** The text shown, for tests. */
    public String getText() {
        Label l = label;
        return l == null ? "" : l.getText(); //$NON-NLS-1$
    }
}
