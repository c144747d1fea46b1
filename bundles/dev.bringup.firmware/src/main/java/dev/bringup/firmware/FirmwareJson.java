package dev.bringup.firmware;

import java.math.BigInteger;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import dev.bringup.common.Diagnostic;
import dev.bringup.firmware.ResourceEntry.Legacy;
import dev.bringup.firmware.ResourceEntry.MemoryEntry;
import dev.bringup.firmware.ResourceEntry.Trace;
import dev.bringup.firmware.ResourceEntry.Vdev;
import dev.bringup.firmware.ResourceEntry.Vendor;
import dev.bringup.firmware.ResourceEntry.Vring;

/**
 * The JSON form of a {@link Firmware}, as {@code bringup inspect --json} prints it and as the
 * workbench and loader exchange it. Keys keep a fixed order; numbers are JSON numbers (unsigned,
 * 64-bit values above 2^63 included). The format is documented in the bundle's JSON.md.
 */
public final class FirmwareJson {

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create();

    private FirmwareJson() {
    }

    /** The whole inspection result. */
    public static JsonObject toJson(Firmware fw) {
        ElfFile elf = fw.elf();
        ElfHeader h = elf.header();
        JsonObject o = new JsonObject();
        o.addProperty("file", elf.name());
        o.addProperty("format", h.className());
        o.addProperty("endian", h.endian());
        o.addProperty("machine", h.machineName());
        o.addProperty("type", h.typeName());
        o.add("entry", number(h.e_entry()));
        JsonArray segments = new JsonArray();
        for (ElfProgramHeader p : elf.programHeaders()) {
            JsonObject s = new JsonObject();
            s.addProperty("type", p.typeName(h.e_machine()));
            s.add("offset", number(p.p_offset()));
            s.add("vaddr", number(p.p_vaddr()));
            s.add("paddr", number(p.p_paddr()));
            s.add("filesz", number(p.p_filesz()));
            s.add("memsz", number(p.p_memsz()));
            s.addProperty("flags", p.flagLetters());
            s.add("align", number(p.p_align()));
            segments.add(s);
        }
        o.add("segments", segments);
        JsonArray sections = new JsonArray();
        for (ElfSection sec : elf.sections()) {
            JsonObject s = new JsonObject();
            s.addProperty("name", sec.name());
            s.addProperty("type", sec.typeName(h.e_machine()));
            s.add("addr", number(sec.sh_addr()));
            s.add("offset", number(sec.sh_offset()));
            s.add("size", number(sec.sh_size()));
            sections.add(s);
        }
        o.add("sections", sections);
        ResourceTable table = fw.resourceTable();
        o.add("resourceTable", table == null ? JsonNull.INSTANCE : toJson(table));
        JsonArray diags = new JsonArray();
        for (Diagnostic d : fw.diagnostics()) {
            diags.add(toJson(d));
        }
        o.add("diagnostics", diags);
        return o;
    }

    /** A resource table: {@code format}, {@code version}, {@code num}, {@code offsets}, {@code entries}. */
    public static JsonObject toJson(ResourceTable t) {
        JsonObject o = new JsonObject();
        o.addProperty("format", t.format().label());
        o.add("version", t.ver() < 0 ? JsonNull.INSTANCE : number(t.ver()));
        o.add("num", number(t.num()));
        o.add("size", number(t.size()));
        JsonArray offsets = new JsonArray();
        t.offsets().forEach(off -> offsets.add(number(off)));
        o.add("offsets", offsets);
        JsonArray entries = new JsonArray();
        t.entries().forEach(e -> entries.add(toJson(e)));
        o.add("entries", entries);
        return o;
    }

    /** One entry with the kernel's field names. */
    public static JsonObject toJson(ResourceEntry e) {
        JsonObject o = new JsonObject();
        o.addProperty("type", e.kind());
        o.add("rscType", number(e.type()));
        o.add("offset", number(e.offset()));
        switch (e) {
            case MemoryEntry m -> {
                o.add("da", number(m.da()));
                o.add("pa", number(m.pa()));
                o.add("len", number(m.len()));
                o.add("flags", number(m.flags()));
                o.add("reserved", number(m.reserved()));
                o.addProperty("name", m.name().cString());
            }
            case Trace t -> {
                o.add("da", number(t.da()));
                o.add("len", number(t.len()));
                o.add("reserved", number(t.reserved()));
                o.addProperty("name", t.name().cString());
            }
            case Vdev v -> {
                o.add("id", number(v.id()));
                o.add("notifyid", number(v.notifyid()));
                o.add("dfeatures", number(v.dfeatures()));
                o.add("gfeatures", number(v.gfeatures()));
                o.add("config_len", number(v.config_len()));
                o.add("status", number(v.status()));
                o.add("num_of_vrings", number(v.num_of_vrings()));
                JsonArray res = new JsonArray();
                res.add(v.reserved0());
                res.add(v.reserved1());
                o.add("reserved", res);
                JsonArray vrings = new JsonArray();
                for (Vring r : v.vrings()) {
                    JsonObject j = new JsonObject();
                    j.add("da", number(r.da()));
                    j.add("align", number(r.align()));
                    j.add("num", number(r.num()));
                    j.add("notifyid", number(r.notifyid()));
                    j.add("pa", number(r.pa()));
                    vrings.add(j);
                }
                o.add("vrings", vrings);
                o.addProperty("config", v.config().hex());
            }
            case Vendor v -> {
                o.add("len", v.selfSized() ? number(v.len()) : JsonNull.INSTANCE);
                o.addProperty("data", v.data().hex());
            }
            case Legacy l -> {
                o.add("id", number(l.id()));
                o.add("da", number(l.da()));
                o.add("pa", number(l.pa()));
                o.add("len", number(l.len()));
                o.add("flags", number(l.flags()));
                o.addProperty("reserved", l.reserved().hex());
                o.addProperty("name", l.name().cString());
            }
        }
        return o;
    }

    /** One diagnostic: {@code severity}, {@code code}, {@code message}, {@code offset}, {@code entry}, {@code fix}. */
    public static JsonObject toJson(Diagnostic d) {
        JsonObject o = new JsonObject();
        o.addProperty("severity", d.severity().label());
        o.addProperty("code", d.code());
        o.addProperty("message", d.message());
        o.add("offset", d.location().fileOffset() < 0 ? JsonNull.INSTANCE : number(d.location().fileOffset()));
        o.add("entry", d.location().entryIndex() < 0 ? JsonNull.INSTANCE : number(d.location().entryIndex()));
        o.add("fix", d.fix() == null ? JsonNull.INSTANCE : new JsonPrimitive(d.fix()));
        return o;
    }

    /** Pretty-printed text of a JSON element, nulls kept. */
    public static String print(JsonElement json) {
        return GSON.toJson(json);
    }

    /** An unsigned 64-bit value as a JSON number. */
    static JsonPrimitive number(long unsigned) {
        return unsigned >= 0 ? new JsonPrimitive(unsigned)
                : new JsonPrimitive(new BigInteger(Long.toUnsignedString(unsigned)));
    }
}
