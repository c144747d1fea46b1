package dev.bringup.ui.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.eclipse.jdt.annotation.Nullable;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.CellEditor;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.ColumnViewerEditor;
import org.eclipse.jface.viewers.ColumnViewerEditorActivationEvent;
import org.eclipse.jface.viewers.ColumnViewerEditorActivationStrategy;
import org.eclipse.jface.viewers.EditingSupport;
import org.eclipse.jface.viewers.ICellEditorListener;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.jface.viewers.TableViewerEditor;
import org.eclipse.jface.viewers.TableViewerFocusCellManager;
import org.eclipse.jface.viewers.FocusCellOwnerDrawHighlighter;
import org.eclipse.jface.viewers.TextCellEditor;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;

import dev.bringup.common.Diagnostic;
import dev.bringup.common.Hex;
import dev.bringup.firmware.ResourceEntry;
import dev.bringup.firmware.ResourceEntry.Legacy;
import dev.bringup.firmware.ResourceEntry.MemoryEntry;
import dev.bringup.firmware.ResourceEntry.Trace;
import dev.bringup.firmware.ResourceEntry.Vdev;
import dev.bringup.firmware.ResourceEntry.Vring;
import dev.bringup.firmware.ResourceTable;
import dev.bringup.firmware.TableEditException;
import dev.bringup.ui.internal.layout.FirmwareBlocks;

/**
 * The resource table as rows (one per entry, one per vring of a vdev) with inline editing: a
 * value is checked as it is typed (the cell turns red and the line below says what is wrong),
 * an invalid value is rejected on commit, a valid one becomes an undoable edit on the document's
 * command stack.
 */
public final class ResourceTableEditor {

    /** One row: an entry, or one vring of a vdev entry. */
    public record Row(int entry, int vring) {
        String selector() {
            return "entry[" + entry + "]" + (vring >= 0 ? ".vrings[" + vring + "]" : ""); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
        }
    }

    private final FirmwareDocument doc;
    private final Composite root;
    private final TableViewer viewer;
    private final Label message;
    private final Label details;
    private final Color red;

    public ResourceTableEditor(Composite parent, FirmwareDocument doc) {
        this.doc = doc;
        root = new Composite(parent, SWT.NONE);
        root.setLayout(new GridLayout(1, false));
        red = new Color(parent.getDisplay(), 0xc0, 0x10, 0x10);
        root.addListener(SWT.Dispose, e -> red.dispose());
        Label hint = new Label(root, SWT.WRAP);
        hint.setText(Messages.Editor_tableHint);
        viewer = new TableViewer(root, SWT.FULL_SELECTION | SWT.BORDER | SWT.SINGLE);
        viewer.getTable().setHeaderVisible(true);
        viewer.getTable().setLinesVisible(true);
        viewer.getTable().setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        message = new Label(root, SWT.WRAP);
        message.setForeground(red);
        message.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        details = new Label(root, SWT.WRAP);
        GridData dd = new GridData(SWT.FILL, SWT.TOP, true, false);
        dd.widthHint = 100; // wraps to the editor's width instead of widening it
        details.setLayoutData(dd);

        column(Messages.Column_index, r -> r.vring() >= 0 ? "" : String.valueOf(r.entry()), null, false); //$NON-NLS-1$
        column(Messages.Column_kind, r -> r.vring() >= 0 ? Messages.bind(Messages.Table_vring, r.vring()) : entry(r).kind(), null, false);
        column(Messages.Column_name, this::name, "name", false); //$NON-NLS-1$
        column(Messages.Column_da, r -> hexField(r, "da"), "da", true); //$NON-NLS-1$ //$NON-NLS-2$
        column(Messages.Column_pa, r -> hexField(r, "pa"), "pa", true); //$NON-NLS-1$ //$NON-NLS-2$
        column(Messages.Column_len, r -> hexField(r, "len"), "len", true); //$NON-NLS-1$ //$NON-NLS-2$
        column(Messages.Column_flags, r -> hexField(r, "flags"), "flags", true); //$NON-NLS-1$ //$NON-NLS-2$
        findingsColumn();
        org.eclipse.jface.viewers.ColumnViewerToolTipSupport.enableFor(viewer);
        viewer.addSelectionChangedListener(e -> showDetails());

        TableViewerFocusCellManager focus = new TableViewerFocusCellManager(viewer, new FocusCellOwnerDrawHighlighter(viewer));
        ColumnViewerEditorActivationStrategy activation = new ColumnViewerEditorActivationStrategy(viewer) {
            @Override
            protected boolean isEditorActivationEvent(ColumnViewerEditorActivationEvent event) {
                return event.eventType == ColumnViewerEditorActivationEvent.TRAVERSAL
                        || event.eventType == ColumnViewerEditorActivationEvent.MOUSE_DOUBLE_CLICK_SELECTION
                        || event.eventType == ColumnViewerEditorActivationEvent.PROGRAMMATIC
                        || event.eventType == ColumnViewerEditorActivationEvent.KEY_PRESSED
                                && (event.keyCode == SWT.CR || event.keyCode == SWT.F2);
            }
        };
        TableViewerEditor.create(viewer, focus, activation, ColumnViewerEditor.TABBING_HORIZONTAL
                | ColumnViewerEditor.TABBING_MOVE_TO_ROW_NEIGHBOR | ColumnViewerEditor.KEYBOARD_ACTIVATION);
        viewer.setContentProvider(ArrayContentProvider.getInstance());
        Runnable refresh = () -> {
            if (!viewer.getControl().isDisposed()) {
                viewer.setInput(rows());
                ColumnFit.fit(viewer.getTable(), NAME_COLUMN);
                showDetails();
            }
        };
        doc.addListener(refresh);
        root.addListener(SWT.Dispose, e -> doc.removeListener(refresh));
        ColumnFit.install(viewer.getTable(), NAME_COLUMN);
        refresh.run();
    }

