package dev.bringup.iommu;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.eclipse.jdt.annotation.Nullable;

import dev.bringup.common.Hex;
import dev.bringup.common.Location;
import dev.bringup.iommu.internal.PageTable;

/**
 * A MediaTek M4U (the {@code mtk-iommu} driver): masters are larb ports; each bank has one page
 * table (ARMv7 short descriptor with the MediaTek quirks) shared by all its masters; the masters
 * of one bank and one IOVA region form one group. A domain takes its bank's page table at its
 * first attach; the first domain attached to a bank is the one the hardware reports faults to
 * ({@code bank->m4u_dom}). This is why, on MT8183/MT8365, the APU cannot get an unmanaged domain
 * of its own unless it gets a bank or an IOVA region of its own (seeds 000 and 001).
 */
public final class MtkIommu extends Iommu {

    /** Which form of the fault message the driver prints. */
    public enum FaultFormat {
        /** Linux 5.x: {@code fault type=0x%x iova=0x%llx pa=0x%llx larb=%d port=%d layer=%d %s}. */
        LARB_PORT,
        /** Later mainline: {@code ... master=0x%x(larb=%d port=%d) layer=%d %s}. */
        MASTER,
        /** A list proposal, not verified as mainline: {@code bank(%u) fault type=...}. */
        BANK_PROPOSAL
    }

    /** {@code F_INT_TRANSLATION_FAULT} of MMU0. */
    static final int INT_TRANSLATION_FAULT = 1 << 0;

    /** Settings of one M4U instance. */
    public static final class Config {
        private final String name;
        private int banks = 1;
        private final List<AddressRange> iovaRegions = new ArrayList<>();
        private PageTableFormat format = PageTableFormat.mediatekV7s(32, 35);
        private boolean unmanagedDomains = true;
        private FaultFormat faultFormat = FaultFormat.MASTER;
        private int iotlbEntries = 64;
        private long tableArena = 0xFD00_0000L;

        private Config(String name) {
            this.name = Objects.requireNonNull(name);
        }

        /** Number of banks, 1..5 (default 1). */
        public Config banks(int value) {
            this.banks = value;
            return this;
        }

        /** Adds an IOVA region ({@code struct mtk_iommu_iova_region}); by default there is one, 0..4 GiB. */
        public Config iovaRegion(long base, long size) {
            iovaRegions.add(new AddressRange(base, size));
            return this;
        }

        /** The page-table format (default {@link PageTableFormat#mediatekV7s(int, int)} with 32/35 bits). */
        public Config format(PageTableFormat value) {
            if (value.isLpae()) {
                throw new IllegalArgumentException("the MediaTek M4U uses the ARM_V7S format, not " + value);
            }
            this.format = value;
            return this;
        }

        /**
         * Whether the driver allocates unmanaged domains (true in current mainline; false models the
         * 5.x driver that allocated DMA domains only, which seed 001 tried to change).
         */
        public Config unmanagedDomains(boolean value) {
            this.unmanagedDomains = value;
            return this;
        }

        /** The fault message format (default {@link FaultFormat#MASTER}). */
        public Config faultFormat(FaultFormat value) {
            this.faultFormat = value;
            return this;
        }

        /** IOTLB entries (default 64). */
        public Config iotlbEntries(int value) {
            this.iotlbEntries = value;
            return this;
        }

        /** Where page tables are placed: simulated addresses below 4 GiB, 1 MiB aligned (default 0xfd000000). */
        public Config tableArena(long base) {
            this.tableArena = base;
            return this;
        }
    }

    /** One bank: its page table and the domain its hardware reports to. */
    private static final class Bank {
        @Nullable
        PageTable table;
        @Nullable
        IommuDomain hwDomain;
    }

    private final Bank[] banks;
    private final List<AddressRange> regions;
    private final boolean unmanagedDomains;
    private final FaultFormat faultFormat;

    MtkIommu(Simulation sim, Config c) {
        super(sim, c.name, c.format, c.iotlbEntries, DomainType.DMA, c.tableArena, 4096);
        if (c.banks < 1 || c.banks > 5) {
            throw new IllegalArgumentException("a MediaTek M4U has 1..5 banks, not " + c.banks);
        }
        this.banks = new Bank[c.banks];
        for (int i = 0; i < banks.length; i++) {
            banks[i] = new Bank();
        }
        this.regions = c.iovaRegions.isEmpty() ? List.of(new AddressRange(0, 1L << 32)) : List.copyOf(c.iovaRegions);
        this.unmanagedDomains = c.unmanagedDomains;
        this.faultFormat = c.faultFormat;
    }

    /** Starts the settings of an M4U called {@code name}, such as {@code 10205000.iommu}. */
    public static Config config(String name) {
        return new Config(name);
    }

    @Override
    public String driver() {
        return "mtk-iommu";
    }

    /** Number of banks. */
    public int bankCount() {
        return banks.length;
    }

    /** The IOVA regions. */
    public List<AddressRange> iovaRegions() {
        return regions;
    }

    /** The page table of bank {@code bank}, or null before its first domain is attached. */
    public @Nullable IoPageTable bankPageTable(int bank) {
        return banks[bank].table;
    }

    /** The domain whose page table bank {@code bank} walks and to which it reports faults, or null. */
    public @Nullable IommuDomain bankDomain(int bank) {
        return banks[bank].hwDomain;
    }

