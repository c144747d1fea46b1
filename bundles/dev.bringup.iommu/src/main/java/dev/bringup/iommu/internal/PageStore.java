package dev.bringup.iommu.internal;

import org.eclipse.jdt.annotation.Nullable;

/**
 * Sparse page storage for 48-bit physical addresses: a four-level radix tree of 512-way nodes
 * over the page frame number, with 4 KiB pages at the leaves. Only written pages exist; an absent
 * page reads as zero. Persistent: {@link #freeze()} is O(1) and returns an immutable view; later
 * writes copy the nodes and pages they touch (path copying), so a frozen view never changes.
 */
public final class PageStore {

    public static final int PAGE_SHIFT = 12;
    public static final int PAGE_SIZE = 1 << PAGE_SHIFT;
    /** Physical addresses must be below this (48 bits). */
    public static final long LIMIT = 1L << 48;

    private static final int BITS = 9;
    private static final int FAN = 1 << BITS;
    private static final int LEVELS = 4;

    private static final class Node {
        final long epoch;
        final Object[] slots;

        Node(long epoch, Object[] slots) {
            this.epoch = epoch;
            this.slots = slots;
        }
    }

    private static final class Page {
        final long epoch;
        final byte[] data;

        Page(long epoch, byte[] data) {
            this.epoch = epoch;
            this.data = data;
        }
    }

    /** An immutable state of a store. */
    public static final class Frozen {
        final Node root;
        final long pages;

        Frozen(Node root, long pages) {
            this.root = root;
            this.pages = pages;
        }

        /** The page with frame number {@code pfn}, or null when it was never written; do not modify. */
        public byte @Nullable [] page(long pfn) {
            return find(root, pfn);
        }

        public long pages() {
            return pages;
        }
    }

    private Node root;
    private long epoch;
    private long pages;

    public PageStore() {
        root = new Node(0, new Object[FAN]);
    }

    private static byte @Nullable [] find(Node root, long pfn) {
        Node n = root;
        for (int level = LEVELS - 1; level > 0; level--) {
            Object c = n.slots[(int) (pfn >>> (BITS * level)) & (FAN - 1)];
            if (c == null) {
                return null;
            }
            n = (Node) c;
        }
        Object p = n.slots[(int) pfn & (FAN - 1)];
        return p == null ? null : ((Page) p).data;
    }

    /** The page {@code pfn} for reading, or null when it reads as zero; do not modify it. */
    public byte @Nullable [] pageForRead(long pfn) {
        return find(root, pfn);
    }

    private Node own(Node n) {
        return n.epoch == epoch ? n : new Node(epoch, n.slots.clone());
    }

    /** The leaf node that holds {@code pfn}, copied into the current epoch along the path. */
    private Node leafNode(long pfn) {
        root = own(root);
        Node n = root;
        for (int level = LEVELS - 1; level > 0; level--) {
            int idx = (int) (pfn >>> (BITS * level)) & (FAN - 1);
            Node c = (Node) n.slots[idx];
            if (c == null) {
                c = new Node(epoch, new Object[FAN]);
            } else {
                c = own(c);
            }
            n.slots[idx] = c;
            n = c;
        }
        return n;
    }

    /** The page {@code pfn} for writing, created (zeroed) or copied when needed. */
    public byte[] pageForWrite(long pfn) {
        Node n = leafNode(pfn);
        int idx = (int) pfn & (FAN - 1);
        Page p = (Page) n.slots[idx];
        if (p == null) {
            p = new Page(epoch, new byte[PAGE_SIZE]);
            n.slots[idx] = p;
            pages++;
        } else if (p.epoch != epoch) {
            p = new Page(epoch, p.data.clone());
            n.slots[idx] = p;
        }
        return p.data;
    }

    /** Forgets page {@code pfn}: it reads as zero again and takes no storage. */
    public void drop(long pfn) {
        if (find(root, pfn) == null) {
            return;
        }
        leafNode(pfn).slots[(int) pfn & (FAN - 1)] = null;
        pages--;
    }

    /** Pages that hold data. */
    public long pages() {
        return pages;
    }

    /** The current state, immutable; O(1). */
    public Frozen freeze() {
        Frozen f = new Frozen(root, pages);
        epoch++;
        return f;
    }

    /** Returns to a frozen state; O(1). */
    public void restore(Frozen frozen) {
        root = frozen.root;
        pages = frozen.pages;
        epoch++;
    }
}
