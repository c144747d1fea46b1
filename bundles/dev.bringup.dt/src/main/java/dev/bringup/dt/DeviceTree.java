package dev.bringup.dt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.jdt.annotation.Nullable;

import dev.bringup.common.Diagnostic;
import dev.bringup.common.FormatException;
import dev.bringup.common.Location;

/**
 * A devicetree read from a flattened blob: the node tree, the header facts (version, boot CPU,
 * memory reservations), and look-ups by path, phandle, label ({@code __symbols__}) and alias.
 * Create one with {@link #read(byte[], String)} or {@link #read(Path)}; a tree with overlays
 * applied comes from {@link DtOverlay#apply(DeviceTree, DeviceTree)}.
 */
public final class DeviceTree {

    /** One {@code /memreserve/} entry of the blob's memory reservation block. */
    public record MemoryReservation(long address, long size) {
    }

    private final DtNode root;
    private final String source;
    private final int version;
    private final int lastCompatibleVersion;
    private final long bootCpuid;
    private final List<MemoryReservation> reservations;
    private final List<Diagnostic> warnings;
    private @Nullable Map<Long, DtNode> byPhandle;
    private @Nullable Map<String, String> symbols;

    /** For the reader and overlay code. */
    public DeviceTree(DtNode root, String source, int version, int lastCompatibleVersion, long bootCpuid,
            List<MemoryReservation> reservations, List<Diagnostic> warnings) {
        this.root = root;
        this.source = source;
        this.version = version;
        this.lastCompatibleVersion = lastCompatibleVersion;
        this.bootCpuid = bootCpuid;
        this.reservations = List.copyOf(reservations);
        this.warnings = new ArrayList<>(warnings);
    }

    /**
     * Reads a flattened devicetree blob (versions 1 to 17, and later versions that stay
     * compatible with 17).
     *
     * @param data the whole file
     * @param source the file name, used in error locations
     * @throws FormatException naming the offset and what is wrong, for any malformed blob
     */
    public static DeviceTree read(byte[] data, String source) throws FormatException {
        return FdtReader.read(data, source);
    }

    /** Reads a DTB or DTBO file. */
    public static DeviceTree read(Path file) throws FormatException {
        byte[] data;
        try {
            data = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new FormatException("cannot read " + file + ": " + e.getMessage(), Location.at(file.toString(), -1),
                    "check that the file exists and is readable");
        }
        return read(data, file.toString());
    }

    public DtNode root() {
        return root;
    }

    /** The file the tree was read from (for an overlaid tree: the base file). */
    public String source() {
        return source;
    }

    /** The blob's {@code version} field. */
    public int version() {
        return version;
    }

    /** The blob's {@code last_comp_version} field. */
    public int lastCompatibleVersion() {
        return lastCompatibleVersion;
    }

    /** The blob's {@code boot_cpuid_phys} field (0 for version 1 blobs). */
    public long bootCpuid() {
        return bootCpuid;
    }

    /** The memory reservation block, in file order. */
    public List<MemoryReservation> memoryReservations() {
        return reservations;
    }

    /** Findings that do not stop reading (duplicate phandles, ...). */
    public List<Diagnostic> warnings() {
        return Collections.unmodifiableList(warnings);
    }

    /** The node at an absolute path ({@code /soc/iommu@10205000}) or an alias path ({@code serial0/...}), or null. */
    public @Nullable DtNode node(String path) {
        if (path.equals("/")) {
            return root;
        }
        if (!path.startsWith("/")) {
            int slash = path.indexOf('/');
            String alias = slash < 0 ? path : path.substring(0, slash);
            DtNode aliases = root.child("aliases");
            String target = aliases == null ? null : aliases.string(alias);
            if (target == null || !target.startsWith("/")) {
                return null;
            }
            return node(slash < 0 ? target : target + path.substring(slash));
        }
        return root.descendant(path);
    }

    /** The node whose {@code phandle} is {@code phandle}, or null. */
    public @Nullable DtNode nodeByPhandle(long phandle) {
        Map<Long, DtNode> m = byPhandle;
        if (m == null) {
            m = new HashMap<>();
            for (DtNode n : root.subtree()) {
                long ph = n.phandle();
                if (ph != 0 && ph != 0xffffffffL) {
                    DtNode old = m.putIfAbsent(ph, n);
                    if (old != null) {
                        warnings.add(Diagnostic.warning("DT_DUPLICATE_PHANDLE",
                                "phandle " + ph + " of " + n.path() + " is also the phandle of " + old.path()
                                        + "; references resolve to " + old.path(),
                                n.location(), "give each node its own phandle (recompile the DTS with dtc)"));
                    }
                }
            }
            byPhandle = m;
        }
        return m.get(phandle);
    }

    /** The largest phandle in the tree, 0 when there is none. */
    public long maxPhandle() {
        long max = 0;
        for (DtNode n : root.subtree()) {
            long ph = n.phandle();
            if (ph != 0xffffffffL && ph > max) {
                max = ph;
            }
        }
        return max;
    }

    /** Label to path, from {@code /__symbols__} (present when the DTS was compiled with {@code dtc -@}). */
    public Map<String, String> symbols() {
        Map<String, String> s = symbols;
        if (s == null) {
            s = new LinkedHashMap<>();
            DtNode sym = root.child("__symbols__");
            if (sym != null) {
                for (DtProperty p : sym.properties()) {
                    List<String> v = p.stringsOrEmpty();
                    if (v.size() == 1) {
                        s.put(p.name(), v.get(0));
                    }
                }
            }
            symbols = s;
        }
        return Collections.unmodifiableMap(s);
    }

    /** The labels that {@code __symbols__} gives for {@code node}, in file order. */
    public List<String> labelsOf(DtNode node) {
        List<String> r = new ArrayList<>();
        String path = node.path();
        for (Map.Entry<String, String> e : symbols().entrySet()) {
            if (e.getValue().equals(path)) {
                r.add(e.getKey());
            }
        }
        return r;
    }

    /** The node a label names, or null. */
    public @Nullable DtNode nodeByLabel(String label) {
        String path = symbols().get(label);
        return path == null ? null : node(path);
    }

    /** The number of nodes in the tree. */
    public int nodeCount() {
        return root.subtree().size();
    }

    /** Forgets cached look-ups after the tree changed (overlay code). */
    void invalidate() {
        byPhandle = null;
        symbols = null;
    }
}
