package dev.bringup.ui.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;

import dev.bringup.ui.internal.ColumnFit;

/** Checks that a table is legible at its present size: no sideways scrolling, no cut header, no cut value. */
final class Columns {

    private Columns() {
    }

    /**
     * The shown columns fit the table's client width, none is narrower than its header, and the
     * cells of {@code whole} show their text whole (in the cell's own font, with its icon).
     */
    static void assertFit(Table table, int... whole) {
        int client = table.getClientArea().width;
        assertTrue(client > 0, "the table is laid out");
        int sum = 0;
        for (TableColumn c : table.getColumns()) {
            sum += c.getWidth();
            if (c.getWidth() > 0) {
                assertTrue(c.getWidth() >= ColumnFit.headerWidth(c), "column '" + c.getText() + "' (" + c.getWidth()
                        + " px) is not narrower than its header (" + ColumnFit.headerWidth(c) + " px)");
            }
        }
        assertTrue(sum <= client, "the columns (" + sum + " px) fit the table (" + client + " px): no sideways scrolling");
        GC gc = new GC(table);
        try {
            for (TableItem item : table.getItems()) {
                for (int c : whole) {
                    gc.setFont(item.getFont(c));
                    int need = gc.textExtent(item.getText(c)).x + (item.getImage(c) == null ? 0 : 16);
                    int width = table.getColumn(c).getWidth();
                    assertTrue(need < width, table.getColumn(c).getText() + " shows '" + item.getText(c) + "' whole (" + need
                            + " px in " + width + ")");
                }
            }
        } finally {
            gc.dispose();
        }
    }

    /** How many columns are shown (wider than 0). */
    static int shown(Table table) {
        int n = 0;
        for (TableColumn c : table.getColumns()) {
            n += c.getWidth() > 0 ? 1 : 0;
        }
        return n;
    }
}
