package dev.bringup.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

import org.eclipse.jdt.annotation.Nullable;

import dev.bringup.iommu.IoPageTable;
import dev.bringup.iommu.IommuDomain;
import dev.bringup.iommu.Walk;

/**
 * What the IOVA map view shows: a label, the mappings (runs of leaves that are contiguous in
 * IOVA and PA with the same permissions) and a page-table walk for any IOVA. Made from a live
 * {@link IommuDomain} ({@link #of(IommuDomain)}), or from a list of mappings and a walk function
 * (a snapshot at a boot step, which the boot debugger keeps).
 */
public interface IovaMapInput {

    /** One mapping run. {@code pageSizes} is the OR of the leaf sizes used; {@code perms} are IommuProt bits. */
    record Mapping(long iova, long pa, long size, long pageSizes, int perms) {
        public long iovaEnd() {
            return iova + size;
        }
    }

    String label();

    List<Mapping> mappings();

    /** The walk of {@code iova}, or null when the input has no page table to walk. */
    @Nullable
    Walk walk(long iova);

    /** A fixed input (e.g. a snapshot at a boot step). */
    static IovaMapInput of(String label, List<Mapping> mappings, @Nullable LongFunction<Walk> walker) {
        List<Mapping> copy = List.copyOf(mappings);
        return new IovaMapInput() {
            @Override
            public String label() {
                return label;
            }

            @Override
            public List<Mapping> mappings() {
                return copy;
            }

            @Override
            public @Nullable Walk walk(long iova) {
                return walker == null ? null : walker.apply(iova);
            }
        };
    }

    /** A live domain: its page table is read each time (mappings merged into runs). */
    static IovaMapInput of(IommuDomain domain) {
        return new IovaMapInput() {
            @Override
            public String label() {
                return domain.label();
            }

            @Override
            public List<Mapping> mappings() {
                IoPageTable t = domain.pageTable();
                return t == null ? List.of() : runs(t, domain.apertureStart(), domain.apertureEnd());
            }

            @Override
            public @Nullable Walk walk(long iova) {
                IoPageTable t = domain.pageTable();
                return t == null ? null : t.walk(iova);
            }
        };
    }

    /** The leaves of {@code table} in {@code [from, to]} merged into runs. */
    static List<Mapping> runs(IoPageTable table, long from, long to) {
        List<Mapping> out = new ArrayList<>();
        long end = to == -1L ? -1L : to + 1;
        table.forEachMapping(from, end, (iova, pa, size, perms, kind) -> {
            int last = out.size() - 1;
            Mapping prev = last < 0 ? null : out.get(last);
            if (prev != null && prev.iovaEnd() == iova && prev.pa() + prev.size() == pa && prev.perms() == perms) {
                out.set(last, new Mapping(prev.iova(), prev.pa(), prev.size() + size, prev.pageSizes() | size, perms));
            } else {
                out.add(new Mapping(iova, pa, size, size, perms));
            }
        });
        return out;
    }
}
