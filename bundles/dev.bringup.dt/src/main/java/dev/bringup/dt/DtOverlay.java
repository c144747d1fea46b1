package dev.bringup.dt;

import java.util.ArrayList;
import java.util.List;


import dev.bringup.common.FormatException;
import dev.bringup.common.Location;

/**
 * Applies a devicetree overlay (a {@code .dtbo} compiled with {@code dtc -@}) to a base tree the
 * way libfdt's {@code fdt_overlay_apply} (and so {@code fdtoverlay}) does:
 * <ol>
 * <li>the overlay's own phandles are moved above the base's largest phandle, and the
 * references that {@code __local_fixups__} lists are moved with them;</li>
 * <li>each reference listed in {@code __fixups__} ({@code path:property:offset}) gets the
 * phandle of the base node that the label names in the base's {@code __symbols__};</li>
 * <li>each {@code fragment} with an {@code __overlay__} node is merged into its {@code target}
 * (phandle) or {@code target-path}: properties replace those of the same name, new properties
 * and new nodes go before the existing ones (libfdt inserts them there);</li>
 * <li>the overlay's {@code __symbols__} that point into a fragment are rewritten to the
 * target's path and added to the base's {@code __symbols__}.</li>
 * </ol>
 * The base tree is not changed; the result is a new tree.
 */
public final class DtOverlay {

    private static final String FIX = "compile the overlay with dtc -@ against labels that the base DTB exports (dtc -@)";

    private DtOverlay() {
    }

    /**
     * @return a copy of {@code base} with {@code overlay} applied
     * @throws FormatException naming the overlay file, the fragment and what is wrong
     */
    public static DeviceTree apply(DeviceTree base, DeviceTree overlay) throws FormatException {
        DtNode result = base.root().copy();
        DtNode ovl = overlay.root().copy();
        String ovlFile = overlay.source();
        DeviceTree target = new DeviceTree(result, base.source(), base.version(), base.lastCompatibleVersion(),
                base.bootCpuid(), base.memoryReservations(), base.warnings());
        DeviceTree source = new DeviceTree(ovl, ovlFile, overlay.version(), overlay.lastCompatibleVersion(),
                overlay.bootCpuid(), overlay.memoryReservations(), List.of());

        long delta = target.maxPhandle();
        adjustLocalPhandles(ovl, delta);
        DtNode localFixups = ovl.child("__local_fixups__");
        if (localFixups != null) {
            updateLocalReferences(ovl, localFixups, delta, ovlFile);
        }
        DtNode fixups = ovl.child("__fixups__");
        if (fixups != null) {
            fixupPhandles(target, source, fixups);
        }
        List<DtNode> fragments = new ArrayList<>(ovl.children());
        List<String[]> fragmentTargets = new ArrayList<>();
        for (DtNode fragment : fragments) {
            DtNode content = fragment.child("__overlay__");
            if (content == null) {
                continue;
            }
            DtNode t = targetOf(target, fragment, ovlFile);
            merge(t, content);
            fragmentTargets.add(new String[] { fragment.name(), t.path() });
        }
        DtNode ovlSymbols = ovl.child("__symbols__");
        if (ovlSymbols != null) {
            updateSymbols(result, ovlSymbols, fragmentTargets, ovlFile);
        }
        target.invalidate();
        return target;
    }

    private static void adjustLocalPhandles(DtNode ovl, long delta) throws FormatException {
        if (delta == 0) {
            return;
        }
        for (DtNode n : ovl.subtree()) {
            for (String name : new String[] { "phandle", "linux,phandle" }) {
                DtProperty p = n.property(name);
                if (p != null) {
                    long v = p.u32();
                    if (v != 0 && v != 0xffffffffL) {
                        if (v + delta >= 0xffffffffL) {
                            throw new FormatException("phandle " + v + " of " + n.path() + " overflows when moved above the base's phandles",
                                    p.location(), FIX);
                        }
                        n.setProperty(new DtProperty(name, cellBytes(v + delta), p.fileOffset(), true), false);
                    }
                }
            }
        }
    }

