package dev.bringup.dt;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.eclipse.jdt.annotation.Nullable;

import dev.bringup.common.FormatException;
import dev.bringup.common.Location;

/**
 * One devicetree property: a name and its raw big-endian bytes, with typed accessors for the
 * shapes the bindings use ({@code u32} cells, 64-bit numbers, strings, string lists,
 * phandles). Accessors throw {@link FormatException} naming the node, the property and the
 * file offset when the bytes do not have the shape asked for.
 */
public final class DtProperty {

    private final String name;
    private final byte[] value;
    private final long fileOffset;
    private @Nullable DtNode owner;

    /** A property with a copy of {@code value}; {@code fileOffset} is -1 when not read from a file. */
    public DtProperty(String name, byte[] value, long fileOffset) {
        this(name, value.clone(), fileOffset, true);
    }

    /** Takes {@code value} without copying it: for the reader and the overlay code, which never share it. */
    DtProperty(String name, byte[] value, long fileOffset, boolean takeOwnership) {
        this.name = name;
        this.value = value;
        this.fileOffset = fileOffset;
    }

    void setOwner(DtNode node) {
        this.owner = node;
    }

    /** The node that holds this property, or null while it is not part of a tree. */
    public @Nullable DtNode owner() {
        return owner;
    }

    public String name() {
        return name;
    }

    /** Offset of the property's FDT_PROP token in its file, or -1. */
    public long fileOffset() {
        return fileOffset;
    }

    /** Number of bytes of the value. */
    public int length() {
        return value.length;
    }

    /** A copy of the raw value. */
    public byte[] bytes() {
        return value.clone();
    }

    /** The byte at {@code index} of the value, unsigned. */
    public int byteAt(int index) {
        return value[index] & 0xff;
    }

    /** True for a property without value (a flag such as {@code no-map}). */
    public boolean isEmpty() {
        return value.length == 0;
    }

    /** True when both properties hold the same bytes. */
    public boolean sameValue(DtProperty other) {
        return Arrays.equals(value, other.value);
    }

    byte[] rawValue() {
        return value;
    }

    /** Where this property is, for diagnostics. */
    public Location location() {
        DtNode o = owner;
        return new Location(o == null ? null : o.source(), fileOffset, -1, o == null ? null : o.path(), -1, 0);
    }

    /** Number of 32-bit cells, or an error when the length is not a multiple of 4. */
    public int cellCount() throws FormatException {
        if (value.length % 4 != 0) {
            throw error("has " + value.length + " bytes, not a whole number of 32-bit cells",
                    "write the value as <...> cells");
        }
        return value.length / 4;
    }

    /** The cell at {@code index} as an unsigned value; the caller checks the index against {@link #cellCount()}. */
    public long cell(int index) {
        return FdtReader.be32u(value, index * 4);
    }

    /** All cells, unsigned. */
    public long[] cells() throws FormatException {
        int n = cellCount();
        long[] r = new long[n];
        for (int i = 0; i < n; i++) {
            r[i] = cell(i);
        }
        return r;
    }

    /** {@code count} cells from {@code index} combined into one number (the last two cells when count &gt; 2). */
    public long number(int index, int count) {
        long v = 0;
        for (int i = Math.max(0, count - 2); i < count; i++) {
            v = (v << 32) | cell(index + i);
        }
        return v;
    }

    /** The value as exactly one u32 cell. */
    public long u32() throws FormatException {
        if (value.length != 4) {
            throw error("has " + value.length + " bytes where one u32 cell (4 bytes) is expected", "write it as <value>");
        }
        return cell(0);
    }

    /** The value as a u32 (4 bytes) or u64 (8 bytes). */
    public long u64() throws FormatException {
        if (value.length == 4) {
            return cell(0);
        }
        if (value.length != 8) {
            throw error("has " + value.length + " bytes where a u32 or u64 is expected", "write it as <hi lo> or <value>");
        }
        return number(0, 2);
    }

    /** The value as one NUL-terminated string. */
    public String string() throws FormatException {
        List<String> all = strings();
        if (all.size() != 1) {
            throw error("holds " + all.size() + " strings where one is expected", "write it as \"text\"");
        }
        return all.get(0);
    }

    /** The value as a list of NUL-terminated strings (a stringlist). */
    public List<String> strings() throws FormatException {
        List<String> r = new ArrayList<>();
        if (value.length == 0) {
            return r;
        }
        if (value[value.length - 1] != 0) {
            throw error("is not a NUL-terminated string list", "write it as \"a\", \"b\"");
        }
        int start = 0;
        for (int i = 0; i < value.length; i++) {
            if (value[i] == 0) {
                r.add(new String(value, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        return r;
    }

    /** The strings of a stringlist, or an empty list when the value is not one (never throws). */
    public List<String> stringsOrEmpty() {
        try {
            return strings();
        } catch (FormatException e) {
            return List.of();
        }
    }

    /**
     * The value as dtc writes it in a DTS: {@code "a", "b"} for printable strings,
     * {@code <0x1 0x2>} for cells, {@code [01 02]} for other bytes, nothing for an empty property.
     */
    public String text() {
        if (value.length == 0) {
            return "";
        }
        if (looksLikeStrings()) {
            StringBuilder b = new StringBuilder();
            for (String s : stringsOrEmpty()) {
                if (!b.isEmpty()) {
                    b.append(", ");
                }
                b.append('"');
                for (char c : s.toCharArray()) {
                    if (c == '"' || c == '\\') {
                        b.append('\\');
                    }
                    b.append(c);
                }
                b.append('"');
            }
            return b.toString();
        }
        StringBuilder b = new StringBuilder();
        if (value.length % 4 == 0) {
            b.append('<');
            for (int i = 0; i < value.length / 4; i++) {
                b.append(i == 0 ? "" : " ").append("0x").append(Long.toHexString(cell(i)));
            }
            return b.append('>').toString();
        }
        b.append('[');
        for (int i = 0; i < value.length; i++) {
            b.append(i == 0 ? "" : " ").append(String.format("%02x", value[i] & 0xff));
        }
        return b.append(']').toString();
    }

    /** The same test dtc uses to decide that a value is a string list. */
    private boolean looksLikeStrings() {
        if (value[value.length - 1] != 0) {
            return false;
        }
        int strings = 0;
        boolean inString = false;
        for (int i = 0; i < value.length; i++) {
            int c = value[i] & 0xff;
            if (c == 0) {
                if (!inString) {
                    return false; // empty string
                }
                inString = false;
                strings++;
            } else if (c < 0x20 && c != '\t' && c != '\n' || c >= 0x7f) {
                return false;
            } else {
                inString = true;
            }
        }
        return strings > 0;
    }

    private FormatException error(String what, String fix) {
        DtNode o = owner;
        return new FormatException("property '" + name + "' of " + (o == null ? "a node" : o.path()) + " " + what,
                location(), fix);
    }

    @Override
    public String toString() {
        return name + (value.length == 0 ? "" : " = " + text());
    }
}
