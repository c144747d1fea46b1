package dev.bringup.firmware;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.bringup.common.Hex;
import dev.bringup.firmware.ResourceEntry.Carveout;
import dev.bringup.firmware.ResourceEntry.Devmem;
import dev.bringup.firmware.ResourceEntry.Legacy;
import dev.bringup.firmware.ResourceEntry.Trace;
import dev.bringup.firmware.ResourceEntry.Vdev;
import dev.bringup.firmware.ResourceEntry.Vendor;
import dev.bringup.firmware.ResourceEntry.Vring;

/**
 * Edits of a {@link ResourceTable}, each giving a new immutable table: field edits written as
 * expressions, and adding and removing entries.
 * <p>
 * Expression language: {@code PATH=VALUE}. {@code PATH} is a header field ({@code ver},
 * {@code num}, {@code reserved[0]}, {@code reserved[1]}, {@code offset[i]}) or
 * {@code SELECTOR.FIELD}, where {@code SELECTOR} is {@code KIND[i]} (the i-th entry of that kind
 * in table order: {@code carveout}, {@code devmem}, {@code trace}, {@code vdev}, {@code vendor},
 * {@code unknown}; in 2011 tables also {@code vring}, {@code virtio_dev}, {@code virtio_cfg}) or
 * {@code entry[i]} (the i-th entry of any kind), and {@code FIELD} is a kernel field name
 * ({@code da}, {@code pa}, {@code len}, {@code flags}, {@code reserved}, {@code name}, {@code id},
 * {@code notifyid}, {@code dfeatures}, {@code gfeatures}, {@code status}, {@code reserved[0]},
 * {@code num_of_vrings}, {@code config_len}, {@code config}, {@code data}) or
 * {@code vrings[i].da|align|num|notifyid|pa}. Numbers are written as {@link Hex#parse} reads them
 * ({@code 0x1000}, {@code 4096}, {@code 4K}); {@code name} takes text, {@code config} and
 * {@code data} take hexadecimal bytes. Examples: {@code vdev[0].vrings[1].da=0x10041000},
 * {@code carveout[0].len=0x20000}, {@code trace[0].name=trace0}.
 * <p>
 * An edit that keeps every entry's size keeps the layout, so a patched file differs only in the
 * edited field's bytes. Changing {@code num_of_vrings}, {@code config_len}, {@code config} or a
 * vendor entry's {@code data} to another size, adding or removing an entry lays the table out
 * anew ({@link ResourceTableCodec#layoutV1}).
 */
public final class TableEdits {

    private static final Pattern SELECTOR = Pattern.compile("([a-z_]+)\\[(\\d+)\\]");

    private TableEdits() {
    }

    /**
     * Applies one field edit.
     *
     * @throws TableEditException when the expression does not parse, names no entry or field, or
     *         the value does not fit
     */
    public static ResourceTable set(ResourceTable table, String expression) throws TableEditException {
        int eq = expression.indexOf('=');
        if (eq <= 0) {
            throw new TableEditException("'" + expression + "' is not an edit; write PATH=VALUE, e.g. carveout[0].len=0x20000");
        }
        String path = expression.substring(0, eq).trim();
        String value = expression.substring(eq + 1).trim();
        try {
            return setChecked(table, path, value, expression);
        } catch (IllegalArgumentException e) {
            throw new TableEditException("in '" + expression + "': " + e.getMessage(), e);
        }
    }

    private static ResourceTable setChecked(ResourceTable t, String path, String value, String expr)
            throws TableEditException {
        int dot = path.indexOf('.');
        if (dot < 0) {
            return setHeader(t, path, value, expr);
        }
        String selector = path.substring(0, dot);
        String field = path.substring(dot + 1);
        int index = find(t, selector, expr);
        ResourceEntry old = t.entries().get(index);
        ResourceEntry edited = setField(old, field, value, expr);
        List<ResourceEntry> entries = new ArrayList<>(t.entries());
        entries.set(index, edited);
        if (edited.size() == old.size()) {
            return new ResourceTable(t.format(), t.ver(), t.num(), t.reserved0(), t.reserved1(), t.offsets(), entries, t.size());
        }
        return relayout(t, entries);
    }

