package dev.bringup.firmware;

import java.util.Locale;

import dev.bringup.common.Diagnostic;
import dev.bringup.common.Hex;
import dev.bringup.firmware.ResourceEntry.Legacy;
import dev.bringup.firmware.ResourceEntry.MemoryEntry;
import dev.bringup.firmware.ResourceEntry.Trace;
import dev.bringup.firmware.ResourceEntry.Vdev;
import dev.bringup.firmware.ResourceEntry.Vendor;
import dev.bringup.firmware.ResourceEntry.Vring;

/**
 * The plain-text report of a {@link Firmware} that {@code bringup inspect} prints: the ELF facts
 * {@code readelf -h -l -S} shows, the decoded table and the diagnostics.
 */
public final class FirmwareText {

    private FirmwareText() {
    }

    /** The whole report, lines ending in {@code \n}. */
    public static String render(Firmware fw) {
        StringBuilder b = new StringBuilder();
        ElfFile elf = fw.elf();
        ElfHeader h = elf.header();
        b.append(elf.name()).append(elf.isSplit() ? " (split image)" : "").append('\n');
        line(b, "Class", h.className());
        line(b, "Data", h.endian() + " endian");
        line(b, "Type", h.typeName());
        line(b, "Machine", h.machineName());
        line(b, "Entry point address", Hex.of(h.e_entry()));
        b.append("\nProgram Headers:\n");
        b.append(String.format(Locale.ROOT, "  %-14s %-10s %-18s %-18s %-10s %-10s %-3s %s%n", "Type", "Offset", "VirtAddr",
                "PhysAddr", "FileSiz", "MemSiz", "Flg", "Align"));
        for (ElfProgramHeader p : elf.programHeaders()) {
            b.append(String.format(Locale.ROOT, "  %-14s %-10s %-18s %-18s %-10s %-10s %-3s %s%n", p.typeName(h.e_machine()),
                    Hex.of(p.p_offset()), Hex.of(p.p_vaddr(), 8), Hex.of(p.p_paddr(), 8), Hex.of(p.p_filesz()),
                    Hex.of(p.p_memsz()), p.flagLetters(), Hex.of(p.p_align())));
        }
        b.append("\nSection Headers:\n");
        b.append(String.format(Locale.ROOT, "  [%2s] %-24s %-14s %-18s %-10s %s%n", "Nr", "Name", "Type", "Addr", "Off", "Size"));
        for (ElfSection s : elf.sections()) {
            b.append(String.format(Locale.ROOT, "  [%2d] %-24s %-14s %-18s %-10s %s%n", s.index(), s.name(), s.typeName(h.e_machine()),
                    Hex.of(s.sh_addr(), 8), Hex.of(s.sh_offset()), Hex.of(s.sh_size())));
        }
        ResourceTable t = fw.resourceTable();
        ElfSection ts = fw.tableSection();
        b.append('\n');
        if (t == null) {
            b.append(ts == null ? "No .resource_table section.\n" : "Resource table: not decodable (see diagnostics).\n");
        } else {
            b.append("Resource table (").append(t.format().label()).append(")");
            if (ts != null) {
                b.append(" at sh_addr ").append(Hex.of(ts.sh_addr())).append(", file offset ").append(Hex.of(ts.sh_offset()));
            }
            b.append(", ").append(t.size()).append(" bytes");
            if (t.format() == TableFormat.V1) {
                b.append(": ver ").append(t.ver()).append(", num ").append(t.num());
            }
            b.append('\n');
            for (int i = 0; i < t.entries().size(); i++) {
                b.append("  [").append(i).append("] ").append(describe(t.entries().get(i))).append('\n');
            }
        }
        b.append('\n');
        if (fw.diagnostics().isEmpty()) {
            b.append("No findings.\n");
        }
        for (Diagnostic d : fw.diagnostics()) {
            b.append(d).append('\n');
        }
        return b.toString();
    }

    /** One line for an entry, with the kernel's field names. */
    public static String describe(ResourceEntry e) {
        String head = e.kind() + " @" + Hex.of(e.offset()) + ":";
        return switch (e) {
            case MemoryEntry m -> head + " da " + Hex.of(m.da()) + " pa " + Hex.of(m.pa()) + " len " + Hex.of(m.len())
                    + " flags " + Hex.of(m.flags()) + " name \"" + m.name().cString() + "\"";
            case Trace t -> head + " da " + Hex.of(t.da()) + " len " + Hex.of(t.len()) + " name \"" + t.name().cString() + "\"";
            case Vdev v -> {
                StringBuilder s = new StringBuilder(head + " id " + v.id() + " notifyid " + v.notifyid() + " dfeatures "
                        + Hex.of(v.dfeatures()) + " config_len " + v.config_len() + " status " + v.status() + " vrings "
                        + v.num_of_vrings());
                for (int i = 0; i < v.vrings().size(); i++) {
                    Vring r = v.vrings().get(i);
                    s.append("\n      vring ").append(i).append(": da ").append(Hex.of(r.da())).append(" align ")
                            .append(r.align()).append(" num ").append(r.num()).append(" notifyid ").append(r.notifyid())
                            .append(" pa ").append(Hex.of(r.pa()));
                }
                yield s.toString();
            }
            case Vendor v -> head + " type " + v.type() + (v.selfSized() ? " len " + v.len() : "") + " " + v.data().length()
                    + " data bytes";
            case Legacy l -> head + " id " + l.id() + " da " + Hex.of(l.da()) + " pa " + Hex.of(l.pa()) + " len "
                    + Hex.of(l.len()) + " flags " + Hex.of(l.flags()) + " name \"" + l.name().cString() + "\"";
        };
    }

    private static void line(StringBuilder b, String key, String value) {
        b.append(String.format(Locale.ROOT, "  %-22s %s%n", key + ":", value));
    }
}
