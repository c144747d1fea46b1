package dev.bringup.ui.internal.layout;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.jdt.annotation.Nullable;

import dev.bringup.common.FormatException;
import dev.bringup.common.Hex;
import dev.bringup.firmware.ElfFile;
import dev.bringup.firmware.ElfProgramHeader;
import dev.bringup.firmware.ElfSection;
import dev.bringup.firmware.ElfSymbol;
import dev.bringup.firmware.ResourceEntry;
import dev.bringup.firmware.ResourceEntry.Legacy;
import dev.bringup.firmware.ResourceEntry.MemoryEntry;
import dev.bringup.firmware.ResourceEntry.Trace;
import dev.bringup.firmware.ResourceEntry.Vdev;
import dev.bringup.firmware.ResourceEntry.Vring;
import dev.bringup.firmware.ResourceTable;
import dev.bringup.model.AddressRange;
import dev.bringup.model.AddressWindow;
import dev.bringup.model.IommuReference;
import dev.bringup.model.IovaRegion;
import dev.bringup.model.Master;
import dev.bringup.model.MemoryRegion;
import dev.bringup.model.ReservedMemory;
import dev.bringup.model.Soc;

/**
 * Builds the blocks of the layout from a firmware image (its ELF and its current resource table)
 * and, when known, the remote processor that runs it: the processor's address view
 * ({@code dma-ranges}, {@link Master#daOf}) gives each da its pa; behind an IOMMU a carveout
 * without a fixed pa is left unmapped with a note, as its pa is only chosen at boot.
 */
public final class FirmwareBlocks {

    private FirmwareBlocks() {
    }

    /** The blocks of {@code elf} and {@code table} as seen by {@code processor} (null: not known). */
    public static List<Block> of(ElfFile elf, @Nullable ResourceTable table, @Nullable Master processor) {
        List<Block> out = new ArrayList<>();
        Mapper map = new Mapper(processor);
        for (ElfProgramHeader p : elf.programHeaders()) {
            if (p.isLoad()) { // one of p_memsz 0 too: drawn as a line at its address, never left out
                out.add(map.block(Block.Kind.SEGMENT, "LOAD[" + p.index() + "] " + p.flagLetters(), p.p_paddr(), p.p_memsz(),
                        -1, -1, null));
            }
        }
        for (ElfSection s : elf.sections()) {
            if (s.isAlloc()) { // an empty one too (an empty output section still has an address)
                out.add(new Block(Block.Lane.DA, Block.Kind.SECTION, s.name(), s.sh_addr(), s.sh_size(), -1, -1, null, ""));
            }
        }
        try {
            for (ElfSymbol sym : elf.symbols()) {
                // symbols of no size are labels (linker-script markers, hand-written assembly): not drawn
                if ((sym.type() == ElfSymbol.STT_FUNC || sym.type() == ElfSymbol.STT_OBJECT) && sym.st_size() > 0
                        && !sym.name().isEmpty()) {
                    long addr = sym.type() == ElfSymbol.STT_FUNC ? sym.st_value() & ~1L : sym.st_value();
                    out.add(new Block(Block.Lane.DA, Block.Kind.SYMBOL, sym.name(), addr, sym.st_size(), -1, -1, null, ""));
                }
            }
        } catch (FormatException e) {
            // the symbol table is unreadable: the firmware's diagnostics say so; draw what can be drawn
        }
        if (table != null) {
            List<ResourceEntry> entries = table.entries();
            for (int i = 0; i < entries.size(); i++) {
                addEntry(out, map, entries.get(i), i);
            }
        }
        // entries at da = FW_RSC_ADDR_ANY stay: AddressLayout keeps them apart, as allocated at boot
        return out;
    }

    private static void addEntry(List<Block> out, Mapper map, ResourceEntry e, int i) {
        if (e instanceof MemoryEntry m) {
            Block.Kind kind = m.type() == ResourceEntry.RSC_CARVEOUT ? Block.Kind.CARVEOUT : Block.Kind.DEVMEM;
            // a carveout's pa of 0 or FW_RSC_ADDR_ANY means the host allocates it; a devmem's pa is the device's
            boolean hostChooses = m.pa() == ResourceEntry.FW_RSC_ADDR_ANY || kind == Block.Kind.CARVEOUT && m.pa() == 0;
            out.add(map.block(kind, m.name().cString(), m.da(), m.len(), i, -1, hostChooses ? null : m.pa()));
        } else if (e instanceof Trace t) {
            out.add(map.block(Block.Kind.TRACE, t.name().cString(), t.da(), t.len(), i, -1, null));
        } else if (e instanceof Vdev v) {
            for (int r = 0; r < v.vrings().size(); r++) {
                Vring ring = v.vrings().get(r);
                long pa = ring.pa();
                out.add(map.block(Block.Kind.VRING, "vdev" + v.id() + " vring" + r, ring.da(),
                        vringSize(ring.num(), ring.align()), i, r, pa == 0 || pa == ResourceEntry.FW_RSC_ADDR_ANY ? null : pa));
            }
        } else if (e instanceof Legacy l) {
            Block.Kind kind = switch (l.kind()) {
                case "carveout" -> Block.Kind.CARVEOUT;
                case "devmem" -> Block.Kind.DEVMEM;
                case "trace" -> Block.Kind.TRACE;
                case "vring" -> Block.Kind.VRING;
                default -> null;
            };
            if (kind != null) {
                out.add(map.block(kind, l.name().cString(), l.da(), l.len(), i, -1, l.pa() == 0 ? null : l.pa()));
            }
        }
    }