    private static ResourceTable setHeader(ResourceTable t, String field, String value, String expr)
            throws TableEditException {
        if (t.format() != TableFormat.V1) {
            throw new TableEditException("'" + expr + "': a 2011 table has no header fields; edit its entries");
        }
        long v = u32(value, field);
        Matcher m = SELECTOR.matcher(field);
        if (m.matches() && m.group(1).equals("offset")) {
            int i = Integer.parseInt(m.group(2));
            if (i >= t.offsets().size()) {
                throw new TableEditException("'" + expr + "': the table has " + t.offsets().size() + " offsets");
            }
            List<Long> offsets = new ArrayList<>(t.offsets());
            offsets.set(i, v);
            return new ResourceTable(t.format(), t.ver(), t.num(), t.reserved0(), t.reserved1(), offsets, t.entries(), t.size());
        }
        return switch (field) {
            case "ver" -> new ResourceTable(t.format(), v, t.num(), t.reserved0(), t.reserved1(), t.offsets(), t.entries(), t.size());
            case "num" -> new ResourceTable(t.format(), t.ver(), v, t.reserved0(), t.reserved1(), t.offsets(), t.entries(), t.size());
            case "reserved[0]" -> new ResourceTable(t.format(), t.ver(), t.num(), v, t.reserved1(), t.offsets(), t.entries(), t.size());
            case "reserved[1]" -> new ResourceTable(t.format(), t.ver(), t.num(), t.reserved0(), v, t.offsets(), t.entries(), t.size());
            default -> throw new TableEditException("'" + expr + "': the table header has no field '" + field
                    + "' (ver, num, reserved[0], reserved[1], offset[i]); entry fields need a selector such as carveout[0]."
                    + field);
        };
    }

    /** The index in {@code table.entries()} that {@code selector} ({@code vdev[0]}, {@code entry[2]}) names. */
    public static int find(ResourceTable table, String selector, String expr) throws TableEditException {
        Matcher m = SELECTOR.matcher(selector);
        if (!m.matches()) {
            throw new TableEditException("'" + expr + "': '" + selector + "' is not a selector; write KIND[i] such as vdev[0] "
                    + "or entry[2]");
        }
        String kind = m.group(1);
        int want = Integer.parseInt(m.group(2));
        int seen = 0;
        for (int i = 0; i < table.entries().size(); i++) {
            if (kind.equals("entry") || table.entries().get(i).kind().equals(kind)) {
                if (seen++ == want) {
                    return i;
                }
            }
        }
        throw new TableEditException("'" + expr + "': there is no " + selector + "; the table has " + seen + " "
                + (kind.equals("entry") ? "entries" : kind + " entries"));
    }

    private static ResourceEntry setField(ResourceEntry e, String field, String value, String expr)
            throws TableEditException {
        switch (e) {
            case ResourceEntry.MemoryEntry c:
                return switch (field) {
                    case "da" -> memory(c, u32(value, field), c.pa(), c.len(), c.flags(), c.reserved(), c.name());
                    case "pa" -> memory(c, c.da(), u32(value, field), c.len(), c.flags(), c.reserved(), c.name());
                    case "len" -> memory(c, c.da(), c.pa(), u32(value, field), c.flags(), c.reserved(), c.name());
                    case "flags" -> memory(c, c.da(), c.pa(), c.len(), u32(value, field), c.reserved(), c.name());
                    case "reserved" -> memory(c, c.da(), c.pa(), c.len(), c.flags(), u32(value, field), c.name());
                    case "name" -> memory(c, c.da(), c.pa(), c.len(), c.flags(), c.reserved(),
                            Bytes.text(value, ResourceEntry.NAME_SIZE));
                    default -> throw noField(e, field, expr, "da, pa, len, flags, reserved, name");
                };
            case Trace t:
                return switch (field) {
                    case "da" -> new Trace(t.offset(), u32(value, field), t.len(), t.reserved(), t.name());
                    case "len" -> new Trace(t.offset(), t.da(), u32(value, field), t.reserved(), t.name());
                    case "reserved" -> new Trace(t.offset(), t.da(), t.len(), u32(value, field), t.name());
                    case "name" -> new Trace(t.offset(), t.da(), t.len(), t.reserved(), Bytes.text(value, ResourceEntry.NAME_SIZE));
                    default -> throw noField(e, field, expr, "da, len, reserved, name");
                };
            case Vdev v:
                return setVdev(v, field, value, expr);
            case Vendor v:
                return switch (field) {
                    case "len" -> new Vendor(v.offset(), v.type(), u32(value, field), v.data());
                    case "data" -> new Vendor(v.offset(), v.type(), v.len(), Bytes.of(hex(value)));
                    default -> throw noField(e, field, expr, "len, data");
                };
            case Legacy l:
                return switch (field) {
                    case "type" -> new Legacy(l.offset(), u32(value, field), l.id(), l.da(), l.pa(), l.len(), l.flags(), l.reserved(), l.name());
                    case "id" -> new Legacy(l.offset(), l.type(), u32(value, field), l.da(), l.pa(), l.len(), l.flags(), l.reserved(), l.name());
                    case "da" -> new Legacy(l.offset(), l.type(), l.id(), Hex.parse(value), l.pa(), l.len(), l.flags(), l.reserved(), l.name());
                    case "pa" -> new Legacy(l.offset(), l.type(), l.id(), l.da(), Hex.parse(value), l.len(), l.flags(), l.reserved(), l.name());
                    case "len" -> new Legacy(l.offset(), l.type(), l.id(), l.da(), l.pa(), u32(value, field), l.flags(), l.reserved(), l.name());
                    case "flags" -> new Legacy(l.offset(), l.type(), l.id(), l.da(), l.pa(), l.len(), u32(value, field), l.reserved(), l.name());
                    case "name" -> new Legacy(l.offset(), l.type(), l.id(), l.da(), l.pa(), l.len(), l.flags(), l.reserved(), Bytes.text(value, 48));
                    default -> throw noField(e, field, expr, "type, id, da, pa, len, flags, name");
                };
        }
    }