    @Override
    IommuGroup deviceGroup(Master m) throws IommuException {
        if (m.larb() < 0) {
            throw new IommuException(Errno.ENODEV, m.name() + " has no larb port on " + name(), Location.NOWHERE,
                    "add iommus = <&iommu MTK_M4U_ID(larb, port)> to the device node");
        }
        if (m.bank() < 0 || m.bank() >= banks.length) {
            throw new IommuException(Errno.EINVAL, m.name() + " is in bank " + m.bank() + " but " + name() + " has "
                    + banks.length + " bank(s)", "use a bank of 0.." + (banks.length - 1));
        }
        if (m.region() < 0 || m.region() >= regions.size()) {
            throw new IommuException(Errno.EINVAL, m.name() + " is in IOVA region " + m.region() + " but " + name()
                    + " has " + regions.size() + " region(s)", "use a region of 0.." + (regions.size() - 1));
        }
        String key = "bank " + m.bank() + ", IOVA region " + m.region() + " " + regions.get(m.region());
        for (IommuGroup g : groups) {
            if (g.description().equals(key)) {
                return g;
            }
        }
        return newGroup(key);
    }

    @Override
    void initDomain(IommuDomain d) throws IommuException {
        if (d.type() == DomainType.UNMANAGED && !unmanagedDomains) {
            throw new IommuException(Errno.EOPNOTSUPP, name() + " allocates DMA domains only: this mtk_iommu"
                    + " has no unmanaged domains", "use the DMA API on the default domain, or a driver with"
                            + " unmanaged-domain support");
        }
        if (!d.type().isPaging()) {
            throw new IommuException(Errno.EOPNOTSUPP, "mtk_iommu has no " + d.type() + " domains",
                    "use a DMA or unmanaged domain");
        }
    }

    @Override
    void attachDev(IommuDomain d, Master m) throws IommuException {
        Bank bank = banks[m.bank()];
        if (d.context() < 0) {
            /* mtk_iommu_domain_finalise(): domains of one bank share its page table */
            if (bank.table == null) {
                bank.table = newPageTable();
            }
            d.setTable(bank.table);
            d.setContext(m.bank());
            AddressRange r = regions.get(m.region());
            d.setGeometry(r.base(), r.end() - 1);
        } else if (d.context() != m.bank()) {
            throw new IommuException(Errno.EINVAL, d.label() + " uses the page table of bank " + d.context() + " but "
                    + m.describe() + " is in bank " + m.bank(), "allocate a domain for bank " + m.bank());
        }
        if (bank.hwDomain == null) {
            bank.hwDomain = d;
        }
    }

    @Override
    void releaseDomain(IommuDomain d) {
        for (Bank b : banks) {
            if (b.hwDomain == d) {
                b.hwDomain = null;
            }
        }
    }

    @Override
    List<ReservedRegion> driverResvRegions(Master m) {
        /* mtk_iommu_get_resv_regions(): other regions nested inside this one are holes */
        List<ReservedRegion> out = new ArrayList<>();
        AddressRange cur = regions.get(m.region());
        for (int i = 0; i < regions.size(); i++) {
            AddressRange r = regions.get(i);
            if (r.base() <= cur.base() || r.end() >= cur.end()) {
                continue;
            }
            out.add(new ReservedRegion(r.base(), r.size(), IommuProt.READ | IommuProt.WRITE | IommuProt.NOEXEC
                    | IommuProt.MMIO, ReservedRegion.Type.RESERVED, name() + " IOVA region " + i, null));
        }
        return out;
    }

    @Override
    @Nullable
    IommuDomain walkedDomain(Master m) {
        return banks[m.bank()].hwDomain;
    }

    @Override
    @Nullable
    FaultRecord unattachedAccess(Master m, long da, boolean write) {
        /* the larb port's MMU enable bit is clear: the access goes to the physical address */
        return null;
    }

    @Override
    int tlbContext(IommuDomain d) {
        return d.context();
    }

    @Override
    FaultRecord contextFault(Master m, IommuDomain walked, long da, boolean write, FaultRecord.Reason reason,
            int level) {
        boolean layer = level == 2;
        boolean iova34 = format().ias() > 32;
        long faultVa;
        if (iova34) {
            faultVa = da & ~0xfffL;
        } else {
            /* REG_MMU0_FAULT_VA holds VA[31:12] with the write and layer bits below; mtk_iommu_isr() reports it as is */
            faultVa = (da & 0xFFFF_F000L) | (write ? 2 : 0) | (layer ? 1 : 0);
        }
        int regval = (m.larb() << 7) | (m.port() << 2);
        int flags = write ? FaultHandler.FAULT_WRITE : FaultHandler.FAULT_READ;
        IommuDomain reported = Objects.requireNonNullElse(banks[m.bank()].hwDomain, walked);
        int ret = sim.api().report(reported, null, faultVa, flags);
        List<String> log = new ArrayList<>();
        if (ret != 0) {
            String rw = write ? "write" : "read";
            String common = "fault type=0x" + Integer.toHexString(INT_TRANSLATION_FAULT) + " iova=" + Hex.of(faultVa)
                    + " pa=0x0 ";
            String tail = " layer=" + (layer ? 1 : 0) + " " + rw;
            String text = switch (faultFormat) {
                case LARB_PORT -> common + "larb=" + m.larb() + " port=" + m.port() + tail;
                case MASTER -> common + "master=0x" + Integer.toHexString(regval) + "(larb=" + m.larb() + " port="
                        + m.port() + ")" + tail;
                case BANK_PROPOSAL -> "bank(" + m.bank() + ") " + common + "master=0x" + Integer.toHexString(regval)
                        + "(larb=" + m.larb() + " port=" + m.port() + ")" + tail;
            };
            log.add(logPrefix() + text);
        }
        return new FaultRecord(name(), m.name(), da, write, reason, level, -1, m.larb(), m.port(), m.bank(),
                reported.label(), faultVa, ret, log);
    }
}