    /** The free-text column: it takes the width the value columns leave. */
    private static final int NAME_COLUMN = 2;

    /** The findings as one column of severity icons (and a count), the text in the tooltip and the details line. */
    private void findingsColumn() {
        TableViewerColumn c = new TableViewerColumn(viewer, SWT.LEFT);
        c.getColumn().setText(Messages.Column_findings);
        c.setLabelProvider(new ColumnLabelProvider() {
            @Override
            public String getText(Object element) { // the worst severity in words too: a selected row hides the icon
                List<Diagnostic> f = findingList((Row) element);
                if (f.isEmpty()) {
                    return ""; //$NON-NLS-1$
                }
                String worst = worst(f).label();
                return f.size() == 1 ? worst : Messages.bind(Messages.Table_findingsMore, worst, f.size() - 1);
            }

            @Override
            public org.eclipse.swt.graphics.@Nullable Image getImage(Object element) {
                List<Diagnostic> f = findingList((Row) element);
                return f.isEmpty() ? null : ProblemsPart.image(worst(f));
            }

            @Override
            public @Nullable String getToolTipText(Object element) {
                String f = findings((Row) element);
                return f.isEmpty() ? null : f;
            }
        });
    }

    /**
     * Under the table: the findings of the selected entry, else those about the table that no row
     * shows (its header, a slot after offset[num - 1]); "" when there are none.
     */
    private void showDetails() {
        Object o = viewer.getStructuredSelection().getFirstElement();
        ResourceTable t = doc.table();
        String f = o instanceof Row r && t != null ? findings(r) : ""; //$NON-NLS-1$
        String text;
        if (!f.isEmpty()) {
            text = Messages.bind(Messages.Table_findingsOf, ((Row) o).entry(), f);
        } else {
            int rows = t == null ? 0 : t.entries().size();
            text = describe(doc.diagnostics().stream().filter(d -> ProblemsPart.isEntryCode(d.code())
                    && (d.location().entryIndex() < 0 || d.location().entryIndex() >= rows)).toList());
            text = text.isEmpty() ? "" : Messages.bind(Messages.Table_findingsOfTable, text); //$NON-NLS-1$
        }
        if (!text.equals(details.getText())) {
            details.setText(text);
            root.layout();
        }
    }

    /** The text of the details line under the table: the findings of the selected entry, for tests. */
    public String details() {
        return details.getText();
    }

    public Control control() {
        return root;
    }

    public TableViewer viewer() {
        return viewer;
    }

    /** The text of the check line under the table (empty when the value being typed is valid). */
    public String message() {
        return message.getText();
    }

    /** Selects the row of an entry. */
    public void select(int entry) {
        viewer.setSelection(new StructuredSelection(new Row(entry, -1)), true);
    }