    /** The blocks of the SoC's physical memory: memory nodes, static reserved memory, and the processor's IOMMU windows. */
    public static List<Block> of(Soc soc, @Nullable Master processor) {
        List<Block> out = new ArrayList<>();
        for (MemoryRegion m : soc.getMemory()) {
            for (AddressRange r : m.getReg()) {
                out.add(new Block(Block.Lane.PA, Block.Kind.MEMORY, m.getName(), r.getAddress(), r.getSize(), -1, -1, null,
                        m.getPath()));
            }
        }
        for (ReservedMemory rm : soc.getReservedMemory()) {
            for (AddressRange r : rm.getReg()) {
                out.add(new Block(Block.Lane.PA, Block.Kind.RESERVED, rm.getName(), r.getAddress(), r.getSize(), -1, -1, null,
                        rm.getPath() + (rm.isNoMap() ? ", no-map" : "") + (rm.isReusable() ? ", reusable" : ""))); //$NON-NLS-1$ //$NON-NLS-2$
            }
        }
        if (processor != null) {
            for (IommuReference ref : processor.getIommus()) {
                if (ref.getIommu() == null) {
                    continue;
                }
                for (IovaRegion w : ref.getIommu().getIovaRegions()) {
                    out.add(new Block(Block.Lane.DA, Block.Kind.IOMMU_WINDOW, w.getName(), w.getIova(), w.getSize(), -1, -1,
                            null, LayoutText.get("Layout_noteBank", ref.getIommu().getName(), w.getBank()))); //$NON-NLS-1$
                }
            }
        }
        return out;
    }

    /** Linux {@code vring_size(num, align)}: descriptors, avail ring (aligned), used ring. */
    public static long vringSize(long num, long align) {
        if (num <= 0 || align <= 0 || num > 0x8000) {
            return 0;
        }
        long head = 16 * num + 2 * (3 + num);
        long aligned = (head + align - 1) / align * align;
        return aligned + 2 * 3 + 8 * num;
    }

    /** da to pa through the processor's address view. */
    private static final class Mapper {
        private final @Nullable Master processor;

        Mapper(@Nullable Master processor) {
            this.processor = processor;
        }

        Block block(Block.Kind kind, String name, long da, long size, int entry, int vring, @Nullable Long fixedPa) {
            Master m = processor;
            boolean anyDa = entry >= 0 && da == ResourceEntry.FW_RSC_ADDR_ANY;
            if (anyDa) {
                return new Block(Block.Lane.DA, kind, name, da, size, entry, vring, fixedPa,
                        LayoutText.get("Layout_noteAllocated", Hex.of(size))); //$NON-NLS-1$
            }
            if (fixedPa != null) {
                return new Block(Block.Lane.DA, kind, name, da, size, entry, vring, fixedPa, "");
            }
            if (m == null) {
                return new Block(Block.Lane.DA, kind, name, da, size, entry, vring, null,
                        LayoutText.get("Layout_noteNoProcessor")); //$NON-NLS-1$
            }
            if (m.isBehindIommu() && (kind == Block.Kind.CARVEOUT || kind == Block.Kind.VRING || kind == Block.Kind.TRACE)) {
                return new Block(Block.Lane.DA, kind, name, da, size, entry, vring, null,
                        LayoutText.get("Layout_noteBehindIommu", m.getName(), Hex.of(da))); //$NON-NLS-1$
            }
            Long pa = paOf(m, da);
            return new Block(Block.Lane.DA, kind, name, da, size, entry, vring, pa,
                    pa == null ? LayoutText.get("Layout_noteNoWindow", m.getName(), Hex.of(da)) : ""); //$NON-NLS-1$
        }
    }

    /** The pa the processor reaches at {@code da}: inverse of {@link Master#daOf}; identity when it has no address view. */
    public static @Nullable Long paOf(Master m, long da) {
        if (m.getAddressView().isEmpty()) {
            return da;
        }
        for (AddressWindow w : m.getAddressView()) {
            if (Long.compareUnsigned(da, w.getDa()) >= 0 && Long.compareUnsigned(da - w.getDa(), w.getSize()) < 0) {
                return w.getPa() + (da - w.getDa());
            }
        }
        return null;
    }
}
