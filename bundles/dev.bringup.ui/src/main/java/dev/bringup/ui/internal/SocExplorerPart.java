package dev.bringup.ui.internal;

import java.util.Iterator;
import java.util.List;

import org.eclipse.e4.ui.di.Focus;
import org.eclipse.e4.ui.workbench.modeling.ESelectionService;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.edit.provider.INotifyChangedListener;
import org.eclipse.jdt.annotation.Nullable;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.jface.viewers.TreeViewer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.dnd.DND;
import org.eclipse.swt.dnd.DropTarget;
import org.eclipse.swt.dnd.FileTransfer;
import org.eclipse.swt.dnd.Transfer;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.ui.PlatformUI;

import dev.bringup.model.BringupProject;
import dev.bringup.model.SocElement;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

/**
 * The SoC explorer: the open bring-up project as a tree (SoC, memory, reserved memory, buses,
 * IOMMUs, masters and remote processors, firmware) through the model's item providers; the
 * selection (and post selection) feeds the Properties view, which shows it in the explorer's own
 * page with Edit > Undo and Redo on the session's editing domain. Files dropped on it are opened.
 */
public class SocExplorerPart implements org.eclipse.core.runtime.IAdaptable {

    @Inject
    private @Nullable ESelectionService selectionService;

    @Inject
    private BringupSession session;
    private @Nullable TreeViewer viewer;
    private EmfAdapters.@Nullable Labels labels;
    private @Nullable BringupProject shown;
    private final Runnable sessionListener = () -> {
        if (session.project() != shown) {
            asyncRefresh(true);
        }
    };
    private final INotifyChangedListener modelListener = n -> asyncRefresh(false);

    @PostConstruct
    public void createControls(Composite parent) {
        parent.setLayout(new FillLayout());
        TreeViewer v = new TreeViewer(parent, SWT.SINGLE | SWT.V_SCROLL | SWT.H_SCROLL);
        v.setContentProvider(new EmfAdapters.ContentProvider(EmfAdapters.factory()));
        EmfAdapters.Labels l = new EmfAdapters.Labels(EmfAdapters.factory());
        v.setLabelProvider(new org.eclipse.jface.viewers.DelegatingStyledCellLabelProvider(l) {
            @Override
            public String getToolTipText(Object element) {
                return toolTip(l, element);
            }
        });
        org.eclipse.jface.viewers.ColumnViewerToolTipSupport.enableFor(v);
        labels = l;
        v.addSelectionChangedListener(e -> {
            ESelectionService s = selectionService;
            if (s != null) {
                s.setSelection(unwrap((IStructuredSelection) e.getSelection()));
            }
        });
        // the Properties view follows the post selection, which an e4 part must post itself
        v.addPostSelectionChangedListener(e -> {
            ESelectionService s = selectionService;
            if (s != null) {
                s.setPostSelection(unwrap((IStructuredSelection) e.getSelection()));
            }
        });
        DropTarget drop = new DropTarget(v.getControl(), DND.DROP_COPY | DND.DROP_DEFAULT);
        drop.setTransfer(new Transfer[] { FileTransfer.getInstance() });
        drop.addDropListener(new FileDropListener(PlatformUI.getWorkbench().getActiveWorkbenchWindow()));
        viewer = v;
        // the 3.x Properties view listens to the 3.x site's selection provider, which an e4view
        // does not set: set it on the wrapper once it exists
        v.getControl().getDisplay().asyncExec(() -> {
            org.eclipse.ui.IWorkbenchWindow w = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
            org.eclipse.ui.IViewPart view = w == null || w.getActivePage() == null ? null
                    : w.getActivePage().findView(dev.bringup.ui.BringupUi.SOC_EXPLORER_ID);
            if (view != null && !v.getControl().isDisposed()) {
                view.getSite().setSelectionProvider(v);
                installUndo(view.getViewSite().getActionBars());
            }
        });
        session.register(this);
        session.addListener(sessionListener);
        EmfAdapters.factory().addListener(modelListener);
        refresh(true);
    }

