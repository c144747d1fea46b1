package dev.bringup.ui.internal.trace;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.e4.ui.di.Focus;
import org.eclipse.jdt.annotation.Nullable;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.CTabFolder;
import org.eclipse.swt.custom.CTabItem;
import org.eclipse.swt.custom.StackLayout;
import org.eclipse.swt.dnd.DND;
import org.eclipse.swt.dnd.DropTarget;
import org.eclipse.swt.dnd.DropTargetAdapter;
import org.eclipse.swt.dnd.DropTargetEvent;
import org.eclipse.swt.dnd.FileTransfer;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;

import dev.bringup.trace.LogSource;
import dev.bringup.trace.TraceLog;
import dev.bringup.ui.internal.BootLink;
import dev.bringup.ui.internal.BringupSession;
import dev.bringup.ui.internal.LogViewer;
import dev.bringup.ui.internal.Opener;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;

/**
 * The trace log viewer part: one closable tab per open log (kernel logs, serial captures, trace
 * buffers, the simulator's event log), each a {@link LogTab}. Files come from File &gt; Open, drag
 * and drop and the command line through the {@link Opener}; the boot debugger shows its logs
 * through {@link BringupSession#showLog}, which reaches this part as its {@link LogViewer}.
 */
public class TraceLogPart implements LogViewer {

    private final BringupSession session = BringupSession.get();
    private final List<LogTab> tabs = new ArrayList<>();
    private @Nullable Composite stack;
    private @Nullable CTabFolder folder;
    private @Nullable Label empty;

    @PostConstruct
    public void createControls(Composite parent) {
        parent.setLayout(new GridLayout(1, false));
        Composite s = new Composite(parent, SWT.NONE);
        s.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        StackLayout layout = new StackLayout();
        s.setLayout(layout);
        Composite emptyBox = new Composite(s, SWT.NONE);
        emptyBox.setLayout(new GridLayout(1, false));
        Label e = new Label(emptyBox, SWT.WRAP);
        e.setText(Messages.Part_empty);
        e.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        CTabFolder f = new CTabFolder(s, SWT.BORDER | SWT.FLAT | SWT.CLOSE);
        f.setUnselectedCloseVisible(true);
        f.addListener(SWT.Dispose, ev -> tabs.clear());
        layout.topControl = emptyBox;
        stack = s;
        folder = f;
        empty = e;
        for (org.eclipse.swt.widgets.Control c : new org.eclipse.swt.widgets.Control[] { emptyBox, f }) {
            DropTarget drop = new DropTarget(c, DND.DROP_COPY | DND.DROP_DEFAULT);
            drop.setTransfer(FileTransfer.getInstance());
            drop.addDropListener(new DropTargetAdapter() {
                @Override
                public void dragEnter(@Nullable DropTargetEvent event) {
                    if (event != null) {
                        event.detail = DND.DROP_COPY;
                    }
                }

                @Override
                public void drop(@Nullable DropTargetEvent event) {
                    if (event != null && event.data instanceof String[] names) {
                        IWorkbenchWindow w = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
                        List<java.nio.file.Path> files = new ArrayList<>();
                        for (String n : names) {
                            files.add(java.nio.file.Path.of(n));
                        }
                        if (w != null) {
                            Opener.openAll(w, files);
                        }
                    }
                }
            });
        }
        session.register(this);
    }

    @Override
    public void show(String title, LogSource source, @Nullable BootLink link) {
        CTabFolder f = folder;
        if (f == null || f.isDisposed()) {
            return;
        }
        for (LogTab t : tabs) {
            if (t.shows(source) && t.link() == link) {
                if (t.log().source() != source) {
                    try {
                        source.close(); // the same file again: the open tab shows it
                    } catch (IOException e) {
                        // nothing to report: it was never read
                    }
                }
                f.setSelection(t.item());
                t.natTable().setFocus();
                return;
            }
        }
        TraceLog log = TraceLog.open(source);
        CTabItem item = new CTabItem(f, SWT.CLOSE);
        LogTab tab = new LogTab(item, title, log, link);
        tabs.add(tab);
        item.addDisposeListener(e -> {
            tabs.remove(tab);
            updateEmpty();
        });
        f.setSelection(item);
        updateEmpty();
        tab.natTable().setFocus();
    }

    private void updateEmpty() {
        Composite s = stack;
        CTabFolder f = folder;
        Label e = empty;
        if (s == null || s.isDisposed() || f == null || e == null) {
            return;
        }
        StackLayout layout = (StackLayout) s.getLayout();
        layout.topControl = tabs.isEmpty() ? e.getParent() : f;
        s.layout(true, true);
    }

    /** The open tabs, in tab order. */
    public List<LogTab> tabs() {
        return List.copyOf(tabs);
    }

    /** The selected tab, or null when no log is open. */
    public @Nullable LogTab activeTab() {
        CTabFolder f = folder;
        if (f == null || f.isDisposed() || f.getSelection() == null) {
            return null;
        }
        CTabItem selected = f.getSelection();
        for (LogTab t : tabs) {
            if (t.item() == selected) {
                return t;
            }
        }
        return null;
    }

    /** The text shown while no log is open. */
    public String emptyText() {
        Label e = empty;
        return e == null ? "" : e.getText(); //$NON-NLS-1$
    }

    @Focus
    public void setFocus() {
        LogTab t = activeTab();
        if (t != null) {
            t.natTable().setFocus();
        } else if (folder != null && !folder.isDisposed()) {
            folder.setFocus();
        }
    }

    @PreDestroy
    public void dispose() {
        session.unregister(this);
        for (LogTab t : List.copyOf(tabs)) {
            if (!t.item().isDisposed()) {
                t.item().dispose();
            }
        }
        tabs.clear();
    }
}
