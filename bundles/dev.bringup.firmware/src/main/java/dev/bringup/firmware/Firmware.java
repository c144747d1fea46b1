package dev.bringup.firmware;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.jdt.annotation.Nullable;

import dev.bringup.common.Diagnostic;
import dev.bringup.common.FormatException;
import dev.bringup.common.Hex;
import dev.bringup.firmware.internal.Findings;
import dev.bringup.firmware.internal.ImageChecks;

/**
 * A firmware image as remoteproc sees it: the ELF, its {@code .resource_table} decoded, and the
 * diagnostics of both. What the command line's {@code inspect}, the workbench and the boot
 * simulation read. Holds the file open (memory-mapped) until closed.
 */
public final class Firmware implements AutoCloseable {

    /** The section the kernel looks for by name. */
    public static final String RESOURCE_TABLE_SECTION = ".resource_table";

    private final ElfFile elf;
    private final @Nullable ElfSection tableSection;
    private final byte[] tableBytes;
    private final @Nullable ResourceTable table;
    private final List<Diagnostic> diagnostics;

    private Firmware(ElfFile elf, @Nullable ElfSection tableSection, byte[] tableBytes, @Nullable ResourceTable table,
            List<Diagnostic> diagnostics) {
        this.elf = elf;
        this.tableSection = tableSection;
        this.tableBytes = tableBytes;
        this.table = table;
        this.diagnostics = List.copyOf(diagnostics);
    }

    /**
     * Opens and checks a firmware file ({@code .elf}, {@code .mbn}, or {@code .mdt} with its
     * {@code .bNN} files).
     *
     * @throws IOException when the file cannot be opened
     * @throws FormatException when it is not an ELF image that can be read at all
     */
    public static Firmware open(Path path) throws IOException, FormatException {
        ElfFile elf = ElfFile.open(path);
        try {
            return inspect(elf);
        } catch (FormatException | RuntimeException e) {
            elf.close();
            throw e;
        }
    }

    /**
     * Checks an ELF file that is already open; the returned Firmware owns it (closing the
     * Firmware closes it).
     *
     * @throws FormatException when the file's bytes cannot be read where its headers point
     */
    public static Firmware of(ElfFile elf) throws FormatException {
        return inspect(elf);
    }

    private static Firmware inspect(ElfFile elf) throws FormatException {
        Findings f = new Findings(elf.name(), -1);
        ImageChecks.checkSegments(elf, f);
        List<Diagnostic> all = new ArrayList<>(f.list());
        ElfSection section = elf.section(RESOURCE_TABLE_SECTION);
        byte[] bytes = new byte[0];
        ResourceTable table = null;
        if (section != null) {
            long size = section.hasFileBytes() ? section.sh_size() : 0;
            if (!elf.contains(section.sh_offset(), size)) {
                Findings t = new Findings(elf.name(), -1);
                t.add(DiagnosticCode.RSC_TRUNCATED, section.sh_offset(), -1, ".resource_table [" + Hex.of(section.sh_offset())
                        + ", +" + Hex.of(size) + ") runs past the end of the file (" + elf.size()
                        + " bytes) (\"resource table truncated\")", "copy the complete firmware file; it was cut short");
                all.addAll(t.list());
            } else {
                bytes = elf.read(section.sh_offset(), (int) Math.min(size, ResourceTableCodec.MAX_TABLE_SIZE + 1L));
                ResourceTableCodec.Result r = ResourceTableCodec.decode(bytes, elf.header().order(), elf.name(),
                        section.sh_offset());
                table = r.table();
                all.addAll(r.diagnostics());
                if (table != null) {
                    Findings t = new Findings(elf.name(), -1);
                    ImageChecks.checkTableLoaded(elf, section, t);
                    all.addAll(t.list());
                }
            }
        }
        return new Firmware(elf, section, bytes, table, all);
    }

    public ElfFile elf() {
        return elf;
    }

    /** The {@code .resource_table} section, or null when the file has none. */
    public @Nullable ElfSection tableSection() {
        return tableSection;
    }

    /** The decoded table, or null when there is none or not even its header could be read. */
    public @Nullable ResourceTable resourceTable() {
        return table;
    }

    /** A copy of the table's bytes as read from the file (empty when there is no table). */
    public byte[] tableBytes() {
        return tableBytes.clone();
    }

    /** All diagnostics: ELF checks first, then the table's, in file order within each. */
    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    /** Whether any diagnostic has error severity (the command line then exits with 1). */
    public boolean hasErrors() {
        return diagnostics.stream().anyMatch(Diagnostic::isError);
    }

    @Override
    public void close() throws IOException {
        elf.close();
    }
}