    private static ResourceEntry memory(ResourceEntry.MemoryEntry m, long da, long pa, long len, long flags,
            long reserved, Bytes name) {
        return m instanceof Carveout ? new Carveout(m.offset(), da, pa, len, flags, reserved, name)
                : new Devmem(m.offset(), da, pa, len, flags, reserved, name);
    }

    private static Vdev setVdev(Vdev v, String field, String value, String expr) throws TableEditException {
        if (field.startsWith("vrings[")) {
            int close = field.indexOf(']');
            int dot = field.indexOf('.', close);
            if (close < 0 || dot != close + 1) {
                throw new TableEditException("'" + expr + "': write vrings[i].FIELD, e.g. vdev[0].vrings[1].da=0x10041000");
            }
            int i = Integer.parseInt(field.substring(7, close));
            if (i >= v.vrings().size()) {
                throw new TableEditException("'" + expr + "': the vdev has " + v.vrings().size() + " vrings");
            }
            Vring r = v.vrings().get(i);
            String f = field.substring(dot + 1);
            long x = u32(value, f);
            Vring n = switch (f) {
                case "da" -> new Vring(x, r.align(), r.num(), r.notifyid(), r.pa());
                case "align" -> new Vring(r.da(), x, r.num(), r.notifyid(), r.pa());
                case "num" -> new Vring(r.da(), r.align(), x, r.notifyid(), r.pa());
                case "notifyid" -> new Vring(r.da(), r.align(), r.num(), x, r.pa());
                case "pa" -> new Vring(r.da(), r.align(), r.num(), r.notifyid(), x);
                default -> throw new TableEditException("'" + expr + "': a vring has no field '" + f
                        + "' (da, align, num, notifyid, pa)");
            };
            List<Vring> vrings = new ArrayList<>(v.vrings());
            vrings.set(i, n);
            return new Vdev(v.offset(), v.id(), v.notifyid(), v.dfeatures(), v.gfeatures(), v.status(), v.reserved0(),
                    v.reserved1(), vrings, v.config());
        }
        return switch (field) {
            case "id" -> new Vdev(v.offset(), u32(value, field), v.notifyid(), v.dfeatures(), v.gfeatures(), v.status(),
                    v.reserved0(), v.reserved1(), v.vrings(), v.config());
            case "notifyid" -> new Vdev(v.offset(), v.id(), u32(value, field), v.dfeatures(), v.gfeatures(), v.status(),
                    v.reserved0(), v.reserved1(), v.vrings(), v.config());
            case "dfeatures" -> new Vdev(v.offset(), v.id(), v.notifyid(), u32(value, field), v.gfeatures(), v.status(),
                    v.reserved0(), v.reserved1(), v.vrings(), v.config());
            case "gfeatures" -> new Vdev(v.offset(), v.id(), v.notifyid(), v.dfeatures(), u32(value, field), v.status(),
                    v.reserved0(), v.reserved1(), v.vrings(), v.config());
            case "status" -> new Vdev(v.offset(), v.id(), v.notifyid(), v.dfeatures(), v.gfeatures(), u8(value, field),
                    v.reserved0(), v.reserved1(), v.vrings(), v.config());
            case "reserved[0]" -> new Vdev(v.offset(), v.id(), v.notifyid(), v.dfeatures(), v.gfeatures(), v.status(),
                    u8(value, field), v.reserved1(), v.vrings(), v.config());
            case "reserved[1]" -> new Vdev(v.offset(), v.id(), v.notifyid(), v.dfeatures(), v.gfeatures(), v.status(),
                    v.reserved0(), u8(value, field), v.vrings(), v.config());
            case "num_of_vrings" -> {
                int n = u8(value, field);
                List<Vring> vrings = new ArrayList<>(v.vrings().subList(0, Math.min(n, v.vrings().size())));
                while (vrings.size() < n) {
                    vrings.add(new Vring(ResourceEntry.FW_RSC_ADDR_ANY, 4096, 16, 0, 0));
                }
                yield new Vdev(v.offset(), v.id(), v.notifyid(), v.dfeatures(), v.gfeatures(), v.status(), v.reserved0(),
                        v.reserved1(), vrings, v.config());
            }
            case "config_len" -> {
                long n = u32(value, field);
                if (n > 1 << 20) {
                    throw new IllegalArgumentException("config_len " + n + " is larger than 1 MiB");
                }
                byte[] c = java.util.Arrays.copyOf(v.config().toArray(), (int) n);
                yield new Vdev(v.offset(), v.id(), v.notifyid(), v.dfeatures(), v.gfeatures(), v.status(), v.reserved0(),
                        v.reserved1(), v.vrings(), Bytes.of(c));
            }
            case "config" -> new Vdev(v.offset(), v.id(), v.notifyid(), v.dfeatures(), v.gfeatures(), v.status(),
                    v.reserved0(), v.reserved1(), v.vrings(), Bytes.of(hex(value)));
            default -> throw noField(v, field, expr, "id, notifyid, dfeatures, gfeatures, status, reserved[0], reserved[1], "
                    + "num_of_vrings, config_len, config, vrings[i].da|align|num|notifyid|pa");
        };
    }

