package dev.bringup.examples.firmware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code readelf -h -l -S -W} says about one file: the header lines the tests check, the
 * program headers and the section headers. Test-local: it checks the committed images with a
 * tool no one on this project wrote.
 */
final class Readelf {

    record ProgramHeader(String p_type, long p_offset, long p_vaddr, long p_paddr, long p_filesz, long p_memsz,
            String flags) {
        boolean isLoad() {
            return p_type.equals("LOAD");
        }

        @Override
        public String toString() {
            return String.format("%s p_paddr 0x%08x p_filesz 0x%x p_memsz 0x%x %s", p_type, p_paddr, p_filesz,
                    p_memsz, flags);
        }
    }

    record Section(String name, String sh_type, long sh_addr, long sh_offset, long sh_size) {
    }

    private static final Pattern HEADER = Pattern.compile("^\\s+([A-Za-z ]+):\\s+(.*?)\\s*$");
    private static final Pattern SECTION = Pattern.compile(
            "^\\s*\\[\\s*(\\d+)]\\s+(\\S+)\\s+(\\S+)\\s+([0-9a-f]{8})\\s+([0-9a-f]{6,})\\s+([0-9a-f]{6,})\\s.*$");
    private static final Pattern PHDR = Pattern.compile(
            "^\\s+([A-Z_]+|0x[0-9a-f]+)\\s+0x([0-9a-f]+)\\s+0x([0-9a-f]+)\\s+0x([0-9a-f]+)\\s+0x([0-9a-f]+)"
                    + "\\s+0x([0-9a-f]+)\\s(.*)\\s(0x[0-9a-f]+|0)$");

    final String elfClass;
    final String data;
    final String machine;
    final long entry;
    final List<ProgramHeader> programHeaders = new ArrayList<>();
    final List<Section> sections = new ArrayList<>();

    private Readelf(Path file, String text) {
        String cls = null;
        String dat = null;
        String mach = null;
        Long ent = null;
        boolean inPhdrs = false;
        for (String line : text.split("\n")) {
            Matcher m;
            if (line.startsWith("Program Headers:")) {
                inPhdrs = true;
                continue;
            }
            if (inPhdrs && line.isBlank()) {
                inPhdrs = false;
            }
            if (inPhdrs && (m = PHDR.matcher(line)).matches()) {
                programHeaders.add(new ProgramHeader(m.group(1), hex(m.group(2)), hex(m.group(3)), hex(m.group(4)),
                        hex(m.group(5)), hex(m.group(6)), m.group(7).replace(" ", "")));
            } else if ((m = SECTION.matcher(line)).matches() && !m.group(1).equals("0")) {
                sections.add(new Section(m.group(2), m.group(3), hex(m.group(4)), hex(m.group(5)), hex(m.group(6))));
            } else if ((m = HEADER.matcher(line)).matches()) {
                switch (m.group(1)) {
                case "Class" -> cls = m.group(2);
                case "Data" -> dat = m.group(2);
                case "Machine" -> mach = m.group(2);
                case "Entry point address" -> ent = Long.decode(m.group(2));
                default -> {
                    // other header lines are not checked
                }
                }
            }
        }
        if (cls == null || dat == null || mach == null || ent == null) {
            fail("readelf printed no ELF header for " + file + ":\n" + text);
        }
        this.elfClass = cls;
        this.data = dat;
        this.machine = mach;
        this.entry = ent;
    }

    /** Runs readelf on {@code file} (the caller has checked readelf is there). */
    static Readelf of(Path file) {
        FirmwareFiles.Run run = FirmwareFiles.run(file.getParent(), 60, "readelf", "-h", "-l", "-S", "-W",
                file.getFileName().toString());
        assertEquals(0, run.exit(), run::describe);
        return new Readelf(file, run.text());
    }

    List<ProgramHeader> loads() {
        return programHeaders.stream().filter(ProgramHeader::isLoad).toList();
    }

    Optional<Section> section(String name) {
        return sections.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    private static long hex(String digits) {
        return Long.parseLong(digits, 16);
    }
}
