package dev.bringup.dt;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.jdt.annotation.Nullable;

import dev.bringup.common.Diagnostic;
import dev.bringup.common.FormatException;
import dev.bringup.common.Hex;
import dev.bringup.common.Location;

/**
 * Reads a flattened devicetree blob with every offset and length checked against the blob
 * before use. Versions 1 to 3 (full-path node names, 8-byte alignment of values of 8 bytes or
 * more) and 16/17 are read; later versions are read when their {@code last_comp_version} is 17
 * or lower, as libfdt does. The structure block is walked iteratively, so no input can exhaust
 * the stack; nesting deeper than {@link #MAX_DEPTH} is refused.
 */
final class FdtReader {

    static final int FDT_MAGIC = 0xd00dfeed;
    static final int FDT_BEGIN_NODE = 1;
    static final int FDT_END_NODE = 2;
    static final int FDT_PROP = 3;
    static final int FDT_NOP = 4;
    static final int FDT_END = 9;
    /** Deeper trees are refused: real devicetrees nest fewer than 16 levels. */
    static final int MAX_DEPTH = 256;
    private static final String FIX = "rebuild the blob with dtc (dtc -I dts -O dtb) or fdtoverlay";

    private final byte[] b;
    private final String source;
    private final int totalSize;

    private FdtReader(byte[] data, String source, int totalSize) {
        this.b = data;
        this.source = source;
        this.totalSize = totalSize;
    }

    static DeviceTree read(byte[] data, String source) throws FormatException {
        if (data.length < 8) {
            throw new FormatException("file has " + data.length + " bytes, too short for a devicetree blob header",
                    Location.at(source, 0), "give a .dtb or .dtbo compiled by dtc");
        }
        int magic = be32(data, 0);
        if (magic != FDT_MAGIC) {
            String hint = magic == Integer.reverseBytes(FDT_MAGIC)
                    ? "the blob is byte-swapped; devicetree blobs are big-endian: rebuild it with dtc"
                    : looksLikeDts(data) ? "this looks like a DTS source: give it as .dts so that dtc compiles it"
                    : "give a .dtb or .dtbo compiled by dtc";
            throw new FormatException("bad magic " + Hex.of(magic & 0xffffffffL, 8) + " (a devicetree blob starts with 0xd00dfeed)",
                    Location.at(source, 0), hint);
        }
        long total = u(data, 4);
        if (total > data.length) {
            throw new FormatException("header says totalsize " + Hex.of(total) + " but the file has only "
                    + Hex.of(data.length) + " bytes: the blob is truncated", Location.at(source, 4), FIX);
        }
        return new FdtReader(data, source, (int) total).parse();
    }

    private static boolean looksLikeDts(byte[] data) {
        String head = new String(data, 0, Math.min(data.length, 256), StandardCharsets.ISO_8859_1);
        return head.contains("/dts-v1/") || head.contains("/ {") || head.contains("#include");
    }

    private DeviceTree parse() throws FormatException {
        if (totalSize < 28) {
            throw fail(4, "totalsize " + Hex.of(totalSize) + " is smaller than the smallest header (28 bytes)");
        }
        long offStruct = u(b, 8);
        long offStrings = u(b, 12);
        long offRsvmap = u(b, 16);
        int version = (int) Math.min(Integer.MAX_VALUE, u(b, 20));
        int lastComp = (int) Math.min(Integer.MAX_VALUE, u(b, 24));
        if (version < 1) {
            throw fail(20, "version " + version + " is not a devicetree blob version");
        }
        if (version > 17 && lastComp > 17) {
            throw new FormatException("version " + version + " (last compatible " + lastComp
                    + ") is newer than version 17, the newest this reader knows", Location.at(source, 20),
                    "recompile the blob with -V 17 (dtc -O dtb -V 17)");
        }
        int headerSize = version >= 17 ? 40 : version >= 3 ? 36 : version == 2 ? 32 : 28;
        if (headerSize > totalSize) {
            throw fail(4, "totalsize " + Hex.of(totalSize) + " is smaller than the version " + version + " header ("
                    + headerSize + " bytes)");
        }
        long bootCpuid = version >= 2 ? u(b, 28) : 0;
        long stringsEnd;
        if (version >= 3) {
            long sizeStrings = u(b, 32);
            checkBlock(offStrings, sizeStrings, 12, "strings block");
            stringsEnd = offStrings + sizeStrings;
        } else {
            checkBlock(offStrings, 0, 12, "strings block");
            stringsEnd = totalSize;
        }
        long structEnd;
        if (version >= 17) {
            long sizeStruct = u(b, 36);
            checkBlock(offStruct, sizeStruct, 8, "structure block");
            structEnd = offStruct + sizeStruct;
        } else {
            checkBlock(offStruct, 0, 8, "structure block");
            structEnd = totalSize;
        }
        if (offStruct % 4 != 0) {
            throw fail(8, "structure block offset " + Hex.of(offStruct) + " is not 4-byte aligned");
        }
        if (offStruct < headerSize || offRsvmap < headerSize) {
            throw fail(offStruct < headerSize ? 8 : 16, (offStruct < headerSize ? "structure block" : "memory reservation block")
                    + " starts inside the " + headerSize + "-byte header");
        }
        List<DeviceTree.MemoryReservation> rsv = readReservations(offRsvmap);
        DtNode root = readStructure((int) offStruct, (int) structEnd, (int) offStrings, (int) stringsEnd, version);
        return new DeviceTree(root, source, version, lastComp, bootCpuid, rsv, List.<Diagnostic>of());
    }

