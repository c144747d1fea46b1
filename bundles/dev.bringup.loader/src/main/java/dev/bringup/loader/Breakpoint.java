package dev.bringup.loader;

import java.util.Objects;

import dev.bringup.common.Hex;

/**
 * Where a {@link BootSession} stops while it runs. A step breakpoint stops before the named step
 * runs; the others stop after the step in which the event happened (a step is never cut in two).
 */
public sealed interface Breakpoint {

    /** Which address space a {@link OnMap} range is in. */
    enum Space {
        /** Device addresses (IOVAs) of an IOMMU domain. */
        IOVA,
        /** Physical addresses. */
        PA
    }

    /** Stops before the next step called {@code name} ({@code rproc_load_segments}, ...). */
    record AtStep(String name) implements Breakpoint {
        public AtStep {
            Objects.requireNonNull(name);
        }

        @Override
        public String toString() {
            return "before " + name;
        }
    }

    /** Stops after a step that mapped (through any IOMMU) something overlapping the range. */
    record OnMap(Space space, long start, long size) implements Breakpoint {
        public OnMap {
            Objects.requireNonNull(space);
            if (size <= 0) {
                throw new IllegalArgumentException("a map breakpoint needs a size above 0");
            }
        }

        /** Whether a mapping of {@code iova} to {@code pa}, {@code length} bytes, hits it. */
        public boolean hits(long iova, long pa, long length) {
            long at = space == Space.IOVA ? iova : pa;
            return at >= 0 && length > 0 && Long.compareUnsigned(at, start + size - 1) <= 0
                    && Long.compareUnsigned(start, at + length - 1) <= 0;
        }

        @Override
        public String toString() {
            return "map of " + space.name().toLowerCase(java.util.Locale.ROOT) + " [" + Hex.of(start) + ".."
                    + Hex.of(start + size) + ")";
        }
    }

    /** Stops after a step that wrote physical memory overlapping the range (host or remote writes). */
    record OnWrite(long pa, long size) implements Breakpoint {
        public OnWrite {
            if (size <= 0) {
                throw new IllegalArgumentException("a write breakpoint needs a size above 0");
            }
        }

        @Override
        public String toString() {
            return "write of pa [" + Hex.of(pa) + ".." + Hex.of(pa + size) + ")";
        }
    }

    /** Stops after a step in which a device access faulted (IOMMU or bus). */
    record OnFault() implements Breakpoint {
        @Override
        public String toString() {
            return "fault";
        }
    }
}
