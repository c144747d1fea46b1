package dev.bringup.loader.internal;

import java.util.List;
import java.util.Map;

import org.eclipse.jdt.annotation.Nullable;

import dev.bringup.common.Hex;
import dev.bringup.firmware.ElfFile;
import dev.bringup.firmware.ElfProgramHeader;
import dev.bringup.iommu.AddressRange;
import dev.bringup.iommu.IommuDomain;
import dev.bringup.iommu.IommuException;
import dev.bringup.iommu.TranslationOwner;
import dev.bringup.loader.CrashType;
import dev.bringup.loader.LogLine;
import dev.bringup.loader.SocSimulation;
import dev.bringup.model.BootStrategy;
import dev.bringup.model.DevMem;
import dev.bringup.model.RemoteProcessor;
import dev.bringup.model.ReservedMemory;

/**
 * {@code drivers/remoteproc/qcom_q6v5_pas.c}: a Hexagon DSP started by the secure world
 * (Peripheral Authentication Service). The image goes into the {@code memory-region} carveout by
 * {@code qcom_mdt_load} (segments of a split {@code .mdt} from their {@code .bNN} files), the
 * secure world authenticates what is in memory and releases the DSP from reset.
 * <ul>
 * <li>Under Qualcomm's hypervisor (no {@code iommus} in the devicetree): the host programs no
 * IOMMU; the hypervisor maps the carveout 1:1 for the DSP during {@code auth_and_reset}. The
 * stream IDs it uses are those {@code lemans-el2.dtso} gives a KVM host.</li>
 * <li>On a KVM host ({@code iommus} present, or the strategies that force it): the core
 * allocates and attaches a domain; the driver maps the carveout 1:1 and creates an SHM bridge
 * before {@code auth_and_reset}; the resource table comes from the secure world
 * ({@code qcom_scm_pas_get_rsc_table}). The rejected {@code qcom,devmem} proposal (seed 003) maps
 * the devicetree's device memory instead and keeps the ELF's table.</li>
 * </ul>
 */
final class QcomPasDriver extends DtDriver {

    /** The stream IDs lemans-el2.dtso gives the SA8775P DSPs; the hypervisor uses them without telling the host. */
    private static final Map<String, Integer> HYPERVISOR_SIDS = Map.of("qcom,sa8775p-adsp-pas", 0x3000,
            "qcom,sa8775p-cdsp0-pas", 0x21c0, "qcom,sa8775p-cdsp1-pas", 0x29c0, "qcom,sa8775p-gpdsp0-pas", 0x38a0,
            "qcom,sa8775p-gpdsp1-pas", 0x38c0);

    private long memPhys = -1;
    private long memSize;
    private boolean mapped;
    /** {@code mem_reloc}: the lowest p_paddr of the loaded image (the carveout's start before a load). */
    private long memReloc = -1;

    QcomPasDriver(RemoteProcessor node, BootStrategy strategy) {
        super(node, strategy);
    }

    @Override
    SocSimulation.Setup setup(@Nullable AddressRange firmwareWindow) {
        int sid = -1;
        for (String c : node.getCompatible()) {
            sid = HYPERVISOR_SIDS.getOrDefault(c, sid);
        }
        TranslationOwner owner = dtIommus() ? TranslationOwner.HOST : TranslationOwner.HYPERVISOR;
        return new SocSimulation.Setup(strategy, firmwareWindow, List.of(), false, false, owner, sid);
    }

    @Override
    public String driverName() {
        return "qcom_q6v5_pas";
    }

    @Override
    public String rprocName(Rproc r) {
        String n = r.node().getRprocName();
        return n == null ? r.devName() : n;
    }

    /** Whether the host programs the DSP's IOMMU: a KVM host, or a strategy that makes it try. */
    @Override
    public boolean hasIommu(Rproc r) {
        return dtIommus() || strategy == BootStrategy.HOST_MAPS_BEFORE_PAS || strategy == BootStrategy.QCOM_DEVMEM;
    }