    /**
     * What the narrow tree may cut: the whole label as shown (name, then type) and, for a node of the
     * devicetree, its path on a second line.
     */
    static String toolTip(EmfAdapters.Labels labels, Object element) {
        String shown = labels.getStyledText(element).getString();
        String path = element instanceof SocElement e ? e.getPath() : null;
        return path == null || path.isEmpty() || shown.contains(path) ? shown : shown + "\n" + path; //$NON-NLS-1$
    }

    /** The tooltip of an element of the tree (the whole label), for tests. */
    public String toolTip(Object element) {
        EmfAdapters.Labels l = labels;
        return l == null ? "" : toolTip(l, element); //$NON-NLS-1$
    }

    private static Object unwrap(IStructuredSelection sel) {
        return sel.size() == 1 ? sel.getFirstElement() : sel;
    }

    /**
     * Edit > Undo and Redo (Ctrl+Z, Ctrl+Y) while the explorer is active: the editing domain's
     * command stack, where the Properties view's edits go.
     */
    private void installUndo(org.eclipse.ui.IActionBars bars) {
        UndoActions u = new UndoActions(session.editingDomain().getCommandStack());
        u.install(bars);
        undoActions = u;
    }

    private @Nullable UndoActions undoActions;

    /**
     * The Properties view asks the part it shows (through the e4 part's wrapper) for its page: the
     * explorer's page has Edit > Undo and Redo on the editing domain's command stack, so an edit made
     * in the Properties view is undone there too, with Ctrl+Z while the Properties view has focus.
     */
    @Override
    public <T> @Nullable T getAdapter(@Nullable Class<T> adapter) {
        if (adapter == org.eclipse.ui.views.properties.IPropertySheetPage.class) {
            return adapter.cast(new PropertiesPage(session));
        }
        return null;
    }

    /** The standard property sheet page (property sources come from the adapter factory) with undo and redo. */
    private static final class PropertiesPage extends org.eclipse.ui.views.properties.PropertySheetPage {
        private final BringupSession session;
        private @Nullable UndoActions undo; // follows the stack only once the page is in a Properties view

        PropertiesPage(BringupSession session) {
            this.session = session;
        }

        @Override
        public void setActionBars(org.eclipse.ui.IActionBars bars) {
            super.setActionBars(bars);
            UndoActions u = new UndoActions(session.editingDomain().getCommandStack());
            u.install(bars);
            undo = u;
        }

        @Override
        public void dispose() {
            UndoActions u = undo;
            if (u != null) {
                u.dispose();
            }
            super.dispose();
        }
    }

    private void asyncRefresh(boolean newInput) {
        TreeViewer v = viewer;
        if (v == null || v.getControl().isDisposed()) {
            return;
        }
        v.getControl().getDisplay().asyncExec(() -> refresh(newInput));
    }

    private void refresh(boolean newInput) {
        TreeViewer v = viewer;
        if (v == null || v.getControl().isDisposed()) {
            return;
        }
        if (newInput) {
            BringupProject p = session.project();
            shown = p;
            v.setInput(p == null ? List.of() : List.of(p));
            v.expandToLevel(3);
        } else {
            v.refresh(true);
        }
    }

    /** The tree, for tests and keyboard navigation. */
    public @Nullable TreeViewer viewer() {
        return viewer;
    }

    /** Selects and reveals the element with this devicetree path; false when there is none. */
    public boolean selectPath(String dtPath) {
        TreeViewer v = viewer;
        BringupProject p = session.project();
        if (v == null || p == null) {
            return false;
        }
        for (Iterator<EObject> it = p.eAllContents(); it.hasNext();) {
            EObject o = it.next();
            if (o instanceof SocElement e && dtPath.equals(e.getPath())) {
                v.reveal(o);
                v.setSelection(new StructuredSelection(o), true);
                return true;
            }
        }
        return false;
    }

    @Focus
    public void setFocus() {
        TreeViewer v = viewer;
        if (v != null && !v.getControl().isDisposed()) {
            v.getControl().setFocus();
        }
    }

    @PreDestroy
    public void dispose() {
        UndoActions u = undoActions;
        if (u != null) {
            u.dispose();
        }
        session.unregister(this);
        session.removeListener(sessionListener);
        EmfAdapters.factory().removeListener(modelListener);
        EmfAdapters.Labels l = labels;
        if (l != null) {
            l.dispose();
        }
    }
}