    private List<Row> rows() {
        ResourceTable t = doc.table();
        List<Row> rows = new ArrayList<>();
        if (t == null) {
            return rows;
        }
        for (int i = 0; i < t.entries().size(); i++) {
            rows.add(new Row(i, -1));
            if (t.entries().get(i) instanceof Vdev v) {
                for (int r = 0; r < v.vrings().size(); r++) {
                    rows.add(new Row(i, r));
                }
            }
        }
        return rows;
    }

    private ResourceEntry entry(Row r) {
        ResourceTable t = doc.table();
        if (t == null || r.entry() >= t.entries().size()) {
            throw new IllegalStateException("row outside the table"); //$NON-NLS-1$
        }
        return t.entries().get(r.entry());
    }

    private String name(Row r) {
        ResourceEntry e = entry(r);
        if (r.vring() >= 0) {
            return e instanceof Vdev v ? Messages.bind(Messages.Table_vringName, v.vrings().get(r.vring()).num(),
                    Hex.of(v.vrings().get(r.vring()).align())) : ""; //$NON-NLS-1$
        }
        if (e instanceof MemoryEntry m) {
            return m.name().cString();
        }
        if (e instanceof Trace t) {
            return t.name().cString();
        }
        if (e instanceof Legacy l) {
            return l.name().cString();
        }
        if (e instanceof Vdev v) {
            return v.id() == 7 ? Messages.bind(Messages.Table_vdevRpmsg, v.id()) : Messages.bind(Messages.Table_vdev, v.id());
        }
        return ""; //$NON-NLS-1$
    }

    /** The field's current value as hex, or "" when the row has no such field. */
    private String hexField(Row r, String field) {
        ResourceEntry e = entry(r);
        if (r.vring() >= 0 && e instanceof Vdev v) {
            Vring ring = v.vrings().get(r.vring());
            return switch (field) {
                case "da" -> Hex.of(ring.da()); //$NON-NLS-1$
                case "pa" -> Hex.of(ring.pa()); //$NON-NLS-1$
                case "len" -> Hex.of(FirmwareBlocks.vringSize(ring.num(), ring.align())); //$NON-NLS-1$
                default -> ""; //$NON-NLS-1$
            };
        }
        if (e instanceof MemoryEntry m) {
            return switch (field) {
                case "da" -> Hex.of(m.da()); //$NON-NLS-1$
                case "pa" -> Hex.of(m.pa()); //$NON-NLS-1$
                case "len" -> Hex.of(m.len()); //$NON-NLS-1$
                case "flags" -> Hex.of(m.flags()); //$NON-NLS-1$
                default -> ""; //$NON-NLS-1$
            };
        }
        if (e instanceof Trace t) {
            return switch (field) {
                case "da" -> Hex.of(t.da()); //$NON-NLS-1$
                case "len" -> Hex.of(t.len()); //$NON-NLS-1$
                default -> ""; //$NON-NLS-1$
            };
        }
        if (e instanceof Legacy l) {
            return switch (field) {
                case "da" -> Hex.of(l.da()); //$NON-NLS-1$
                case "pa" -> Hex.of(l.pa()); //$NON-NLS-1$
                case "len" -> Hex.of(l.len()); //$NON-NLS-1$
                case "flags" -> Hex.of(l.flags()); //$NON-NLS-1$
                default -> ""; //$NON-NLS-1$
            };
        }
        return ""; //$NON-NLS-1$
    }

    private boolean editable(Row r, String field) {
        if (r.vring() >= 0) {
            return field.equals("da") || field.equals("pa"); //$NON-NLS-1$ //$NON-NLS-2$
        }
        ResourceEntry e = entry(r);
        if (field.equals("name")) { //$NON-NLS-1$
            return e instanceof MemoryEntry || e instanceof Trace || e instanceof Legacy;
        }
        return !hexField(r, field).isEmpty();
    }

    private List<Diagnostic> findingList(Row r) {
        List<Diagnostic> found = new ArrayList<>();
        for (Diagnostic d : doc.diagnostics()) {
            if (d.location().entryIndex() == r.entry() && r.vring() < 0) {
                found.add(d);
            }
        }
        return found;
    }

    private String findings(Row r) {
        return describe(findingList(r));
    }