    @Override
    public void probe(Rproc r) {
        List<ReservedMemory> regions = node.getMemoryRegions();
        if (!regions.isEmpty()) {
            AddressRange at = placement(r, regions.get(0));
            if (at != null) {
                memPhys = at.base();
                memSize = at.size();
                memReloc = at.base();
            }
        }
    }

    @Override
    public void sanityCheck(Rproc r, FirmwareImage fw) throws StepFailure {
        fw.requireElf(r.kernel());
    }

    @Override
    public long bootAddr(Rproc r, FirmwareImage fw) {
        return 0;
    }

    @Override
    public void parseFw(Rproc r, FirmwareImage fw) throws StepFailure {
        Kernel k = r.kernel();
        ElfFile elf = fw.requireElf(k);
        for (ElfProgramHeader p : elf.programHeaders()) {
            if (p.isLoad() && p.p_memsz() != 0) {
                r.addDumpSegment(p.p_paddr(), p.p_memsz());
            }
        }
        if (!hasIommu(r)) {
            k.note("the hypervisor owns " + r.name() + "'s resources: no resource table is read");
            return;
        }
        byte[] own = null;
        try {
            ElfLoader.loadRscTable(r, fw);
            own = r.cachedTable();
        } catch (StepFailure f) {
            k.printk(LogLine.INFO, r.rprocDev(), "Error in loading resource table from firmware");
        }
        if (strategy == BootStrategy.QCOM_DEVMEM) {
            r.setCachedTable(own);
            k.note("qcom,devmem (seed 003): the table stays the firmware's; device memory comes from the devicetree");
            return;
        }
        r.setCachedTable(k.secureWorld().rscTable(r, own));
    }

    @Override
    public void load(Rproc r, FirmwareImage fw) throws StepFailure {
        r.kernel().note("qcom_pas_load: the image is kept for start (qcom_mdt_load runs there)");
    }

    @Override
    public long findLoadedRscTable(Rproc r, FirmwareImage fw) {
        return -1;
    }

    @Override
    public void start(Rproc r) throws StepFailure {
        Kernel k = r.kernel();
        FirmwareImage fw = r.firmwareImage();
        if (fw == null) {
            throw k.fail(-22, "no firmware", null);
        }
        ElfFile elf = fw.requireElf(k);
        if (memPhys < 0) {
            throw k.fail(-22, r.devName() + " has no memory-region for the image", "add memory-region = <&pil_..._mem>");
        }
        try {
            k.secureWorld().initImage(r, elf);
        } catch (StepFailure f) {
            k.printk(LogLine.ERR, r.parentDev(), "no hash segment found in " + r.firmware());
            throw f;
        }
        mdtLoad(r, fw, elf);
        IommuDomain d = r.domain();
        if (hasIommu(r) && d != null) {
            try {
                k.sim().api().map(d, memPhys, memPhys, memSize, RW);
                mapped = true;
                k.note("the host mapped the carveout " + new AddressRange(memPhys, memSize) + " 1:1 in " + d.label());
            } catch (IommuException e) {
                k.printk(LogLine.ERR, r.parentDev(), "failed to map carveout: " + e.errno().negated());
                throw k.fail(e.errno().negated(), "identity map of the carveout: " + e.reason(), e.fix());
            }
            if (strategy == BootStrategy.QCOM_DEVMEM) {
                for (DevMem dm : node.getDevmem()) {
                    try {
                        k.sim().api().map(d, dm.getDa(), dm.getPa(), dm.getSize(), RW);
                        r.addMapping(dm.getDa(), dm.getSize());
                    } catch (IommuException e) {
                        throw k.fail(e.errno().negated(), "qcom,devmem " + dm.getName() + ": " + e.reason(), e.fix());
                    }
                }
                if (node.getDevmem().isEmpty()) {
                    k.note("the devicetree has no qcom,devmem entries to map");
                }
            }
            k.secureWorld().createBridge(memPhys, memSize, r.devName());
        }
        try {
            k.secureWorld().authAndReset(r, memPhys, memSize);
        } catch (StepFailure f) {
            k.printk(LogLine.ERR, r.parentDev(), "failed to authenticate image and release reset");
            throw f;
        }
        k.note("handover: " + r.name() + " signalled ready");
    }

