package dev.bringup.iommu;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

import org.eclipse.jdt.annotation.Nullable;

import dev.bringup.common.Hex;
import dev.bringup.common.Location;
import dev.bringup.iommu.internal.PageStore;

/**
 * The SoC's physical address space: its regions (DRAM, SRAM, MMIO) and their contents. Sparse:
 * only pages that were written take storage, everything else reads as zero, so a 4 GiB DRAM
 * costs nothing until a firmware is loaded into it. {@link #snapshot()} is O(1) (pages are
 * copied on the next write), cheap enough to take at every boot step.
 * <p>
 * Every access must fall inside the regions (adjacent regions may be crossed); anything else is
 * refused with {@link Errno#EFAULT}, as a bus would answer with a decode error.
 */
public final class PhysicalMemory {

    private static final int PAGE = PageStore.PAGE_SIZE;

    /** Collects the regions of a {@link PhysicalMemory}. */
    public static final class Builder {
        private final List<MemoryRegion> regions = new ArrayList<>();

        private Builder() {
        }

        /** Adds a region; see {@link MemoryRegion}. */
        public Builder region(String name, long base, long size, MemoryRegion.Kind kind) {
            return region(new MemoryRegion(name, base, size, kind));
        }

        public Builder region(MemoryRegion region) {
            regions.add(Objects.requireNonNull(region));
            return this;
        }

        /** @throws IllegalArgumentException when two regions overlap */
        public PhysicalMemory build() {
            return new PhysicalMemory(regions);
        }
    }

    /** An immutable copy of the contents at one moment. */
    public static final class Snapshot {
        private final PageStore.Frozen frozen;
        private final PhysicalMemory owner;

        private Snapshot(PageStore.Frozen frozen, PhysicalMemory owner) {
            this.frozen = frozen;
            this.owner = owner;
        }

        /** Reads {@code len} bytes at {@code pa} as they were when the snapshot was taken. */
        public void read(long pa, byte[] dst, int off, int len) throws IommuException {
            owner.check(pa, len, "read");
            owner.copyOut(frozen, pa, dst, off, len);
        }

        /** Pages that held data at the time. */
        public long populatedPages() {
            return frozen.pages();
        }
    }

    private final List<MemoryRegion> regions;
    private final PageStore store = new PageStore();