    /** {@code __local_fixups__} mirrors the overlay tree; each property lists offsets of phandle cells. */
    private static void updateLocalReferences(DtNode ovl, DtNode fixupNode, long delta, String file) throws FormatException {
        ArrayList<DtNode[]> work = new ArrayList<>();
        work.add(new DtNode[] { fixupNode, ovl });
        while (!work.isEmpty()) {
            DtNode[] pair = work.remove(work.size() - 1);
            DtNode fix = pair[0];
            DtNode node = pair[1];
            for (DtProperty list : fix.properties()) {
                DtProperty p = node.property(list.name());
                if (p == null) {
                    throw new FormatException("__local_fixups__ names property '" + list.name() + "' which " + node.path()
                            + " does not have", list.location(), FIX);
                }
                byte[] v = p.bytes();
                int n = list.cellCount();
                for (int i = 0; i < n; i++) {
                    long off = list.cell(i);
                    if (off % 4 != 0 || off + 4 > v.length) {
                        throw new FormatException("__local_fixups__ offset " + off + " is outside property '" + p.name() + "' of "
                                + node.path() + " (" + v.length + " bytes) or not 4-byte aligned", list.location(), FIX);
                    }
                    long old = FdtReader.be32u(v, (int) off);
                    writeCell(v, (int) off, old + delta);
                }
                node.setProperty(new DtProperty(p.name(), v, p.fileOffset(), true), false);
            }
            for (DtNode child : fix.children()) {
                DtNode sub = node.child(child.name());
                if (sub == null) {
                    throw new FormatException("__local_fixups__ names node " + child.name() + " which " + node.path()
                            + " does not have", child.location(), FIX);
                }
                work.add(new DtNode[] { child, sub });
            }
        }
    }

    /** {@code label = "path:property:offset", ...} gets the phandle of the base node with that label. */
    private static void fixupPhandles(DeviceTree base, DeviceTree ovl, DtNode fixups) throws FormatException {
        for (DtProperty entry : fixups.properties()) {
            String label = entry.name();
            String path = base.symbols().get(label);
            if (path == null) {
                throw new FormatException("overlay refers to label '" + label + "', which the base's __symbols__ does not have",
                        entry.location(), "compile the base DTS with dtc -@ so that it exports its labels, or fix the label");
            }
            DtNode node = base.node(path);
            if (node == null) {
                throw new FormatException("label '" + label + "' of the base points to " + path + ", which does not exist",
                        entry.location(), FIX);
            }
            long phandle = node.phandle();
            if (phandle == 0) {
                throw new FormatException("base node " + path + " (label '" + label + "') has no phandle to refer to",
                        node.location(), "compile the base DTS with dtc -@, which gives every labelled node a phandle");
            }
            for (String ref : entry.strings()) {
                int c2 = ref.lastIndexOf(':');
                int c1 = c2 <= 0 ? -1 : ref.lastIndexOf(':', c2 - 1);
                if (c1 <= 0) {
                    throw new FormatException("fixup '" + ref + "' of label '" + label + "' is not path:property:offset",
                            entry.location(), FIX);
                }
                String nodePath = ref.substring(0, c1);
                String propName = ref.substring(c1 + 1, c2);
                long offset;
                try {
                    offset = Long.parseLong(ref.substring(c2 + 1));
                } catch (NumberFormatException e) {
                    throw new FormatException("fixup '" + ref + "' has no decimal offset", entry.location(), FIX);
                }
                DtNode n = ovl.node(nodePath);
                DtProperty p = n == null ? null : n.property(propName);
                if (n == null || p == null) {
                    throw new FormatException("fixup '" + ref + "' names a property the overlay does not have", entry.location(), FIX);
                }
                byte[] v = p.bytes();
                if (offset < 0 || offset % 4 != 0 || offset + 4 > v.length) {
                    throw new FormatException("fixup '" + ref + "' offset lies outside property '" + propName + "' ("
                            + v.length + " bytes)", entry.location(), FIX);
                }
                writeCell(v, (int) offset, phandle);
                n.setProperty(new DtProperty(propName, v, p.fileOffset(), true), false);
            }
        }
    }

