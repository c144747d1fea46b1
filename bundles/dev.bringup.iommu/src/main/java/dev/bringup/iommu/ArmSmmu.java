package dev.bringup.iommu;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.eclipse.jdt.annotation.Nullable;

import dev.bringup.common.Hex;
import dev.bringup.common.Location;

/**
 * An Arm SMMU (v1/v2, the {@code arm-smmu} driver): masters are named by stream IDs, matched by
 * stream-match registers ({@code iommus = <&smmu SID MASK>}); masters whose matches overlap share
 * a group; every paging domain takes a context bank with its own LPAE page table when it is
 * allocated. Faults are reported from the context bank's interrupt with the driver's messages.
 */
public final class ArmSmmu extends Iommu {

    /** {@code MSI_IOVA_BASE}: the software MSI window the driver reserves. */
    public static final long MSI_IOVA_BASE = 0x8000000L;
    /** {@code MSI_IOVA_LENGTH}. */
    public static final long MSI_IOVA_LENGTH = 0x100000L;

    static final int FSR_TF = 1 << 1;
    static final int FSR_AFF = 1 << 2;
    static final int FSR_PF = 1 << 3;
    static final int FSR_EF = 1 << 4;
    static final int FSR_FORMAT_AARCH64 = 2 << 9;
    static final int FSYNR0_WNR = 1 << 4;

    /** Settings of one SMMU instance. */
    public static final class Config {
        private final String name;
        private PageTableFormat format = PageTableFormat.lpaeStage1(4096, 48, 48);
        private int contextBanks = 8;
        private int iotlbEntries = 128;
        private DomainType defaultDomainType = DomainType.DMA;
        private long tableArena = 0xF0_0000_0000L;
        private int maxTables = 1 << 14;

        private Config(String name) {
            this.name = Objects.requireNonNull(name);
        }

        /** The page-table format of its domains (default: stage 1, 4K granule, 48-bit ias and oas). */
        public Config format(PageTableFormat value) {
            if (!value.isLpae()) {
                throw new IllegalArgumentException("an Arm SMMU uses the LPAE formats, not " + value);
            }
            this.format = value;
            return this;
        }

        /** Number of context banks (default 8). */
        public Config contextBanks(int value) {
            this.contextBanks = value;
            return this;
        }

        /** IOTLB entries (default 128). */
        public Config iotlbEntries(int value) {
            this.iotlbEntries = value;
            return this;
        }

        /** The type of default domains: {@link DomainType#DMA} (default) or {@link DomainType#IDENTITY}. */
        public Config defaultDomainType(DomainType value) {
            this.defaultDomainType = value;
            return this;
        }

        /** Where page tables are placed (simulated addresses, 1 MiB aligned), and how many tables one may use. */
        public Config tableArena(long base, int maxTablesPerDomain) {
            this.tableArena = base;
            this.maxTables = maxTablesPerDomain;
            return this;
        }
    }

    private final IommuDomain[] banks;

    ArmSmmu(Simulation sim, Config c) {
        super(sim, c.name, c.format, c.iotlbEntries, c.defaultDomainType, c.tableArena, c.maxTables);
        if (c.contextBanks < 1 || c.contextBanks > 128) {
            throw new IllegalArgumentException("an SMMU has 1..128 context banks, not " + c.contextBanks);
        }
        this.banks = new IommuDomain[c.contextBanks];
    }

    /** Starts the settings of an SMMU called {@code name}, such as {@code 15000000.iommu}. */
    public static Config config(String name) {
        return new Config(name);
    }

    @Override
    public String driver() {
        return "arm-smmu";
    }

    /** The domain in each context bank, null for a free bank. */
    public List<@Nullable IommuDomain> contextBanks() {
        List<@Nullable IommuDomain> out = new ArrayList<>();
        for (IommuDomain d : banks) {
            out.add(d);
        }
        return out;
    }

    @Override
    IommuGroup deviceGroup(Master m) throws IommuException {
        if (m.streams().isEmpty()) {
            throw new IommuException(Errno.ENODEV, m.name() + " has no stream ID for " + name(),
                    Location.NOWHERE, "add iommus = <&smmu SID MASK> (or iommu-map on its bus) to the device node");
        }
        IommuGroup found = null;
        for (IommuGroup g : groups) {
            for (Master other : g.devices()) {
                for (Master.StreamMatch s : m.streams()) {
                    for (Master.StreamMatch t : other.streams()) {
                        if (s.overlaps(t)) {
                            if (found != null && found != g) {
                                throw new IommuException(Errno.EINVAL, "stream IDs of " + m.name()
                                        + " match masters of two groups (" + found.describe() + "; " + g.describe()
                                        + ")", "give the device stream IDs that overlap one group only");
                            }
                            found = g;
                        }
                    }
                }
            }
        }
        if (found != null) {
            return found;
        }
        StringBuilder d = new StringBuilder("stream IDs ");
        for (int i = 0; i < m.streams().size(); i++) {
            d.append(i == 0 ? "" : ", ").append(m.streams().get(i));
        }
        return newGroup(d.toString());
    }