    private static dev.bringup.common.Severity worst(List<Diagnostic> findings) {
        return findings.stream().map(Diagnostic::severity).min(Enum::compareTo).orElseThrow();
    }

    /** One finding a line: severity, code and message. */
    private static String describe(List<Diagnostic> found) {
        StringBuilder s = new StringBuilder();
        for (Diagnostic d : found) {
            s.append(s.length() == 0 ? "" : "\n").append(d.severity().label()).append(' ').append(d.code()).append(": ") //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
                    .append(d.message());
        }
        return s.toString();
    }

    private void column(String title, Function<Row, String> text, @Nullable String field, boolean number) {
        TableViewerColumn c = new TableViewerColumn(viewer, SWT.LEFT);
        c.getColumn().setText(title);
        c.setLabelProvider(new ColumnLabelProvider() {
            @Override
            public String getText(Object element) {
                return text.apply((Row) element);
            }

            @Override
            public @Nullable Color getForeground(Object element) {
                return field == null && !findings((Row) element).isEmpty() ? red : null;
            }

            @Override
            public org.eclipse.swt.graphics.@Nullable Font getFont(Object element) {
                return number ? org.eclipse.jface.resource.JFaceResources.getTextFont() : null;
            }

            @Override
            public @Nullable String getToolTipText(Object element) {
                String f = findings((Row) element);
                String t = text.apply((Row) element);
                return f.isEmpty() ? (t.isEmpty() ? null : t) : t.isEmpty() ? f : t + "\n" + f; //$NON-NLS-1$
            }
        });
        if (field != null) {
            c.setEditingSupport(new FieldEditing(field));
        }
    }

    /** Edits one field through a TableEdits expression, checked as typed. */
    private final class FieldEditing extends EditingSupport {
        private final String field;
        private final TextCellEditor editor;
        private @Nullable Row editing;

        FieldEditing(String field) {
            super(viewer);
            this.field = field;
            this.editor = new TextCellEditor(viewer.getTable());
            editor.setValidator(value -> {
                Row r = editing;
                return r == null ? null : doc.check(r.selector() + "." + field + "=" + value); //$NON-NLS-1$ //$NON-NLS-2$
            });
            editor.addListener(new ICellEditorListener() {
                @Override
                public void editorValueChanged(boolean oldValidState, boolean newValidState) {
                    show(newValidState ? null : editor.getErrorMessage());
                }

                @Override
                public void cancelEditor() {
                    show(null);
                }

                @Override
                public void applyEditorValue() {
                    // setValue decides
                }
            });
        }

        private void show(@Nullable String error) {
            Control c = editor.getControl();
            if (c != null && !c.isDisposed()) {
                c.setForeground(error == null ? null : red);
                c.setToolTipText(error);
            }
            message.setText(error == null ? "" : error); //$NON-NLS-1$
            root.layout();
        }

        @Override
        protected @Nullable CellEditor getCellEditor(Object element) {
            editing = (Row) element;
            return editor;
        }

        @Override
        protected boolean canEdit(Object element) {
            return editable((Row) element, field);
        }

        @Override
        protected Object getValue(Object element) {
            Row r = (Row) element;
            return field.equals("name") ? name(r) : hexField(r, field); //$NON-NLS-1$
        }

        @Override
        protected void setValue(Object element, @Nullable Object value) {
            if (value == null) {
                return; // invalid: rejected, the message stays visible
            }
            Row r = (Row) element;
            if (String.valueOf(value).equals(getValue(element))) {
                show(null);
                return;
            }
            try {
                doc.edit(Messages.bind(Messages.Edit_cell, r.selector() + "." + field), //$NON-NLS-1$
                        List.of(r.selector() + "." + field + "=" + value)); //$NON-NLS-1$ //$NON-NLS-2$
                show(null);
            } catch (TableEditException e) {
                show(e.getMessage());
            }
        }
    }

    /** Starts editing a cell as a user would (double-click, F2); for tests and keyboard access. */
    public void editCell(Row row, int column) {
        viewer.editElement(row, column);
    }

    /** The cell editor control that is active, or null. */
    public @Nullable Control activeEditor() {
        for (Control c : viewer.getTable().getChildren()) {
            if (c.isVisible() && c instanceof org.eclipse.swt.widgets.Text) {
                return c;
            }
        }
        return null;
    }
}