    private static DtNode targetOf(DeviceTree base, DtNode fragment, String file) throws FormatException {
        DtProperty t = fragment.property("target");
        if (t != null) {
            long ph = t.u32();
            DtNode n = base.nodeByPhandle(ph);
            if (n == null) {
                throw new FormatException(fragment.path() + " targets phandle " + ph + ", which no base node has",
                        t.location(), FIX);
            }
            return n;
        }
        DtProperty tp = fragment.property("target-path");
        if (tp != null) {
            String path = tp.string();
            DtNode n = base.node(path);
            if (n == null) {
                throw new FormatException(fragment.path() + " targets path " + path + ", which the base does not have",
                        tp.location(), "fix target-path or apply the overlay to the base it was written for");
            }
            return n;
        }
        throw new FormatException(fragment.path() + " has an __overlay__ node but neither 'target' nor 'target-path'",
                new Location(file, fragment.fileOffset(), -1, fragment.path(), -1, 0), "add target = <&label> to the fragment");
    }

    /** Merges {@code content} into {@code target} as libfdt's overlay_apply_node does. */
    private static void merge(DtNode target, DtNode content) {
        ArrayList<DtNode[]> work = new ArrayList<>();
        work.add(new DtNode[] { target, content });
        while (!work.isEmpty()) {
            DtNode[] pair = work.remove(work.size() - 1);
            DtNode t = pair[0];
            DtNode c = pair[1];
            for (DtProperty p : c.properties()) {
                t.setProperty(new DtProperty(p.name(), p.rawValue(), p.fileOffset(), true), true);
            }
            for (DtNode child : c.children()) {
                DtNode existing = t.child(child.name());
                if (existing == null) {
                    existing = new DtNode(child.name(), child.source(), child.fileOffset());
                    t.addChild(existing, true);
                }
                // libfdt recurses depth first in file order; the order of siblings is what matters here
                work.add(new DtNode[] { existing, child });
            }
        }
    }

    private static void updateSymbols(DtNode root, DtNode ovlSymbols, List<String[]> fragmentTargets, String file)
            throws FormatException {
        DtNode symbols = root.child("__symbols__");
        if (symbols == null) {
            symbols = new DtNode("__symbols__", file, -1);
            root.addChild(symbols, true);
        }
        for (DtProperty p : ovlSymbols.properties()) {
            String path = p.string();
            // "/fragment@N/__overlay__/rest" -> target path + "/rest"
            if (!path.startsWith("/")) {
                continue;
            }
            int s1 = path.indexOf('/', 1);
            if (s1 < 0) {
                continue;
            }
            String fragment = path.substring(1, s1);
            String rest = path.substring(s1 + 1);
            if (!rest.equals("__overlay__") && !rest.startsWith("__overlay__/")) {
                continue;
            }
            String sub = rest.substring("__overlay__".length());
            String targetPath = null;
            for (String[] ft : fragmentTargets) {
                if (ft[0].equals(fragment)) {
                    targetPath = ft[1];
                }
            }
            if (targetPath == null) {
                throw new FormatException("symbol '" + p.name() + "' points into " + fragment + ", which is not an applied fragment",
                        p.location(), FIX);
            }
            String full = (targetPath.equals("/") ? "" : targetPath) + sub;
            if (full.isEmpty()) {
                full = "/";
            }
            symbols.setProperty(new DtProperty(p.name(), stringBytes(full), p.fileOffset(), true), true);
        }
    }

    static byte[] cellBytes(long v) {
        byte[] b = new byte[4];
        writeCell(b, 0, v);
        return b;
    }

    private static byte[] stringBytes(String s) {
        byte[] raw = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] b = new byte[raw.length + 1];
        System.arraycopy(raw, 0, b, 0, raw.length);
        return b;
    }

    private static void writeCell(byte[] v, int o, long value) {
        v[o] = (byte) (value >>> 24);
        v[o + 1] = (byte) (value >>> 16);
        v[o + 2] = (byte) (value >>> 8);
        v[o + 3] = (byte) value;
    }

}