    @Override
    void initDomain(IommuDomain d) throws IommuException {
        if (!d.type().isPaging()) {
            return;
        }
        int free = -1;
        for (int i = 0; i < banks.length; i++) {
            if (banks[i] == null) {
                free = i;
                break;
            }
        }
        if (free < 0) {
            StringBuilder users = new StringBuilder();
            for (IommuDomain b : banks) {
                users.append(users.isEmpty() ? "" : ", ").append(Objects.requireNonNull(b).label());
            }
            throw new IommuException(Errno.ENOSPC, "no free context bank on " + name() + ": all " + banks.length
                    + " are in use (" + users + ")", "free an unused domain (iommu_domain_free) or use an SMMU"
                            + " with more context banks");
        }
        banks[free] = d;
        d.setContext(free);
        d.setTable(newPageTable());
        d.setGeometry(0, (1L << format().ias()) - 1);
    }

    @Override
    void attachDev(IommuDomain d, Master m) {
        /* the context bank was set up when the domain was allocated */
    }

    @Override
    void releaseDomain(IommuDomain d) {
        int c = d.context();
        if (c >= 0 && banks[c] == d) {
            banks[c] = null;
            iotlb().invalidateContext(c);
        }
    }

    @Override
    List<ReservedRegion> driverResvRegions(Master m) {
        return List.of(new ReservedRegion(MSI_IOVA_BASE, MSI_IOVA_LENGTH,
                IommuProt.WRITE | IommuProt.NOEXEC | IommuProt.MMIO, ReservedRegion.Type.SW_MSI,
                name() + " (MSI_IOVA_BASE)", null));
    }

    @Override
    @Nullable
    IommuDomain walkedDomain(Master m) {
        IommuGroup g = m.group();
        return g == null ? null : g.domain();
    }

    @Override
    FaultRecord unattachedAccess(Master m, long da, boolean write) {
        /* no stream-match entry: a global fault with arm-smmu.disable_bypass=1 (the default) */
        int sid = m.streamId() & 0xffff;
        List<String> log = List.of(logPrefix() + "Blocked unknown Stream ID 0x" + Integer.toHexString(sid)
                + "; boot with \"arm-smmu.disable_bypass=0\" to allow, but this may have security implications",
                logPrefix() + "\tGFSR 0x00000002, GFSYNR0 0x" + String.format("%08x", write ? 1 : 0) + ", GFSYNR1 0x"
                        + String.format("%08x", sid) + ", GFSYNR2 0x00000000");
        return new FaultRecord(name(), m.name(), da, write, FaultRecord.Reason.BLOCKED, -1, sid, -1, -1, -1, null, -1,
                0, log);
    }

    @Override
    int tlbContext(IommuDomain d) {
        return d.context();
    }

    @Override
    FaultRecord contextFault(Master m, IommuDomain walked, long da, boolean write, FaultRecord.Reason reason,
            int level) {
        int flags = write ? FaultHandler.FAULT_WRITE : FaultHandler.FAULT_READ;
        /* arm_smmu_context_fault() reports with a NULL device */
        int ret = sim.api().report(walked, null, da, flags);
        int fsr = (reason == FaultRecord.Reason.PERMISSION ? FSR_PF : FSR_TF) | FSR_FORMAT_AARCH64;
        int fsynr = (level & 3) | (write ? FSYNR0_WNR : 0);
        int sid = m.streamId() & 0xffff;
        int cb = walked.context();
        List<String> log = new ArrayList<>();
        if (ret == Errno.ENOSYS.negated()) {
            log.add(logPrefix() + "Unhandled context fault: fsr=0x" + Integer.toHexString(fsr) + ", iova="
                    + Hex.of(da, 8) + ", fsynr=0x" + Integer.toHexString(fsynr) + ", cbfrsynra=0x"
                    + Integer.toHexString(sid) + ", cb=" + cb);
            log.add(logPrefix() + "FSR    = " + String.format("%08x", fsr) + " [Format=" + ((fsr >> 9) & 3)
                    + ((fsr & FSR_PF) != 0 ? " PF" : "") + ((fsr & FSR_TF) != 0 ? " TF" : "") + "], SID=0x"
                    + Integer.toHexString(sid));
            log.add(logPrefix() + "FSYNR0 = " + String.format("%08x", fsynr) + " [S1CBNDX=0"
                    + (write ? " WNR" : "") + " PLVL=" + (level & 3) + "]");
        }
        return new FaultRecord(name(), m.name(), da, write, reason, level, sid, -1, -1, cb, walked.label(), da, ret,
                log);
    }
}
