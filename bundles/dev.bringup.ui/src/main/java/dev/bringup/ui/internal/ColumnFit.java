package dev.bringup.ui.internal;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;

/**
 * Sizes a table's columns to its client width, so a part shows no horizontal scroll bar: every
 * column as wide as its content (and never narrower than its header), one free-text column
 * taking the rest; where even that does not fit, the columns named as droppable are hidden
 * (width 0), in the order given, and come back as soon as there is room (a maximized part shows
 * them all). What a hidden column shows must also be in the row's tooltip.
 */
public final class ColumnFit {

    /** Room around a header's text (sort arrow, padding) so it is never cut. */
    private static final int HEADER_PAD = 16;
    /** Room around a cell's text beyond what pack() measures. */
    private static final int CELL_PAD = 6;

    private ColumnFit() {
    }

    /**
     * Fits now and again whenever the table is resized.
     *
     * @param fill the column that takes what is left (its content may be cut, with a tooltip); when it
     *            is dropped itself, the last column shown takes it
     * @param droppable columns hidden, first to last, while the rest does not fit
     */
    public static void install(Table table, int fill, int... droppable) {
        table.addListener(SWT.Resize, e -> fit(table, fill, droppable));
        fit(table, fill, droppable);
    }

    /** Fits the columns once (call it after the content changed); see {@link #install}. */
    public static void fit(Table table, int fill, int... droppable) {
        if (table.isDisposed()) {
            return;
        }
        int available = table.getClientArea().width;
        TableColumn[] cols = table.getColumns();
        int[] want = new int[cols.length];
        int[] header = new int[cols.length];
        GC gc = new GC(table);
        try {
            for (int i = 0; i < cols.length; i++) {
                header[i] = gc.textExtent(cols[i].getText()).x + HEADER_PAD;
                cols[i].pack();
                want[i] = Math.max(cols[i].getWidth() + CELL_PAD, header[i]);
            }
        } finally {
            gc.dispose();
        }
        if (available <= 0) {
            return; // not laid out yet: the resize listener comes back
        }
        boolean[] hidden = new boolean[cols.length];
        int need = 0;
        for (int i = 0; i < cols.length; i++) {
            need += i == fill ? header[i] : want[i];
        }
        for (int d : droppable) {
            if (need <= available) {
                break;
            }
            hidden[d] = true;
            need -= d == fill ? header[d] : want[d];
        }
        int rest = available - 1; // a pixel short of the edge: no horizontal scroll bar
        for (int i = 0; i < cols.length; i++) {
            if (i != fill) {
                int w = hidden[i] ? 0 : want[i];
                rest -= w;
                set(cols[i], w);
            }
        }
        if (hidden[fill]) { // the rest goes to the last column shown
            set(cols[fill], 0);
            for (int i = cols.length - 1; i >= 0; i--) {
                if (!hidden[i]) {
                    set(cols[i], Math.max(want[i], want[i] + rest));
                    break;
                }
            }
        } else {
            set(cols[fill], Math.max(rest, header[fill]));
        }
    }

    private static void set(TableColumn c, int width) {
        if (c.getWidth() != width) {
            c.setWidth(width);
        }
        c.setResizable(width > 0);
    }

    /** The width {@code column}'s header text needs (with its padding), for tests. */
    public static int headerWidth(TableColumn column) {
        GC gc = new GC(column.getParent());
        try {
            return gc.textExtent(column.getText()).x + HEADER_PAD;
        } finally {
            gc.dispose();
        }
    }
}