    private PhysicalMemory(List<MemoryRegion> regions) {
        List<MemoryRegion> sorted = new ArrayList<>(regions);
        sorted.sort(Comparator.comparingLong(MemoryRegion::base));
        for (int i = 1; i < sorted.size(); i++) {
            MemoryRegion a = sorted.get(i - 1);
            MemoryRegion b = sorted.get(i);
            if (b.base() < a.end()) {
                throw new IllegalArgumentException("memory regions overlap: " + a + " and " + b);
            }
        }
        this.regions = List.copyOf(sorted);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The regions, by address. */
    public List<MemoryRegion> regions() {
        return regions;
    }

    /** The region that holds {@code pa}, or null. */
    public @Nullable MemoryRegion regionAt(long pa) {
        for (MemoryRegion r : regions) {
            if (r.contains(pa)) {
                return r;
            }
        }
        return null;
    }

    /** Whether regions back every byte of {@code [pa, pa + len)}. */
    public boolean isBacked(long pa, long len) {
        if (len < 0 || pa < 0 || pa + len < pa) {
            return false;
        }
        long at = pa;
        long end = pa + len;
        while (at < end) {
            MemoryRegion r = regionAt(at);
            if (r == null) {
                return false;
            }
            at = r.end();
        }
        return true;
    }

    private void check(long pa, long len, String what) throws IommuException {
        if (isBacked(pa, len)) {
            return;
        }
        long at = pa;
        while (at < pa + len && regionAt(at) != null) {
            at = Objects.requireNonNull(regionAt(at)).end();
        }
        throw new IommuException(Errno.EFAULT,
                what + " of " + Hex.of(len) + " bytes at pa " + Hex.of(pa) + ": physical address " + Hex.of(at)
                        + " is not backed by any region of the SoC (" + describeRegions() + ")",
                Location.range(pa, len),
                "use an address inside a DRAM, SRAM or MMIO region, or add the missing region to the SoC description");
    }

    private String describeRegions() {
        StringBuilder b = new StringBuilder();
        for (MemoryRegion r : regions) {
            b.append(b.isEmpty() ? "" : ", ").append(r);
        }
        return b.isEmpty() ? "no regions" : b.toString();
    }

    /** Reads {@code len} bytes at {@code pa} into {@code dst}. */
    public void read(long pa, byte[] dst, int off, int len) throws IommuException {
        Objects.checkFromIndexSize(off, len, dst.length);
        check(pa, len, "read");
        copyOut(null, pa, dst, off, len);
    }

    /** Reads {@code len} bytes at {@code pa}. */
    public byte[] read(long pa, int len) throws IommuException {
        byte[] out = new byte[len];
        read(pa, out, 0, len);
        return out;
    }

    private void copyOut(PageStore.@Nullable Frozen from, long pa, byte[] dst, int off, int len) {
        long at = pa;
        int done = 0;
        while (done < len) {
            int inPage = (int) (at & (PAGE - 1));
            int n = Math.min(len - done, PAGE - inPage);
            long pfn = at >>> PageStore.PAGE_SHIFT;
            byte[] page = from == null ? store.pageForRead(pfn) : from.page(pfn);
            if (page == null) {
                java.util.Arrays.fill(dst, off + done, off + done + n, (byte) 0);
            } else {
                System.arraycopy(page, inPage, dst, off + done, n);
            }
            done += n;
            at += n;
        }
    }

    /** Writes {@code len} bytes of {@code src} at {@code pa}. */
    public void write(long pa, byte[] src, int off, int len) throws IommuException {
        Objects.checkFromIndexSize(off, len, src.length);
        check(pa, len, "write");
        long at = pa;
        int done = 0;
        while (done < len) {
            int inPage = (int) (at & (PAGE - 1));
            int n = Math.min(len - done, PAGE - inPage);
            System.arraycopy(src, off + done, store.pageForWrite(at >>> PageStore.PAGE_SHIFT), inPage, n);
            done += n;
            at += n;
        }
    }

    /** Writes all of {@code src} at {@code pa}. */
    public void write(long pa, byte[] src) throws IommuException {
        write(pa, src, 0, src.length);
    }

    /**
     * Sets {@code len} bytes at {@code pa} to {@code value}. Filling whole pages with zero frees
     * their storage, so zeroing a large carveout stays cheap.
     */
    public void fill(long pa, long len, byte value) throws IommuException {
        check(pa, len, "fill");
        long at = pa;
        long end = pa + len;
        while (at < end) {
            int inPage = (int) (at & (PAGE - 1));
            int n = (int) Math.min(end - at, PAGE - inPage);
            long pfn = at >>> PageStore.PAGE_SHIFT;
            if (value == 0 && n == PAGE) {
                store.drop(pfn);
            } else if (value != 0 || store.pageForRead(pfn) != null) {
                java.util.Arrays.fill(store.pageForWrite(pfn), inPage, inPage + n, value);
            }
            at += n;
        }
    }

    /** Copies {@code len} bytes from {@code srcPa} to {@code dstPa}; overlapping ranges behave like {@code memmove}. */
    public void copy(long srcPa, long dstPa, long len) throws IommuException {
        check(srcPa, len, "copy from");
        check(dstPa, len, "copy to");
        if (len == 0 || srcPa == dstPa) {
            return;
        }
        byte[] buf = new byte[PAGE];
        boolean backwards = dstPa > srcPa && dstPa < srcPa + len;
        long done = 0;
        while (done < len) {
            int n = (int) Math.min(PAGE, len - done);
            long off = backwards ? len - done - n : done;
            long s = srcPa + off;
            long d = dstPa + off;
            boolean zeroSource = n == PAGE && (s & (PAGE - 1)) == 0 && store.pageForRead(s >>> PageStore.PAGE_SHIFT) == null;
            if (zeroSource && (d & (PAGE - 1)) == 0) {
                store.drop(d >>> PageStore.PAGE_SHIFT);
            } else {
                copyOut(null, s, buf, 0, n);
                write(d, buf, 0, n);
            }
            done += n;
        }
    }

    /** Pages that hold data (4 KiB each). */
    public long populatedPages() {
        return store.pages();
    }

    /** The contents now, immutable; O(1). */
    public Snapshot snapshot() {
        return new Snapshot(store.freeze(), this);
    }

    /** Returns the contents to {@code snapshot} (taken from this memory); O(1). */
    public void restore(Snapshot snapshot) {
        if (snapshot.owner != this) {
            throw new IllegalArgumentException("snapshot belongs to another physical memory");
        }
        store.restore(snapshot.frozen);
    }
}
