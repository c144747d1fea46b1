package dev.bringup.ui.internal;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;

/** The text a part shows while it has nothing to show, telling the user what to open. */
final class EmptyState {

    private EmptyState() {
    }

    static Label show(Composite parent, String message) {
        parent.setLayout(new GridLayout(1, false));
        Label label = new Label(parent, SWT.WRAP);
        label.setText(message);
        label.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        return label;
    }
}