    private void checkBlock(long off, long size, int fieldOffset, String what) throws FormatException {
        if (off > totalSize || off + size > totalSize) {
            throw fail(fieldOffset, what + " [" + Hex.of(off) + ".." + Hex.of(off + size) + ") lies outside the blob (totalsize "
                    + Hex.of(totalSize) + ")");
        }
    }

    private List<DeviceTree.MemoryReservation> readReservations(long off) throws FormatException {
        List<DeviceTree.MemoryReservation> r = new ArrayList<>();
        long p = off;
        while (true) {
            if (p + 16 > totalSize) {
                throw fail(p, "memory reservation block runs past the end of the blob without its terminating 0,0 entry");
            }
            long address = be64(p);
            long size = be64(p + 8);
            if (address == 0 && size == 0) {
                return r;
            }
            r.add(new DeviceTree.MemoryReservation(address, size));
            p += 16;
        }
    }

    private DtNode readStructure(int start, int end, int strings, int stringsEnd, int version) throws FormatException {
        boolean fullPath = version < 16;
        boolean varAlign = version < 16;
        ArrayList<DtNode> stack = new ArrayList<>();
        DtNode root = null;
        int p = start;
        while (true) {
            if (p + 4 > end) {
                throw fail(p, "structure block ends without FDT_END"
                        + (stack.isEmpty() ? "" : " (node " + stack.get(stack.size() - 1).path() + " is not closed)"));
            }
            int tokenOffset = p;
            int token = be32(b, p);
            p += 4;
            switch (token) {
            case FDT_BEGIN_NODE -> {
                int nul = findNul(p, end, "node name");
                String name = new String(b, p, nul - p, StandardCharsets.UTF_8);
                p = align(nul + 1, 4);
                if (root != null && stack.isEmpty()) {
                    throw fail(tokenOffset, "a second root node '" + name + "' follows the root node");
                }
                if (fullPath) {
                    name = baseNameOfFullPath(name, stack.isEmpty() ? null : stack.get(stack.size() - 1), tokenOffset);
                } else if (stack.isEmpty() && !name.isEmpty()) {
                    throw fail(tokenOffset, "the root node has the name '" + name + "' (it must be empty)");
                } else if (!stack.isEmpty() && (name.isEmpty() || name.indexOf('/') >= 0)) {
                    throw fail(tokenOffset, "node name '" + name + "' under " + stack.get(stack.size() - 1).path()
                            + " is empty or contains '/'");
                }
                DtNode node = new DtNode(name, source, tokenOffset);
                if (stack.isEmpty()) {
                    root = node;
                } else {
                    DtNode parent = stack.get(stack.size() - 1);
                    if (!parent.addChild(node, false)) {
                        throw fail(tokenOffset, "node " + parent.path() + " has two children named '" + name + "'");
                    }
                }
                stack.add(node);
                if (stack.size() > MAX_DEPTH) {
                    throw fail(tokenOffset, "nodes nest deeper than " + MAX_DEPTH + " levels");
                }
            }
            case FDT_END_NODE -> {
                if (stack.isEmpty()) {
                    throw fail(tokenOffset, "FDT_END_NODE without a node to close");
                }
                stack.remove(stack.size() - 1);
            }
            case FDT_PROP -> {
                if (stack.isEmpty()) {
                    throw fail(tokenOffset, "property outside any node");
                }
                if (p + 8 > end) {
                    throw fail(tokenOffset, "property header runs past the end of the structure block");
                }
                long len = u(b, p);
                long nameOff = u(b, p + 4);
                p += 8;
                if (varAlign && len >= 8) {
                    p = start + align(p - start, 8); // versions 1..3 align large values to 8 bytes
                }
                if (len > end - p) {
                    throw fail(tokenOffset, "property length " + Hex.of(len) + " runs past the end of the structure block");
                }
                if (nameOff >= stringsEnd - strings) {
                    throw fail(tokenOffset + 8, "property name offset " + Hex.of(nameOff)
                            + " lies outside the strings block (size " + Hex.of(stringsEnd - strings) + ")");
                }
                int nameStart = strings + (int) nameOff;
                int nul = findNul(nameStart, stringsEnd, "property name");
                String name = new String(b, nameStart, nul - nameStart, StandardCharsets.UTF_8);
                if (name.isEmpty()) {
                    throw fail(tokenOffset + 8, "property with an empty name in " + stack.get(stack.size() - 1).path());
                }
                byte[] value = new byte[(int) len];
                System.arraycopy(b, p, value, 0, (int) len);
                p = align(p + (int) len, 4);
                stack.get(stack.size() - 1).appendProperty(new DtProperty(name, value, tokenOffset, true));
            }
            case FDT_NOP -> {
                // nothing
            }
            case FDT_END -> {
                if (!stack.isEmpty()) {
                    throw fail(tokenOffset, "FDT_END while node " + stack.get(stack.size() - 1).path() + " is still open");
                }
                if (root == null) {
                    throw fail(tokenOffset, "structure block holds no root node");
                }
                return root;
            }
            default -> throw fail(tokenOffset, "unknown structure token " + Hex.of(token & 0xffffffffL)
                    + " (expected FDT_BEGIN_NODE, FDT_END_NODE, FDT_PROP, FDT_NOP or FDT_END)");
            }
            if (p > end) {
                throw fail(tokenOffset, "structure block ends inside a token");
            }
        }
    }

