package dev.bringup.ui.internal;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.jdt.annotation.Nullable;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.CTabFolder;
import org.eclipse.swt.custom.CTabItem;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.IEditorInput;
import org.eclipse.ui.IEditorSite;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.part.EditorPart;

import dev.bringup.model.RemoteProcessor;
import dev.bringup.model.Soc;

/**
 * The firmware layout editor: the address-space picture ({@link LayoutCanvas}) and the resource
 * table ({@link ResourceTableEditor}) of one firmware file, sharing one command stack. Save
 * (Ctrl+S) writes the patched ELF atomically; Edit > Undo/Redo undo and redo moves, resizes and
 * cell edits.
 */
public final class FirmwareEditor extends EditorPart {

    /** The editor id in plugin.xml. */
    public static final String ID = "dev.bringup.ui.firmwareEditor"; //$NON-NLS-1$

    private @Nullable FirmwareDocument doc;
    private @Nullable LayoutCanvas canvas;
    private @Nullable ResourceTableEditor table;
    private @Nullable CTabFolder tabs;
    private @Nullable Combo processors;
    private final List<RemoteProcessor> processorChoices = new ArrayList<>();
    private final BringupSession session = BringupSession.get();
    private final Runnable sessionListener = this::sessionChanged;
    private final Runnable docListener = this::docChanged;
    private @Nullable UndoActions undoActions;

    @Override
    public void init(IEditorSite site, IEditorInput input) throws PartInitException {
        if (!(input instanceof FirmwareEditorInput in)) {
            throw new PartInitException(Messages.bind(Messages.Open_unknownType, input.getName()));
        }
        setSite(site);
        setInput(input);
        setPartName(in.getName());
        setTitleToolTip(in.getToolTipText());
        try {
            doc = new FirmwareDocument(in.file());
        } catch (java.io.IOException | dev.bringup.common.FormatException e) {
            throw new PartInitException(Opener.describe(in.file(), e));
        }
        UndoActions u = new UndoActions(doc.commandStack());
        u.install(site.getActionBars());
        undoActions = u;
    }

    /** The document being edited. */
    public FirmwareDocument document() {
        FirmwareDocument d = doc;
        if (d == null) {
            throw new IllegalStateException("editor not initialised"); //$NON-NLS-1$
        }
        return d;
    }

    public LayoutCanvas canvas() {
        LayoutCanvas c = canvas;
        if (c == null) {
            throw new IllegalStateException("editor has no controls"); //$NON-NLS-1$
        }
        return c;
    }

    public ResourceTableEditor tableEditor() {
        ResourceTableEditor t = table;
        if (t == null) {
            throw new IllegalStateException("editor has no controls"); //$NON-NLS-1$
        }
        return t;
    }

