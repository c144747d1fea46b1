package dev.bringup.dt;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.jdt.annotation.Nullable;

import dev.bringup.common.FormatException;
import dev.bringup.common.Location;

/**
 * One devicetree node: its name ({@code name@unit-address}), its properties in file order, its
 * children in file order, and where it came from. Read-only for users of the API; only the
 * reader and the overlay code in this package change a tree.
 */
public final class DtNode {

    private final String name;
    private @Nullable DtNode parent;
    private final List<DtProperty> properties = new ArrayList<>();
    private final List<DtNode> children = new ArrayList<>();
    private final Map<String, DtNode> childByName = new LinkedHashMap<>();
    private final long fileOffset;
    private final @Nullable String source;
    private @Nullable String path;

    /** A detached node; {@code source} names the file it came from and {@code fileOffset} its FDT_BEGIN_NODE. */
    public DtNode(String name, @Nullable String source, long fileOffset) {
        this.name = name;
        this.source = source;
        this.fileOffset = fileOffset;
    }

    /** The full node name, {@code name@unit-address}; the empty string for the root. */
    public String name() {
        return name;
    }

    /** The name without the unit address. */
    public String baseName() {
        int at = name.indexOf('@');
        return at < 0 ? name : name.substring(0, at);
    }

    /** The unit address after {@code @}, or null when the name has none. */
    public @Nullable String unitAddress() {
        int at = name.indexOf('@');
        return at < 0 ? null : name.substring(at + 1);
    }

    /** The absolute path, {@code /} for the root. */
    public String path() {
        String p = path;
        if (p == null) {
            DtNode up = parent;
            p = up == null ? "/" : up.parent == null ? "/" + name : up.path() + "/" + name;
            path = p;
        }
        return p;
    }

    public @Nullable DtNode parent() {
        return parent;
    }

    /** The file this node was read from, or null. */
    public @Nullable String source() {
        return source;
    }

    /** Offset of this node's FDT_BEGIN_NODE token in {@link #source()}, or -1. */
    public long fileOffset() {
        return fileOffset;
    }

    /** Where this node is, for diagnostics. */
    public Location location() {
        return new Location(source, fileOffset, -1, path(), -1, 0);
    }

    /** The properties in file order. */
    public List<DtProperty> properties() {
        return Collections.unmodifiableList(properties);
    }

    /** The children in file order. */
    public List<DtNode> children() {
        return Collections.unmodifiableList(children);
    }

    /** The child with the full name {@code childName}, or null. */
    public @Nullable DtNode child(String childName) {
        return childByName.get(childName);
    }

    /** The property named {@code propertyName}, or null. */
    public @Nullable DtProperty property(String propertyName) {
        for (DtProperty p : properties) {
            if (p.name().equals(propertyName)) {
                return p;
            }
        }
        return null;
    }

    public boolean has(String propertyName) {
        return property(propertyName) != null;
    }

    /** The property, or a {@link FormatException} naming the node and what is missing. */
    public DtProperty require(String propertyName) throws FormatException {
        DtProperty p = property(propertyName);
        if (p == null) {
            throw new FormatException(path() + " has no '" + propertyName + "' property", location(),
                    "add the '" + propertyName + "' property to the node");
        }
        return p;
    }

    /** The {@code compatible} strings, empty when there are none. */
    public List<String> compatible() {
        DtProperty p = property("compatible");
        return p == null ? List.of() : p.stringsOrEmpty();
    }

    /** True when one of the {@code compatible} strings equals {@code value}. */
    public boolean isCompatible(String value) {
        return compatible().contains(value);
    }

    /** The value of {@code phandle} (or the older {@code linux,phandle}), 0 when the node has none. */
    public long phandle() {
        DtProperty p = property("phandle");
        if (p == null) {
            p = property("linux,phandle");
        }
        return p == null || p.length() != 4 ? 0 : p.cell(0);
    }

    /** A string property's value, or null when absent or not a single string. */
    public @Nullable String string(String propertyName) {
        DtProperty p = property(propertyName);
        if (p == null) {
            return null;
        }
        List<String> s = p.stringsOrEmpty();
        return s.isEmpty() ? null : s.get(0);
    }

    /** The {@code status} is absent, "okay" or "ok". */
    public boolean isEnabled() {
        String s = string("status");
        return s == null || s.equals("okay") || s.equals("ok");
    }

    /** The descendant at {@code relativePath} ({@code a/b@1}), or null. */
    public @Nullable DtNode descendant(String relativePath) {
        DtNode n = this;
        for (String part : relativePath.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            n = n.child(part);
            if (n == null) {
                return null;
            }
        }
        return n;
    }

    /** This node and all its descendants, depth first, in file order. */
    public List<DtNode> subtree() {
        List<DtNode> out = new ArrayList<>();
        ArrayList<DtNode> stack = new ArrayList<>();
        stack.add(this);
        while (!stack.isEmpty()) {
            DtNode n = stack.remove(stack.size() - 1);
            out.add(n);
            for (int i = n.children.size() - 1; i >= 0; i--) {
                stack.add(n.children.get(i));
            }
        }
        return out;
    }

    // ---- changes, for the reader and the overlay code of this package ----

    /** Appends {@code child}; false when a child of that name exists already. */
    boolean addChild(DtNode child, boolean first) {
        if (childByName.containsKey(child.name)) {
            return false;
        }
        child.parent = this;
        child.path = null;
        childByName.put(child.name, child);
        if (first) {
            children.add(0, child);
        } else {
            children.add(child);
        }
        return true;
    }

    /** Adds or replaces a property: a new one goes first ({@code first}) or last, a replaced one keeps its place. */
    void setProperty(DtProperty property, boolean first) {
        property.setOwner(this);
        for (int i = 0; i < properties.size(); i++) {
            if (properties.get(i).name().equals(property.name())) {
                properties.set(i, property);
                return;
            }
        }
        if (first) {
            properties.add(0, property);
        } else {
            properties.add(property);
        }
    }

    /** Appends a property even when one of that name exists (the reader keeps what the file holds). */
    void appendProperty(DtProperty property) {
        property.setOwner(this);
        properties.add(property);
    }

    /** A deep copy of this subtree, detached. */
    DtNode copy() {
        DtNode c = new DtNode(name, source, fileOffset);
        for (DtProperty p : properties) {
            c.appendProperty(new DtProperty(p.name(), p.rawValue(), p.fileOffset(), true));
        }
        for (DtNode child : children) {
            c.addChild(child.copy(), false);
        }
        return c;
    }

    @Override
    public String toString() {
        return path();
    }
}