    /** {@code qcom_mdt_load()}: every loadable segment into the carveout, relative to the lowest {@code p_paddr}. */
    private void mdtLoad(Rproc r, FirmwareImage fw, ElfFile elf) throws StepFailure {
        Kernel k = r.kernel();
        long minAddr = Long.MAX_VALUE;
        for (ElfProgramHeader p : elf.programHeaders()) {
            if (p.isLoad() && p.p_memsz() != 0) {
                minAddr = Math.min(minAddr, p.p_paddr());
            }
        }
        memReloc = minAddr;
        for (ElfProgramHeader p : elf.programHeaders()) {
            if (!p.isLoad() || p.p_memsz() == 0) {
                continue;
            }
            long offset = p.p_paddr() - minAddr;
            if (offset < 0 || offset + p.p_memsz() > memSize) {
                k.printk(LogLine.ERR, r.parentDev(), "segment outside memory range");
                throw k.fail(-22, "segment " + p.index() + " (p_paddr " + Hex.of(p.p_paddr()) + ", " + Hex.of(p.p_memsz())
                        + " bytes) does not fit the carveout " + new AddressRange(memPhys, memSize),
                        "make the memory-region larger or link the image inside it");
            }
            String what = "segment " + p.index() + " (p_paddr " + Hex.of(p.p_paddr()) + ")";
            try {
                ElfLoader.copy(k, elf, p.p_offset(), memPhys + offset, p.p_filesz(), -1, what);
                if (p.p_memsz() > p.p_filesz()) {
                    k.hostZero(memPhys + offset + p.p_filesz(), p.p_memsz() - p.p_filesz(), -1, what + " zero fill");
                }
            } catch (IommuException e) {
                throw k.fail(e.errno().negated(), what + ": " + e.reason(), e.fix());
            }
        }
        k.note("qcom_mdt_load: " + (fw.file().endsWith(".mdt") ? "segments read from the .bNN files of " + fw.file()
                : "segments read from " + fw.file()) + " into " + new AddressRange(memPhys, memSize));
    }

    @Override
    public void stop(Rproc r) throws StepFailure {
        Kernel k = r.kernel();
        k.secureWorld().shutdown(r);
        IommuDomain d = r.domain();
        if (mapped && d != null) {
            try {
                k.sim().api().unmap(d, memPhys, memSize);
            } catch (IommuException e) {
                k.note("unmapping the carveout: " + e.describe());
            }
            mapped = false;
        }
        k.secureWorld().deleteBridges(r.devName());
    }

    /** {@code adsp_da_to_va()}: device addresses inside the carveout, relative to the image's lowest address. */
    @Override
    public long daToVa(Rproc r, long da, long len) {
        long offset = da - memReloc;
        if (memPhys < 0 || offset < 0 || offset + len > memSize) {
            return -1;
        }
        return memPhys + offset;
    }

    @Override
    public long resetAddress(Rproc r) {
        FirmwareImage fw = r.firmwareImage();
        return fw == null ? 0 : ElfLoader.bootAddr(fw);
    }

    @Override
    public void crashInterrupt(Rproc r, CrashType type, @Nullable String message) {
        String what = type == CrashType.WATCHDOG ? "watchdog" : "fatal error";
        r.kernel().printk(LogLine.ERR, r.parentDev(), message == null || message.isEmpty() ? what + " without message"
                : what + " received: " + message);
    }

    @Override
    public List<String> notes(Rproc r) {
        return List.of(dtIommus() ? "qcom_q6v5_pas on a KVM host: the host maps the carveout and creates an SHM bridge"
                : "qcom_q6v5_pas under the hypervisor: the host programs no IOMMU for " + r.name());
    }
}