    /** Removes the entry that {@code selector} names, and lays the table out anew. */
    public static ResourceTable remove(ResourceTable table, String selector) throws TableEditException {
        int index = find(table, selector, selector);
        List<ResourceEntry> entries = new ArrayList<>(table.entries());
        entries.remove(index);
        return relayout(table, entries);
    }

    /** Adds {@code entry} at the end (its offset is ignored), and lays the table out anew. */
    public static ResourceTable add(ResourceTable table, ResourceEntry entry) throws TableEditException {
        List<ResourceEntry> entries = new ArrayList<>(table.entries());
        entries.add(entry);
        return relayout(table, entries);
    }

    private static ResourceTable relayout(ResourceTable t, List<ResourceEntry> entries) throws TableEditException {
        try {
            return t.format() == TableFormat.V1 ? ResourceTableCodec.layoutV1(entries, t.reserved0(), t.reserved1())
                    : ResourceTableCodec.layout2011(entries);
        } catch (IllegalArgumentException e) {
            throw new TableEditException(e.getMessage(), e);
        }
    }

    private static TableEditException noField(ResourceEntry e, String field, String expr, String fields) {
        return new TableEditException("'" + expr + "': a " + e.kind() + " entry has no field '" + field + "' (" + fields + ")");
    }

    private static long u32(String value, String field) {
        long v = Hex.parse(value);
        if (v < 0 || v > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException(field + " is 32 bits; " + value + " does not fit");
        }
        return v;
    }

    private static int u8(String value, String field) {
        long v = Hex.parse(value);
        if (v < 0 || v > 0xff) {
            throw new IllegalArgumentException(field + " is 8 bits; " + value + " does not fit");
        }
        return (int) v;
    }

    private static byte[] hex(String value) {
        String h = value.startsWith("0x") ? value.substring(2) : value;
        return HexFormat.of().parseHex(h.replace(" ", "").replace(":", ""));
    }
}