    /** Versions before 16 store each node's full path; the parent's path must be its prefix. */
    private String baseNameOfFullPath(String fullPath, @Nullable DtNode parent, int offset) throws FormatException {
        if (parent == null) {
            if (!fullPath.isEmpty() && !fullPath.equals("/")) {
                throw fail(offset, "root node of a version < 16 blob is named '" + fullPath + "' (expected '/')");
            }
            return "";
        }
        String prefix = parent.parent() == null ? "/" : parent.path() + "/";
        if (!fullPath.startsWith(prefix) || fullPath.length() == prefix.length()
                || fullPath.indexOf('/', prefix.length()) >= 0) {
            throw fail(offset, "node path '" + fullPath + "' is not a child of " + parent.path());
        }
        return fullPath.substring(prefix.length());
    }

    private int findNul(int from, long limit, String what) throws FormatException {
        for (int i = from; i < limit; i++) {
            if (b[i] == 0) {
                return i;
            }
        }
        throw fail(from, what + " is not NUL-terminated before the end of its block");
    }

    private static int align(int v, int a) {
        return (v + a - 1) & -a;
    }

    private FormatException fail(long offset, String message) {
        return new FormatException(message, Location.at(source, offset), FIX);
    }

    private long be64(long off) {
        return (u(b, (int) off) << 32) | u(b, (int) off + 4);
    }

    private static int be32(byte[] d, int o) {
        return ((d[o] & 0xff) << 24) | ((d[o + 1] & 0xff) << 16) | ((d[o + 2] & 0xff) << 8) | (d[o + 3] & 0xff);
    }

    private static long u(byte[] d, int o) {
        return be32(d, o) & 0xffffffffL;
    }

    /** The unsigned big-endian 32-bit value at {@code o}; the caller has checked the bounds. */
    static long be32u(byte[] d, int o) {
        return u(d, o);
    }

    private static long u(byte[] d, long o) {
        return u(d, (int) o);
    }
}
