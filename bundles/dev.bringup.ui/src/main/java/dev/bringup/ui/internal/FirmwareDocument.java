package dev.bringup.ui.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.emf.common.command.AbstractCommand;
import org.eclipse.emf.common.command.BasicCommandStack;
import org.eclipse.jdt.annotation.Nullable;

import dev.bringup.common.Diagnostic;
import dev.bringup.common.FormatException;
import dev.bringup.common.Location;
import dev.bringup.firmware.Firmware;
import dev.bringup.firmware.FirmwarePatcher;
import dev.bringup.firmware.ResourceTable;
import dev.bringup.firmware.ResourceTableCodec;
import dev.bringup.firmware.TableEditException;
import dev.bringup.firmware.TableEdits;
import dev.bringup.model.Master;

/**
 * An open firmware file being edited: the {@link Firmware} read from disk, the current resource
 * table (an immutable {@link ResourceTable}; edits replace it through {@link TableEdits}, so the
 * records stay the one owner of the data), the command stack for undo and redo, and the processor
 * whose address view the layout uses. Save writes the patched ELF atomically ({@link FirmwarePatcher}).
 */
public final class FirmwareDocument implements AutoCloseable {

    private final Path path;
    private Firmware firmware;
    private @Nullable ResourceTable table;
    private List<Diagnostic> tableDiagnosticsOnDisk;
    private List<Diagnostic> diagnostics;
    private @Nullable Master processor;
    private final BasicCommandStack stack = new BasicCommandStack();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    /**
     * Opens {@code path}.
     *
     * @throws IOException when it cannot be read
     * @throws FormatException when it is not an ELF image
     */
    public FirmwareDocument(Path path) throws IOException, FormatException {
        this.path = path;
        this.firmware = Firmware.open(path);
        this.table = firmware.resourceTable();
        this.tableDiagnosticsOnDisk = decodedDiagnostics(firmware.tableBytes());
        this.diagnostics = firmware.diagnostics();
        stack.addCommandStackListener(e -> changed());
    }

    private List<Diagnostic> decodedDiagnostics(byte[] bytes) {
        if (firmware.tableSection() == null || bytes.length == 0) {
            return List.of();
        }
        return ResourceTableCodec.decode(bytes, firmware.elf().header().order(), firmware.elf().name(),
                firmware.tableSection().sh_offset()).diagnostics();
    }

    public Path path() {
        return path;
    }

    public Firmware firmware() {
        return firmware;
    }

    /** The current (possibly edited) table, or null when the file has none. */
    public @Nullable ResourceTable table() {
        return table;
    }

    public BasicCommandStack commandStack() {
        return stack;
    }

    public boolean isDirty() {
        return stack.isSaveNeeded();
    }

    /** The processor whose view (dma-ranges, IOMMU) the layout shows, or null. */
    public @Nullable Master processor() {
        return processor;
    }

    public void setProcessor(@Nullable Master processor) {
        this.processor = processor;
        changed();
    }

    /**
     * The diagnostics of the image as it would be saved now: the ELF checks of the file, and the
     * resource-table checks of the current table (re-decoded from the bytes it would write).
     */
    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    private List<Diagnostic> computeDiagnostics() {
        List<Diagnostic> out = new ArrayList<>(firmware.diagnostics());
        out.removeAll(tableDiagnosticsOnDisk);
        ResourceTable t = table;
        if (t == null || t.equals(firmware.resourceTable())) {
            out.addAll(tableDiagnosticsOnDisk);
            return out;
        }
        try {
            out.addAll(decodedDiagnostics(FirmwarePatcher.sectionBytes(firmware, t)));
        } catch (TableEditException e) {
            out.add(Diagnostic.error("RSC_TOO_LARGE", String.valueOf(e.getMessage()),
                    Location.at(firmware.elf().name(), -1), null));
        }
        return out;
    }

    public void addListener(Runnable r) {
        listeners.add(r);
    }

    public void removeListener(Runnable r) {
        listeners.remove(r);
    }

    private void changed() {
        diagnostics = computeDiagnostics();
        for (Runnable r : listeners) {
            r.run();
        }
    }

    /** Why {@code expression} cannot be applied to the current table, or null when it can. */
    public @Nullable String check(String expression) {
        ResourceTable t = table;
        if (t == null) {
            return Messages.Editor_noTable;
        }
        try {
            ResourceTable edited = TableEdits.set(t, expression);
            FirmwarePatcher.sectionBytes(firmware, edited);
            return null;
        } catch (TableEditException e) {
            return e.getMessage();
        }
    }

    /**
     * Applies field edits as one undoable command.
     *
     * @throws TableEditException when one of them is invalid; nothing is changed then
     */
    public void edit(String label, List<String> expressions) throws TableEditException {
        ResourceTable before = table;
        if (before == null) {
            throw new TableEditException(Messages.Editor_noTable);
        }
        ResourceTable after = before;
        for (String e : expressions) {
            after = TableEdits.set(after, e);
        }
        FirmwarePatcher.sectionBytes(firmware, after);
        stack.execute(new TableCommand(label, before, after));
    }

    /** Writes the current table into the file, atomically, and reads the file back. */
    public void save() throws TableEditException, IOException, FormatException {
        ResourceTable t = table;
        if (t != null && !t.equals(firmware.resourceTable())) {
            FirmwarePatcher.write(firmware, t, path);
            Firmware reread = Firmware.open(path);
            firmware.close();
            firmware = reread;
            table = reread.resourceTable();
            tableDiagnosticsOnDisk = decodedDiagnostics(reread.tableBytes());
        }
        stack.saveIsDone();
        changed();
    }

    @Override
    public void close() throws IOException {
        firmware.close();
    }

    /** Replaces the table by another, both ways; the records are never modified. */
    private final class TableCommand extends AbstractCommand {
        private final ResourceTable before;
        private final ResourceTable after;

        TableCommand(String label, ResourceTable before, ResourceTable after) {
            super(label);
            this.before = before;
            this.after = after;
        }

        @Override
        protected boolean prepare() {
            return true;
        }

        @Override
        public void execute() {
            table = after;
        }

        @Override
        public void undo() {
            table = before;
        }

        @Override
        public void redo() {
            table = after;
        }
    }
}