    @Override
    public void createPartControl(Composite parent) {
        FirmwareDocument d = document();
        Composite root = new Composite(parent, SWT.NONE);
        GridLayout gl = new GridLayout(4, false);
        gl.marginHeight = 2;
        root.setLayout(gl);

        new Label(root, SWT.NONE).setText(Messages.Editor_processor);
        Combo combo = new Combo(root, SWT.READ_ONLY | SWT.DROP_DOWN);
        combo.setLayoutData(new GridData(SWT.LEFT, SWT.CENTER, false, false));
        combo.addListener(SWT.Selection, e -> {
            int i = combo.getSelectionIndex();
            d.setProcessor(i <= 0 || i > processorChoices.size() ? null : processorChoices.get(i - 1));
        });
        processors = combo;
        Label status = new Label(root, SWT.NONE);
        status.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        Button export = new Button(root, SWT.PUSH);
        export.setText(Messages.Editor_export);
        export.addListener(SWT.Selection, e -> exportPng());

        CTabFolder folder = new CTabFolder(root, SWT.BOTTOM | SWT.FLAT);
        folder.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 4, 1));
        CTabItem layoutTab = new CTabItem(folder, SWT.NONE);
        layoutTab.setText(Messages.Editor_tabLayout.replace("&", "")); //$NON-NLS-1$ //$NON-NLS-2$
        LayoutCanvas c = new LayoutCanvas(folder, d, session.soc(), session);
        layoutTab.setControl(c);
        canvas = c;
        c.setStatusListener(text -> {
            if (!status.isDisposed()) {
                status.setText(text);
            }
        });
        CTabItem tableTab = new CTabItem(folder, SWT.NONE);
        tableTab.setText(Messages.Editor_tabTable.replace("&", "")); //$NON-NLS-1$ //$NON-NLS-2$
        ResourceTableEditor t = new ResourceTableEditor(folder, d);
        tableTab.setControl(t.control());
        table = t;
        folder.setSelection(0);
        tabs = folder;

        shownSoc = session.soc();
        fillProcessors();
        d.addListener(docListener);
        session.addListener(sessionListener);
        docChanged();
    }

    private void fillProcessors() {
        Combo combo = processors;
        if (combo == null || combo.isDisposed()) {
            return;
        }
        processorChoices.clear();
        combo.removeAll();
        combo.add(Messages.Editor_noProcessor);
        Soc soc = session.soc();
        if (soc != null) {
            processorChoices.addAll(soc.remoteProcessors());
        }
        for (RemoteProcessor rp : processorChoices) {
            combo.add(rp.getName() + (rp.getRprocName() == null ? "" : " (" + rp.getRprocName() + ")")); //$NON-NLS-1$ //$NON-NLS-2$
        }
        RemoteProcessor chosen = session.processorFor(document().path().getFileName().toString());
        int index = chosen == null ? 0 : processorChoices.indexOf(chosen) + 1;
        combo.select(index);
        if (document().processor() != chosen) {
            document().setProcessor(chosen);
        }
        combo.getParent().layout();
    }

    private @Nullable Soc shownSoc;

    private void sessionChanged() {
        LayoutCanvas c = canvas;
        if (c == null || c.isDisposed() || session.soc() == shownSoc) {
            return; // only a new SoC changes the picture; diagnostics changes are the Problems view's
        }
        shownSoc = session.soc();
        c.getDisplay().asyncExec(() -> {
            if (!c.isDisposed()) {
                c.setSoc(session.soc());
                fillProcessors();
            }
        });
    }

    private void docChanged() {
        FirmwareDocument d = document();
        firePropertyChange(PROP_DIRTY);
        session.setDiagnostics(new BringupSession.Source(BringupSession.Layer.FIRMWARE, d.path().toString()),
                d.diagnostics());
    }

    /** Shows the layout tab and selects a resource-table entry (from the Problems view). */
    public void reveal(int entry) {
        CTabFolder f = tabs;
        if (f != null) {
            f.setSelection(0);
        }
        canvas().selectEntry(entry, -1);
        tableEditor().select(entry);
    }

    /** Shows the tab at {@code index} (0 layout, 1 table). */
    public void showTab(int index) {
        CTabFolder f = tabs;
        if (f != null) {
            f.setSelection(index);
        }
    }

    private void exportPng() {
        FileDialog dialog = new FileDialog(getSite().getShell(), SWT.SAVE);
        dialog.setText(Messages.Editor_exportTitle);
        dialog.setFilterExtensions(new String[] { "*.png" }); //$NON-NLS-1$
        dialog.setFileName(document().path().getFileName() + ".png"); //$NON-NLS-1$
        dialog.setOverwrite(true);
        String file = dialog.open();
        if (file != null) {
            canvas().exportPng(file);
        }
    }

    @Override
    public void doSave(@Nullable IProgressMonitor monitor) {
        try {
            document().save();
        } catch (dev.bringup.firmware.TableEditException | java.io.IOException | dev.bringup.common.FormatException e) {
            Status.show(getSite().getShell(), Messages.Error_saveTitle, Messages.bind(Messages.Open_fileError, document().path(), e.getMessage()));
            if (monitor != null) {
                monitor.setCanceled(true);
            }
        }
        firePropertyChange(PROP_DIRTY);
    }

    @Override
    public void doSaveAs() {
        // the firmware keeps its name: the kernel requests it by name
    }

    @Override
    public boolean isDirty() {
        FirmwareDocument d = doc;
        return d != null && d.isDirty();
    }

    @Override
    public boolean isSaveAsAllowed() {
        return false;
    }

    @Override
    public void setFocus() {
        LayoutCanvas c = canvas;
        if (c != null && !c.isDisposed()) {
            c.setFocus();
        }
    }

    @Override
    public void dispose() {
        session.removeListener(sessionListener);
        UndoActions u = undoActions;
        if (u != null) {
            u.dispose();
        }
        FirmwareDocument d = doc;
        if (d != null) {
            d.removeListener(docListener);
            session.removeDiagnostics(new BringupSession.Source(BringupSession.Layer.FIRMWARE, d.path().toString()));
            try {
                d.close();
            } catch (java.io.IOException e) {
                // closing a read mapping cannot lose data
            }
        }
        super.dispose();
    }
}
