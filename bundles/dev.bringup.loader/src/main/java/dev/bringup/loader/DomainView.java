package dev.bringup.loader;

import java.util.ArrayList;
import java.util.List;

import dev.bringup.common.Hex;
import dev.bringup.iommu.IommuDomain;
import dev.bringup.iommu.IommuGroup;
import dev.bringup.iommu.IommuProt;
import dev.bringup.iommu.IoPageTable;
import dev.bringup.iommu.Master;

/**
 * An IOMMU domain as a boot leaves it: its type, who owns it, which devices use it, and its
 * mappings (adjacent page-table leaves with contiguous addresses and the same rights merged).
 *
 * @param label {@code domain 3 (UNMANAGED, 10205000.iommu)}
 * @param type {@code UNMANAGED}, {@code DMA}, {@code IDENTITY} or {@code BLOCKED}
 * @param owner {@code host}, {@code hypervisor} or {@code secure-world}
 * @param purpose why it exists ({@code default domain of iommu group 0}, {@code allocated for ...})
 * @param devices the devices of the groups attached to it
 * @param mappings its mappings, by IOVA
 */
public record DomainView(String label, String type, String owner, String purpose, List<String> devices,
        List<Mapping> mappings) {

    /**
     * One mapping.
     *
     * @param iova first device address
     * @param pa physical address it maps to
     * @param size bytes
     * @param prot {@code RW}, {@code R} or {@code W}
     * @param pageSizes the OR of the sizes of the page-table leaves that make up the run
     * @param perms the {@link IommuProt} bits of {@code prot}
     */
    public record Mapping(long iova, long pa, long size, String prot, long pageSizes, int perms) {

        /** A run whose leaf sizes are not known (for comparisons). */
        public Mapping(long iova, long pa, long size, String prot) {
            this(iova, pa, size, prot, 0, 0);
        }

        /** Whether {@code o} maps the same IOVAs to the same PAs with the same rights (leaf sizes aside). */
        public boolean sameAs(Mapping o) {
            return iova == o.iova && pa == o.pa && size == o.size && prot.equals(o.prot);
        }

        @Override
        public String toString() {
            return Hex.of(iova) + " -> " + Hex.of(pa) + " + " + Hex.of(size) + " " + prot;
        }
    }

    public DomainView {
        devices = List.copyOf(devices);
        mappings = List.copyOf(mappings);
    }

    /** A view of {@code d} now. */
    public static DomainView of(IommuDomain d) {
        List<String> devs = new ArrayList<>();
        for (IommuGroup g : d.attachedGroups()) {
            for (Master m : g.devices()) {
                devs.add(m.name());
            }
        }
        List<Mapping> maps = new ArrayList<>();
        IoPageTable t = d.pageTable();
        if (t != null && d.type().isPaging()) {
            long[] run = { -1, 0, 0, 0, 0 };
            t.forEachMapping(0, -1L >>> 1, (iova, pa, size, perms, kind) -> {
                if (run[0] >= 0 && run[0] + run[2] == iova && run[1] + run[2] == pa && run[3] == perms) {
                    run[2] += size;
                    run[4] |= size;
                    return;
                }
                if (run[0] >= 0) {
                    maps.add(mapping(run));
                }
                run[0] = iova;
                run[1] = pa;
                run[2] = size;
                run[3] = perms;
                run[4] = size;
            });
            if (run[0] >= 0) {
                maps.add(mapping(run));
            }
        }
        return new DomainView(d.label(), d.type().name(), d.owner().name().toLowerCase(java.util.Locale.ROOT)
                .replace('_', '-'), d.purpose(), devs, maps);
    }

    private static Mapping mapping(long[] run) {
        return new Mapping(run[0], run[1], run[2], IommuProt.describe((int) run[3]), run[4], (int) run[3]);
    }

    /** Whether some mapping covers device address {@code iova}. */
    public boolean maps(long iova) {
        return mappings.stream().anyMatch(m -> Long.compareUnsigned(iova - m.iova(), m.size()) < 0);
    }
}
