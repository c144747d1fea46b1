package dev.bringup.firmware;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

import dev.bringup.common.Hex;

/**
 * Writes a firmware file with a new resource table. The output is a copy of the input in which
 * only the bytes of {@code .resource_table} that the new table changes differ; it is written to a
 * temporary file in the output's folder and moved into place atomically, so a failed write
 * leaves any existing output (and always the input) untouched.
 */
public final class FirmwarePatcher {

    private FirmwarePatcher() {
    }

    /**
     * Applies field edits ({@link TableEdits#set}) and removals to {@code fw}'s table and writes
     * the result to {@code out}.
     *
     * @return the new table
     */
    public static ResourceTable patch(Firmware fw, List<String> expressions, List<String> removals, Path out)
            throws TableEditException, IOException {
        ResourceTable t = requireTable(fw);
        for (String r : removals) {
            t = TableEdits.remove(t, r);
        }
        for (String e : expressions) {
            t = TableEdits.set(t, e);
        }
        write(fw, t, out);
        return t;
    }

    /**
     * The bytes {@code table} has in {@code fw}'s {@code .resource_table} section: encoded over
     * the original bytes when the layout is unchanged, else over zeros; padded with zeros to the
     * section size.
     *
     * @throws TableEditException when the table does not fit the section or a field does not fit
     */
    public static byte[] sectionBytes(Firmware fw, ResourceTable table) throws TableEditException {
        ResourceTable old = requireTable(fw);
        ElfSection section = fw.tableSection();
        long capacity = section == null ? 0 : section.sh_size();
        if (table.size() > capacity) {
            throw new TableEditException("the new resource table needs " + table.size() + " bytes but .resource_table has "
                    + capacity + " (" + Hex.of(capacity) + "); make the section larger in the firmware's linker script or "
                    + "source (e.g. reserve room in the table struct) and rebuild");
        }
        boolean sameLayout = table.offsets().equals(old.offsets()) && table.size() == old.size()
                && sameOffsets(table.entries(), old.entries());
        byte[] base = sameLayout ? fw.tableBytes() : new byte[(int) capacity];
        byte[] encoded;
        try {
            encoded = ResourceTableCodec.encode(table, base, fw.elf().header().order());
        } catch (IllegalArgumentException e) {
            throw new TableEditException(e.getMessage(), e);
        }
        byte[] full = fw.tableBytes();
        if (full.length < capacity) {
            full = java.util.Arrays.copyOf(full, (int) capacity);
        }
        if (!sameLayout) {
            java.util.Arrays.fill(full, (byte) 0);
        }
        System.arraycopy(encoded, 0, full, 0, encoded.length);
        return full;
    }

    private static boolean sameOffsets(List<ResourceEntry> a, List<ResourceEntry> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i).offset() != b.get(i).offset() || a.get(i).size() != b.get(i).size()) {
                return false;
            }
        }
        return true;
    }

    /** Writes a copy of {@code fw}'s file with {@code table} in its {@code .resource_table}, atomically. */
    public static void write(Firmware fw, ResourceTable table, Path out) throws TableEditException, IOException {
        if (fw.elf().isSplit()) {
            throw new TableEditException(fw.elf().name() + " is a split image (.mdt with .bNN files); patching it is not "
                    + "supported: patch the unsplit ELF and split it again");
        }
        byte[] bytes = sectionBytes(fw, table);
        ElfSection section = fw.tableSection();
        if (section == null) {
            throw new TableEditException(fw.elf().name() + " has no .resource_table to patch");
        }
        Path target = out.toAbsolutePath();
        Path dir = target.getParent();
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
        try {
            Files.copy(fw.elf().path(), tmp, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                long pos = section.sh_offset();
                while (buf.hasRemaining()) {
                    pos += ch.write(buf, pos);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot replace " + target + " atomically: " + e.getMessage(), e);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static ResourceTable requireTable(Firmware fw) throws TableEditException {
        ResourceTable t = fw.resourceTable();
        if (t == null) {
            throw new TableEditException(fw.elf().name() + (fw.tableSection() == null ? " has no .resource_table section"
                    : " has a .resource_table whose header cannot be decoded") + "; there is nothing to edit");
        }
        return t;
    }
}
