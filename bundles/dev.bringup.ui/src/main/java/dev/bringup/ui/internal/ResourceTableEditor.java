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

        column(Messages.Column_index, 40, r -> r.vring() >= 0 ? "" : String.valueOf(r.entry()), null); //$NON-NLS-1$
        column(Messages.Column_kind, 80, r -> r.vring() >= 0 ? Messages.bind(Messages.Table_vring, r.vring()) : entry(r).kind(), null);
        column(Messages.Column_name, 140, this::name, "name"); //$NON-NLS-1$
        column(Messages.Column_da, 110, r -> hexField(r, "da"), "da"); //$NON-NLS-1$ //$NON-NLS-2$
        column(Messages.Column_pa, 110, r -> hexField(r, "pa"), "pa"); //$NON-NLS-1$ //$NON-NLS-2$
        column(Messages.Column_len, 100, r -> hexField(r, "len"), "len"); //$NON-NLS-1$ //$NON-NLS-2$
        column(Messages.Column_flags, 80, r -> hexField(r, "flags"), "flags"); //$NON-NLS-1$ //$NON-NLS-2$
        column(Messages.Column_findings, 420, this::findings, null);

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
                fitColumns();
            }
        };
        doc.addListener(refresh);
        root.addListener(SWT.Dispose, e -> doc.removeListener(refresh));
        refresh.run();
    }

    /** Sizes the value columns to their content (names and vring lengths are long), the findings take the rest. */
    private void fitColumns() {
        org.eclipse.swt.widgets.TableColumn[] cols = viewer.getTable().getColumns();
        for (int i = 0; i < cols.length - 1; i++) {
            cols[i].pack();
            cols[i].setWidth(Math.min(cols[i].getWidth() + 8, 280));
        }
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
        if (r.vring() >= 0) {
            return ""; //$NON-NLS-1$
        }
        ResourceEntry e = entry(r);
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
                case "len" -> Messages.bind(Messages.Table_vringLen, new Object[] { //$NON-NLS-1$
                        Hex.of(FirmwareBlocks.vringSize(ring.num(), ring.align())), ring.num(), Hex.of(ring.align()) });
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

    private String findings(Row r) {
        StringBuilder s = new StringBuilder();
        for (Diagnostic d : doc.diagnostics()) {
            if (d.location().entryIndex() == r.entry() && r.vring() < 0) {
                s.append(s.length() == 0 ? "" : "; ").append(d.code()).append(": ").append(d.message()); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
            }
        }
        return s.toString();
    }

    private void column(String title, int width, Function<Row, String> text, @Nullable String field) {
        TableViewerColumn c = new TableViewerColumn(viewer, SWT.LEFT);
        c.getColumn().setText(title);
        c.getColumn().setWidth(width);
        c.setLabelProvider(new ColumnLabelProvider() {
            @Override
            public String getText(Object element) {
                return text.apply((Row) element);
            }

            @Override
            public @Nullable Color getForeground(Object element) {
                return field == null && !findings((Row) element).isEmpty() ? red : null;
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
