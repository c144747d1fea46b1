package dev.bringup.loader.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

import org.eclipse.jdt.annotation.Nullable;

import dev.bringup.common.Hex;
import dev.bringup.firmware.ElfFile;
import dev.bringup.firmware.ElfProgramHeader;
import dev.bringup.iommu.DmaApi;
import dev.bringup.iommu.Errno;
import dev.bringup.iommu.IommuDomain;
import dev.bringup.iommu.IommuException;
import dev.bringup.iommu.IommuGroup;
import dev.bringup.iommu.Master;
import dev.bringup.loader.CrashType;
import dev.bringup.loader.LogLine;
import dev.bringup.loader.RprocState;
import dev.bringup.model.RemoteProcessor;

/**
 * One remote processor as {@code struct rproc} holds it, and the remoteproc core's functions over
 * it, each made of {@link Op steps} in the order of {@code drivers/remoteproc/remoteproc_core.c}:
 * {@code rproc_boot -> rproc_fw_boot -> rproc_start}, {@code rproc_shutdown -> rproc_stop}, the
 * crash handler and recovery, attach and detach. The kernel's messages are printed where the
 * kernel prints them; every failure carries the workbench's diagnosis.
 */
public final class Rproc {

    /** Supplies the firmware a processor requests ({@code request_firmware()}). */
    @FunctionalInterface
    public interface FirmwareLoader {
        /** The image for {@code name}, or a failure (-ENOENT when there is none). */
        FirmwareImage request(Rproc r, String name) throws StepFailure;
    }

    /** {@code struct rproc_dump_segment}. */
    public record DumpSegment(long da, long size) {
    }

    /** {@code struct rproc_debug_trace}. */
    public record Trace(String name, long da, long len) {
    }

    /** A mapping the core made through {@code rproc->domain} ({@code rproc->mappings}). */
    public record Mapping(long da, long len) {
    }

    private static final long HIGH_BITS = 0xFFFF_FFFF_0000_0000L;

    private final Kernel k;
    private final RprocDriver driver;
    private final RemoteProcessor node;
    private final String devName;
    private final @Nullable Master master;
    private final FirmwareLoader loader;
    private final int index;
    private final String name;
    private String firmware;
    private RprocState state = RprocState.OFFLINE;
    private int power;
    private int refcount = 1;
    private boolean registered;
    private boolean recoveryDisabled;
    private boolean relocatable;
    private int crashCount;

    // what a boot builds up
    @Nullable
    IommuDomain domain;
    private boolean domainOwned;
    private long bootaddr;
    /** The load offset of a relocated image (where it landed minus its lowest link address). */
    private long relocation;
    private long relocLow;
    private @Nullable MemEntry relocEntry;
    private byte @Nullable [] cachedTable;
    private long loadedTablePa = -1;
    private @Nullable FirmwareImage fw;
    private boolean prepared;
    private boolean resourcesHandled;
    private boolean opsStarted;
    int nbVdev;
    private int nextNotifyId;
    private int elfClass = 1;
    private int elfMachine;
    private final List<MemEntry> carveouts = new ArrayList<>();
    private final List<Mapping> mappings = new ArrayList<>();
    private final List<Trace> traces = new ArrayList<>();
    private final List<Rvdev> rvdevs = new ArrayList<>();
    private final List<DumpSegment> dumpSegments = new ArrayList<>();
    private final List<Runnable> stateListeners = new ArrayList<>();
    /** Where the firmware writes its next trace character, per trace buffer (the ring's write position). */
    final List<Long> traceWritePos = new ArrayList<>();

    /**
     * {@code rproc_alloc()}: a processor handle for {@code node}, driven by {@code driver}, not yet
     * registered.
     */
    public Rproc(Kernel k, RprocDriver driver, RemoteProcessor node, String devName, @Nullable Master master,
            String firmware, FirmwareLoader loader) {
        this.k = k;
        this.driver = driver;
        this.node = node;
        this.devName = devName;
        this.master = master;
        this.firmware = firmware;
        this.loader = loader;
        this.index = k.allocRprocIndex();
        this.name = driver.rprocName(this);
    }

    // ------------------------------------------------------------------ accessors

    public Kernel kernel() {
        return k;
    }

    public RprocDriver driver() {
        return driver;
    }

    public RemoteProcessor node() {
        return node;
    }

    /** The parent (platform) device's name, such as {@code 10000000.m4}. */
    public String devName() {
        return devName;
    }

    /** The simulated DMA master of the parent device, or null when there is none. */
    public @Nullable Master master() {
        return master;
    }

    /** {@code rproc->name}. */
    public String name() {
        return name;
    }

    /** The N of {@code remoteprocN}. */
    public int index() {
        return index;
    }

    /** {@code rproc->firmware}: the name the kernel requests. */
    public String firmware() {
        return firmware;
    }

    public RprocState state() {
        return state;
    }

    /** {@code atomic_read(&rproc->power)}. */
    public int power() {
        return power;
    }

    /** The reference count of the handle ({@code rproc_get_by_name} / {@code rproc_put}). */
    public int refcount() {
        return refcount;
    }

    public long bootaddr() {
        return bootaddr;
    }

    public @Nullable IommuDomain domain() {
        return domain;
    }

    /** {@code rproc->domain} set by the platform driver (the core will use, not allocate, it). */
    public void setDomain(@Nullable IommuDomain d) {
        this.domain = d;
        this.domainOwned = false;
    }

    public List<MemEntry> carveouts() {
        return List.copyOf(carveouts);
    }

    public List<Mapping> mappings() {
        return List.copyOf(mappings);
    }

    public List<Trace> traces() {
        return List.copyOf(traces);
    }

    public List<Rvdev> rvdevs() {
        return List.copyOf(rvdevs);
    }

    public List<DumpSegment> dumpSegments() {
        return List.copyOf(dumpSegments);
    }

    public int crashCount() {
        return crashCount;
    }

    public void setRecoveryDisabled(boolean value) {
        this.recoveryDisabled = value;
    }

    /**
     * Loads a self-relocating image anywhere (seed 004's review): the platform asks for the image's
     * span at {@code FW_RSC_ADDR_ANY} and starts the processor at the relocated entry point.
     *
     * @return null, or why this driver cannot
     */
    public @Nullable String setRelocatable() {
        if (driver instanceof QcomPasDriver || driver instanceof MtkApuDriver) {
            return driver.driverName() + " places the image itself (the secure world, or the APU's fixed window): the"
                    + " simulation relocates only images the ELF helpers load";
        }
        relocatable = true;
        return null;
    }

    /** The load offset of a relocated image (0 when the image is loaded at its link addresses). */
    public long relocation() {
        return relocation;
    }

    /** The firmware of the current boot, or null. */
    public @Nullable FirmwareImage firmwareImage() {
        return fw;
    }

    /** {@code rproc->cached_table}, or null. */
    public byte @Nullable [] cachedTable() {
        byte[] t = cachedTable;
        return t == null ? null : t.clone();
    }

    /** The host address of the table in device memory once it is loaded there, else -1. */
    public long loadedTablePa() {
        return loadedTablePa;
    }

    /** {@code rproc->table_sz}, or 0 without a table. */
    public int tableSize() {
        byte[] t = cachedTable;
        return t == null ? 0 : t.length;
    }

    /** Called when the state changes (the session forwards it to its listeners). */
    public void onStateChange(Runnable r) {
        stateListeners.add(r);
    }

    void setState(RprocState s) {
        if (s != state) {
            state = s;
            stateListeners.forEach(Runnable::run);
        }
    }

    /** {@code remoteproc remoteproc0}: the prefix of messages printed on {@code &rproc->dev}. */
    public String rprocDev() {
        return "remoteproc remoteproc" + index;
    }

    /** {@code stm32-rproc 10000000.m4}: the prefix of messages printed on the parent device. */
    public String parentDev() {
        return driver.driverName() + " " + devName;
    }

    void info(String text) {
        k.printk(LogLine.INFO, rprocDev(), text);
    }

    void err(String text) {
        k.printk(LogLine.ERR, rprocDev(), text);
    }

    void warn(String text) {
        k.printk(LogLine.WARNING, rprocDev(), text);
    }

    // ------------------------------------------------------------------ registration

    /** {@code rproc_add()}: the driver's probe is done; the processor becomes available. */
    public void register() throws StepFailure {
        driver.probe(this);
        registered = true;
        k.addRproc(this);
        if (driver.startedByBootloader(this)) {
            setState(RprocState.DETACHED);
        }
        info(name() + " is available");
    }

    /** {@code rproc_del()}: shuts the processor down if it runs and marks the handle deleted. */
    public int unregister() {
        if (!registered) {
            return Errno.EINVAL.negated();
        }
        setState(RprocState.DELETED);
        registered = false;
        k.removeRproc(this);
        return 0;
    }

    /** {@code rproc_free()} / {@code put_device()}: drops the allocation's reference. */
    public void free() {
        refcount = Math.max(0, refcount - 1);
    }

    /** {@code rproc_get_by_name()}'s reference. */
    public void get() {
        refcount++;
    }

    // ------------------------------------------------------------------ boot

    private Op op(String opName, String title, Op.Body body) {
        return new Op(opName, title, body);
    }

    /** {@code rproc_boot()}: the steps of a boot (or of an attach, for a processor the boot loader started). */
    public Chain bootChain(@Nullable IntConsumer done) {
        List<Op> ops = new ArrayList<>();
        ops.add(op("rproc_boot", "power reference and state", () -> {
            if (state == RprocState.DELETED) {
                err("can't boot deleted rproc " + name());
                throw k.fail(Errno.ENODEV.negated(), name() + " was unregistered (rproc_del); a deleted handle cannot boot",
                        "get a new handle (the driver's probe registers one)");
            }
            power++;
            if (power > 1) {
                k.note("already powered up: the power reference count is now " + power + "; nothing else to do");
                return Op.DONE;
            }
            if (state == RprocState.DETACHED) {
                info("attaching to " + name());
                Chain c = k.current();
                if (c != null) {
                    c.pushFront(attachOps());
                }
                return 0;
            }
            info("powering up " + name());
            Chain c = k.current();
            if (c != null) {
                c.pushFront(fwBootOps());
            }
            return 0;
        }));
        return new Chain("rproc_boot", ops, this::bootUnwind, done);
    }

    private List<Op> fwBootOps() {
        List<Op> ops = new ArrayList<>();
        ops.add(op("request_firmware", "find the firmware file", this::requestFirmware));
        ops.add(op("rproc_fw_sanity_check", "check the ELF", () -> {
            FirmwareImage image = requireFw();
            driver.sanityCheck(this, image);
            info("Booting fw image " + firmware + ", size " + image.size());
            ElfFile e = image.elf();
            if (e != null) {
                elfClass = e.header().ei_class();
                elfMachine = e.header().e_machine();
            }
            return 0;
        }));
        ops.add(op("rproc_enable_iommu", "allocate and attach an IOMMU domain", this::enableIommu));
        ops.add(op("rproc_prepare_device", "platform preparation (ops->prepare)", () -> {
            try {
                driver.prepare(this);
            } catch (StepFailure f) {
                err("can't prepare rproc " + name() + ": " + f.errno());
                throw f;
            }
            prepared = true;
            if (relocatable) {
                registerRelocation();
            }
            return 0;
        }));
        ops.add(op("rproc_get_boot_addr", "boot address", () -> {
            bootaddr = driver.bootAddr(this, requireFw());
            k.note("boot address " + Hex.of(bootaddr));
            return 0;
        }));
        ops.add(op("rproc_parse_fw", "load the resource table into the cached table (ops->parse_fw)", () -> {
            driver.parseFw(this, requireFw());
            byte[] t = cachedTable;
            k.note(t == null ? "no resource table: nothing to handle" : "cached resource table: " + t.length + " bytes");
            return 0;
        }));
        ops.add(op("rproc_handle_resources", "handle the resource table's entries", () -> {
            nbVdev = 0;
            nextNotifyId = 0;
            resourcesHandled = true;
            try {
                Resources.handleAll(this);
            } catch (StepFailure f) {
                err("Failed to process resources: " + f.errno());
                throw f;
            }
            return 0;
        }));
        ops.add(op("rproc_alloc_registered_carveouts", "allocate (and map) the carveouts", () -> {
            try {
                allocRegisteredCarveouts();
            } catch (StepFailure f) {
                err("Failed to allocate associated carveouts: " + Errno.ENOMEM.negated());
                throw new StepFailure(Errno.ENOMEM.negated(), f.diagnosis(), f.fix());
            }
            checkViews();
            return 0;
        }));
        ops.addAll(startOps());
        return ops;
    }

    /** The steps of {@code rproc_start()} (also run by recovery). */
    List<Op> startOps() {
        List<Op> ops = new ArrayList<>();
        ops.add(op("rproc_load_segments", "load the ELF segments (ops->load)", () -> {
            relocate();
            try {
                driver.load(this, requireFw());
            } catch (StepFailure f) {
                err("Failed to load program segments: " + f.errno());
                throw f;
            }
            return 0;
        }));
        ops.add(op("rproc_find_loaded_rsc_table", "copy the cached table to device memory", () -> {
            byte[] t = cachedTable;
            long at = driver.findLoadedRscTable(this, requireFw());
            if (at >= 0 && t != null) {
                try {
                    k.hostWrite(at, t, 0, t.length, -1, "resource table (cached copy)");
                } catch (IommuException e) {
                    throw k.fail(Errno.EFAULT.negated(), "the loaded resource table at pa " + Hex.of(at) + " is not memory: "
                            + e.reason(), e.fix());
                }
                loadedTablePa = at;
                k.note("the table in device memory at pa " + Hex.of(at) + " now holds what the host filled in");
            } else {
                k.note(t == null ? "no resource table" : "no loaded resource table: the firmware keeps no copy the host can"
                        + " update (the cached table stays the reference)");
            }
            return 0;
        }));
        ops.add(op("rproc_prepare_subdevices", "prepare subdevices", () -> 0));
        ops.add(op("ops->start", "power the processor on", () -> {
            if (relocatable) {
                long entry = ElfLoader.bootAddr(requireFw());
                bootaddr = entry + relocation;
                k.note("boot-address register <- " + Hex.of(bootaddr) + " (e_entry " + Hex.of(entry) + " + load offset "
                        + Hex.of(relocation) + ")");
            }
            try {
                driver.start(this);
            } catch (StepFailure f) {
                err("can't start rproc " + name() + ": " + f.errno());
                throw f;
            }
            opsStarted = true;
            return 0;
        }));
        ops.add(op("rproc_start_subdevices", "start the vdevs; the processor is up", () -> {
            try {
                for (Rvdev v : rvdevs) {
                    v.start();
                }
            } catch (StepFailure f) {
                err("failed to probe subdevices for " + name() + ": " + f.errno());
                throw f;
            }
            setState(RprocState.RUNNING);
            info("remote processor " + name() + " is now up");
            for (Rvdev v : rvdevs) {
                k.submit(v.rpmsgProbeChain());
            }
            return 0;
        }));
        return ops;
    }

    /** {@code ops->prepare} of a relocating platform: one carveout for the image's span, anywhere. */
    private void registerRelocation() throws StepFailure {
        ElfFile e = requireFw().requireElf(k);
        long low = -1;
        long high = 0;
        for (ElfProgramHeader p : e.programHeaders()) {
            if (p.isLoad() && p.p_memsz() != 0) {
                low = low < 0 ? p.p_paddr() : Math.min(low, p.p_paddr());
                high = Math.max(high, p.p_paddr() + p.p_memsz());
            }
        }
        if (low < 0) {
            throw k.fail(-22, "the image has no PT_LOAD segment to relocate", "link the firmware as an executable");
        }
        long len = (high - low + 0xFFF) & ~0xFFFL;
        if (len > 0x1000_0000L) {
            throw k.fail(-22, "the image spans " + Hex.of(high - low) + " bytes from " + Hex.of(low) + " to " + Hex.of(high)
                    + ": its segments are linked far apart (fixed memories), not as one relocatable block",
                    "link the image position-independent, as one block, or boot it at its link addresses");
        }
        relocLow = low;
        MemEntry m = new MemEntry("relocated", -1, -1, len, MemEntry.ADDR_ANY, Rproc::allocCarveoutCallback,
                Rproc::releaseCarveoutCallback, "relocatable image");
        relocEntry = m;
        addCarveout(m);
        k.note("relocatable image linked at [" + Hex.of(low) + ".." + Hex.of(high) + "): a carveout of " + Hex.of(len)
                + " bytes anywhere (FW_RSC_ADDR_ANY) will hold it; the entry point goes to the boot-address register");
        if (e.header().e_type() != 3) {
            k.note("the image is ET_EXEC, not ET_DYN: the simulation trusts it to relocate itself (barebox-style); an image"
                    + " that does not will run at the wrong addresses");
        }
    }

    /** Fixes the load offset of a relocated image once its carveout is allocated. */
    private void relocate() {
        MemEntry m = relocEntry;
        if (!relocatable || m == null || m.pa < 0) {
            relocation = 0;
            return;
        }
        relocation = m.da - relocLow;
        if (dumpSegments.stream().noneMatch(d -> d.da() == m.da)) {
            addDumpSegment(m.da, m.len);
        }
        k.note("relocating: the image goes to da " + Hex.of(m.da) + " (pa " + Hex.of(m.pa) + "), load offset "
                + Hex.of(relocation));
    }

    private FirmwareImage requireFw() throws StepFailure {
        FirmwareImage image = fw;
        if (image == null) {
            throw k.fail(Errno.ENOENT.negated(), "no firmware was requested", null);
        }
        return image;
    }

    private int requestFirmware() throws StepFailure {
        try {
            fw = loader.request(this, firmware);
        } catch (StepFailure f) {
            err("request_firmware failed: " + f.errno());
            throw f;
        }
        FirmwareImage image = requireFw();
        k.note("firmware " + firmware + " is " + image.file() + " (" + image.size() + " bytes)");
        return 0;
    }

    /** {@code rproc_enable_iommu()}. */
    private int enableIommu() throws StepFailure {
        if (!driver.hasIommu(this)) {
            k.note(domain == null ? "no IOMMU domain of the core's own (rproc->has_iommu is false)"
                    : "the platform driver gave the core " + domain.label() + "; the core allocates none");
            return 0;
        }
        Master m = master;
        try {
            if (m == null) {
                throw new IommuException(Errno.ENODEV, devName + " is not behind an IOMMU in the simulated SoC",
                        "add iommus to its node");
            }
            domain = k.sim().api().domainAlloc(m);
        } catch (IommuException e) {
            k.printk(LogLine.ERR, parentDev(), "can't alloc iommu domain");
            err("can't enable iommu: " + e.errno().negated());
            throw k.fail(e.errno().negated(), e.reason(), e.fix());
        }
        IommuDomain d = java.util.Objects.requireNonNull(domain);
        domainOwned = true;
        k.sim().api().setFaultHandler(d, this::iommuFault);
        try {
            k.sim().api().attachDevice(d, m);
        } catch (IommuException e) {
            k.printk(LogLine.ERR, parentDev(), "can't attach iommu device: " + e.errno().negated());
            err("can't enable iommu: " + e.errno().negated());
            try {
                k.sim().api().domainFree(d);
            } catch (IommuException ignored) {
                // a domain that was never attached can always be freed
            }
            domain = null;
            throw k.fail(e.errno().negated(), e.reason(), e.fix());
        }
        k.note("the core owns " + d.label() + " and will map fixed device addresses into it");
        return 0;
    }

    /** {@code rproc_iommu_fault()}: the handler installed on the core's domain. */
    private int iommuFault(IommuDomain d, @Nullable Master dev, long iova, int flags) {
        k.printk(LogLine.ERR, dev == null ? "(NULL device *)" : dev.name(), "iommu fault: da " + Hex.of(iova)
                + " flags 0x" + Integer.toHexString(flags));
        reportCrash(CrashType.MMUFAULT);
        return Errno.ENOSYS.negated();
    }

    /** {@code rproc_disable_iommu()}. */
    void disableIommu() {
        IommuDomain d = domain;
        Master m = master;
        if (d == null) {
            return;
        }
        if (!domainOwned) {
            domain = null;
            return;
        }
        try {
            if (m != null && !d.attachedGroups().isEmpty()) {
                k.sim().api().detachDevice(d, m);
            }
            k.sim().api().domainFree(d);
        } catch (IommuException e) {
            k.note("disabling the IOMMU: " + e.describe());
        }
        domain = null;
    }

    /** {@code rproc_alloc_registered_carveouts()}. */
    private void allocRegisteredCarveouts() throws StepFailure {
        for (MemEntry e : List.copyOf(carveouts)) {
            MemEntry.Alloc a = e.alloc;
            if (a != null && !e.hasVa()) {
                try {
                    a.alloc(this, e);
                } catch (StepFailure f) {
                    err("Unable to allocate carveout " + e.name + ": " + f.errno());
                    throw f;
                }
            }
            if (e.rscOffset >= 0) {
                long pa = e.hasVa() ? e.pa : e.dma;
                if ((pa & HIGH_BITS) != 0) {
                    warn("Physical address cast in 32bit to fit resource table format");
                }
                tableWrite32(e.rscOffset + RscTable.C_PA, pa & 0xFFFF_FFFFL, "resource table: " + e.name + ".pa");
                tableWrite32(e.rscOffset + RscTable.C_DA, e.da & 0xFFFF_FFFFL, "resource table: " + e.name + ".da");
                tableWrite32(e.rscOffset + RscTable.C_LEN, e.len & 0xFFFF_FFFFL, "resource table: " + e.name + ".len");
            }
        }
    }

    /** {@code rproc_alloc_carveout()}: the core's allocator of resource-table carveouts and vrings. */
    void allocCarveout(MemEntry mem) throws StepFailure {
        Master m = master;
        DmaApi.DmaBuffer buf;
        try {
            if (m == null) {
                throw new IommuException(Errno.ENODEV, devName + " has no DMA device in the simulated SoC", null);
            }
            buf = k.sim().dma().allocCoherent(m, mem.len);
        } catch (IommuException e) {
            k.printk(LogLine.ERR, parentDev(), "failed to allocate dma memory: len " + Hex.of(mem.len));
            throw k.fail(Errno.ENOMEM.negated(), "dma_alloc_coherent of " + Hex.of(mem.len) + " bytes for carveout "
                    + mem.name + " failed: " + e.reason(), e.fix());
        }
        long dma = buf.dmaHandle();
        IommuDomain d = domain;
        if (mem.da != MemEntry.ADDR_ANY && d == null && mem.da != (dma & 0xFFFF_FFFFL)) {
            k.printk(LogLine.WARNING, parentDev(), "Allocated carveout doesn't fit device address request");
            k.note(mem.name + ": the firmware wants da " + Hex.of(mem.da) + " but dma_alloc_coherent returned "
                    + Hex.of(dma) + (buf.origin() == DmaApi.Origin.IOMMU ? " (an IOVA of the device's DMA domain)" : "")
                    + "; the processor will not find this memory at " + Hex.of(mem.da));
        }
        if (mem.da != MemEntry.ADDR_ANY && d != null) {
            int prot = driver.mapProt(mem.flags);
            try {
                k.sim().api().map(d, mem.da, dma, mem.len, prot);
            } catch (IommuException e) {
                err("iommu_map failed: " + e.errno().negated());
                freeBuffer(buf);
                throw k.fail(e.errno().negated(), "mapping " + mem.name + " (da " + Hex.of(mem.da) + ", " + Hex.of(mem.len)
                        + " bytes) into " + d.label() + " failed: " + e.reason() + mapHint(mem, buf, prot), mapFix(mem, e, prot));
            }
            mappings.add(new Mapping(mem.da, mem.len));
            if (buf.origin() == DmaApi.Origin.IOMMU) {
                k.note(mem.name + ": dma_alloc_coherent returned " + Hex.of(dma) + ", an IOVA of the device's DMA domain,"
                        + " which the core has just mapped at da " + Hex.of(mem.da) + " as if it were the physical address"
                        + " (the buffer is at pa " + Hex.of(buf.pa()) + ")");
            }
        }
        if (mem.da == MemEntry.ADDR_ANY) {
            if ((dma & HIGH_BITS) != 0) {
                warn("DMA address cast in 32bit to fit resource table format");
            }
            mem.da = dma & 0xFFFF_FFFFL;
        }
        mem.setMemory(buf.pa(), dma);
        mem.buffer = buf;
    }

    private static String mapHint(MemEntry mem, DmaApi.DmaBuffer buf, int prot) {
        StringBuilder b = new StringBuilder();
        if ((prot & RprocDriver.RW) == 0) {
            b.append(". The carveout's flags (").append(Hex.of(mem.flags)).append(") are the prot of iommu_map(): without"
                    + " IOMMU_READ (1) or IOMMU_WRITE (2) io-pgtable maps nothing, and Linux's __iommu_map() never completes");
        }
        if (buf.origin() == DmaApi.Origin.IOMMU) {
            b.append(". Besides, dma_alloc_coherent returned ").append(Hex.of(buf.dmaHandle()))
                    .append(", an IOVA of the device's DMA domain, which the core would map as a physical address (the"
                            + " memory is at pa ").append(Hex.of(buf.pa())).append(')');
        }
        return b.toString();
    }

    private static @Nullable String mapFix(MemEntry mem, IommuException e, int prot) {
        if ((prot & RprocDriver.RW) == 0) {
            return "set the flags of " + mem.name + " to IOMMU_READ|IOMMU_WRITE (0x3) in the resource table (bringup patch"
                    + " FILE --set carveout[N].flags=3), or let the platform driver allocate and map it";
        }
        return e.fix();
    }

    /** The core's allocator as a {@link MemEntry.Alloc}. */
    static void allocCarveoutCallback(Rproc r, MemEntry m) throws StepFailure {
        r.allocCarveout(m);
    }

    /** The core's release as a {@link MemEntry.Release}. */
    static void releaseCarveoutCallback(Rproc r, MemEntry m) {
        r.releaseCarveout(m);
    }

    /** {@code rproc_release_carveout()}. */
    void releaseCarveout(MemEntry mem) {
        DmaApi.DmaBuffer b = mem.buffer;
        if (b != null) {
            freeBuffer(b);
            mem.buffer = null;
        }
    }

    private void freeBuffer(DmaApi.DmaBuffer b) {
        try {
            k.sim().dma().freeCoherent(b);
        } catch (IommuException e) {
            k.note("dma_free_coherent: " + e.describe());
        }
    }

    /**
     * Compares, for every allocated carveout with a fixed device address, where the processor
     * will find it (through its IOMMU or its bus view) with where the host put it.
     */
    private void checkViews() {
        for (MemEntry e : carveouts) {
            if (!e.hasVa() || e.da == MemEntry.ADDR_ANY) {
                continue;
            }
            long seen = RemoteCpu.viewPa(this, e.da);
            if (seen != e.pa) {
                k.note("view mismatch: " + name() + " will see da " + Hex.of(e.da) + " at "
                        + (seen < 0 ? "no memory (not mapped)" : "pa " + Hex.of(seen)) + ", but the host put " + e.name
                        + " at pa " + Hex.of(e.pa));
            }
        }
    }

    // ------------------------------------------------------------------ unwind

    /** The {@code goto} ladder of {@code rproc_fw_boot()} and {@code rproc_boot()}'s power downref. */
    private List<Op> bootUnwind(int errno) {
        return List.of(op("rproc_fw_boot: unwind", "release what the failed boot acquired", () -> {
            if (opsStarted) {
                try {
                    driver.stop(this);
                } catch (StepFailure f) {
                    k.note("ops->stop during the unwind: " + f.diagnosis());
                }
                opsStarted = false;
            }
            loadedTablePa = -1;
            if (resourcesHandled) {
                resourceCleanup();
                cachedTable = null;
            }
            if (prepared) {
                driver.unprepare(this);
                prepared = false;
            }
            disableIommu();
            if (power > 0) {
                power--;
            }
            k.note("boot failed with " + errno + ": resources released, power reference count back to " + power);
            return 0;
        }));
    }

    /** {@code rproc_resource_cleanup()}. */
    void resourceCleanup() {
        traces.clear();
        traceWritePos.clear();
        IommuDomain d = domain;
        for (Mapping m : mappings) {
            if (d == null) {
                break;
            }
            long unmapped;
            try {
                unmapped = k.sim().api().unmap(d, m.da(), m.len());
            } catch (IommuException e) {
                unmapped = 0;
            }
            if (unmapped != m.len()) {
                err("failed to unmap " + Hex.of(m.len()) + "/" + unmapped);
            }
        }
        mappings.clear();
        for (MemEntry e : List.copyOf(carveouts)) {
            MemEntry.Release r = e.release;
            if (r != null) {
                r.release(this, e);
            }
        }
        carveouts.clear();
        for (Rvdev v : List.copyOf(rvdevs)) {
            v.remove();
        }
        rvdevs.clear();
        dumpSegments.clear();
        resourcesHandled = false;
    }

    // ------------------------------------------------------------------ stop, shutdown

    /** {@code rproc_stop()} as one step. */
    Op stopOp(boolean crashed) {
        return op("rproc_stop", "stop subdevices and power the processor off", () -> {
            for (int i = rvdevs.size() - 1; i >= 0; i--) {
                rvdevs.get(i).stop(crashed);
            }
            loadedTablePa = -1;
            try {
                driver.stop(this);
            } catch (StepFailure f) {
                err("can't stop rproc: " + f.errno());
                throw f;
            }
            opsStarted = false;
            setState(RprocState.OFFLINE);
            info("stopped remote processor " + name());
            return 0;
        });
    }

    /** {@code rproc_shutdown()}. */
    public Chain shutdownChain(@Nullable IntConsumer done) {
        List<Op> ops = new ArrayList<>();
        ops.add(op("rproc_shutdown", "drop a power reference", () -> {
            if (state != RprocState.RUNNING && state != RprocState.ATTACHED) {
                throw k.fail(Errno.EINVAL.negated(), "rproc_shutdown on a processor that is " + state.kernelName()
                        + ", not running or attached", "boot it first; every rproc_shutdown must follow an rproc_boot");
            }
            power--;
            if (power > 0) {
                k.note("still used: the power reference count is now " + power + "; the processor keeps running");
                return Op.DONE;
            }
            return 0;
        }));
        ops.add(stopOp(false));
        ops.add(op("rproc_resource_cleanup", "unmap and free the carveouts, remove the vdevs", () -> {
            resourceCleanup();
            return 0;
        }));
        ops.add(op("rproc_unprepare_device", "platform unpreparation (ops->unprepare)", () -> {
            if (prepared) {
                driver.unprepare(this);
                prepared = false;
            }
            return 0;
        }));
        ops.add(op("rproc_disable_iommu", "detach and free the core's domain", () -> {
            disableIommu();
            cachedTable = null;
            return 0;
        }));
        return new Chain("rproc_shutdown", ops, null, done);
    }

    // ------------------------------------------------------------------ crash, recovery

    /** {@code rproc_report_crash()}: prints and queues the crash handler. */
    public void reportCrash(CrashType type) {
        err("crash detected in " + name() + ": type " + type.kernelName());
        k.submit(crashChain());
    }

    private Chain crashChain() {
        List<Op> ops = new ArrayList<>();
        ops.add(op("rproc_crash_handler_work", "handle the crash", () -> {
            if (state == RprocState.CRASHED) {
                k.note("a crash is already being handled: only the first one is");
                return Op.DONE;
            }
            if (state == RprocState.OFFLINE) {
                k.note("the processor was stopped: no recovery");
                return Op.DONE;
            }
            setState(RprocState.CRASHED);
            err("handling crash #" + (++crashCount) + " in " + name());
            if (recoveryDisabled) {
                k.note("recovery is disabled (/sys/class/remoteproc/" + "remoteproc" + index + "/recovery): the processor"
                        + " stays crashed");
                return Op.DONE;
            }
            return 0;
        }));
        ops.add(op("rproc_trigger_recovery", "recover", () -> {
            if (state != RprocState.CRASHED) {
                return Op.DONE;
            }
            err("recovering " + name());
            return 0;
        }));
        ops.add(stopOp(true));
        ops.add(op("rproc_coredump", "write an ELF core file of the dump segments", () -> {
            CoreDump.dump(this);
            return 0;
        }));
        ops.add(op("request_firmware", "find the firmware file again", this::requestFirmware));
        ops.addAll(startOps());
        return new Chain("rproc_crash_handler_work", ops, this::recoveryUnwind, null);
    }

    private List<Op> recoveryUnwind(int errno) {
        return List.of(op("rproc_trigger_recovery: unwind", "recovery failed", () -> {
            if (state != RprocState.OFFLINE && state != RprocState.CRASHED) {
                setState(RprocState.CRASHED);
            }
            k.note("recovery failed with " + errno + ": the processor stays " + state.kernelName());
            return 0;
        }));
    }

    int elfClass() {
        return elfClass;
    }

    int elfMachine() {
        return elfMachine;
    }

    // ------------------------------------------------------------------ attach, detach

    private List<Op> attachOps() {
        List<Op> ops = new ArrayList<>();
        ops.add(op("rproc_enable_iommu", "allocate and attach an IOMMU domain", this::enableIommu));
        ops.add(op("rproc_prepare_device", "platform preparation (ops->prepare)", () -> {
            driver.prepare(this);
            prepared = true;
            return 0;
        }));
        ops.add(op("rproc_set_rsc_table", "get the table the running firmware holds", () -> {
            long[] t = driver.loadedRscTable(this);
            if (t == null) {
                k.note("the platform gives no resource table: nothing to handle");
                return 0;
            }
            byte[] table;
            try {
                table = k.sim().memory().read(t[0], (int) t[1]);
            } catch (IommuException e) {
                throw k.fail(e.errno().negated(), "the running firmware's table at pa " + Hex.of(t[0]) + " cannot be read: "
                        + e.reason(), e.fix());
            }
            cachedTable = table;
            loadedTablePa = t[0];
            return 0;
        }));
        ops.add(op("rproc_handle_resources", "handle the resource table's entries", () -> {
            nbVdev = 0;
            nextNotifyId = 0;
            resourcesHandled = true;
            try {
                Resources.handleAll(this);
            } catch (StepFailure f) {
                err("Failed to process resources: " + f.errno());
                throw f;
            }
            return 0;
        }));
        ops.add(op("rproc_alloc_registered_carveouts", "allocate (and map) the carveouts", () -> {
            allocRegisteredCarveouts();
            return 0;
        }));
        ops.add(op("ops->attach", "attach to the running processor", () -> {
            driver.attach(this);
            return 0;
        }));
        ops.add(op("rproc_start_subdevices", "start the vdevs; the processor is attached", () -> {
            for (Rvdev v : rvdevs) {
                v.start();
            }
            setState(RprocState.ATTACHED);
            info("remote processor " + name() + " is now attached");
            for (Rvdev v : rvdevs) {
                k.submit(v.rpmsgProbeChain());
            }
            return 0;
        }));
        return ops;
    }

    /** {@code rproc_detach()}. */
    public Chain detachChain(@Nullable IntConsumer done) {
        List<Op> ops = new ArrayList<>();
        ops.add(op("rproc_detach", "detach from the running processor", () -> {
            if (state != RprocState.ATTACHED) {
                throw k.fail(Errno.EINVAL.negated(), "can't detach: the processor is " + state.kernelName()
                        + ", not attached", "detach only a processor Linux attached to");
            }
            if (--power > 0) {
                return Op.DONE;
            }
            for (int i = rvdevs.size() - 1; i >= 0; i--) {
                rvdevs.get(i).stop(false);
            }
            driver.detach(this);
            resourceCleanup();
            disableIommu();
            cachedTable = null;
            loadedTablePa = -1;
            setState(RprocState.DETACHED);
            info("detached remote processor " + name());
            return 0;
        }));
        return new Chain("rproc_detach", ops, null, done);
    }

    // ------------------------------------------------------------------ memory helpers the handlers use

    /** {@code rproc_add_carveout()}. */
    public void addCarveout(MemEntry m) {
        carveouts.add(m);
    }

    /** {@code rproc_find_carveout_by_name()}. */
    public @Nullable MemEntry findCarveout(String carveoutName) {
        for (MemEntry m : carveouts) {
            if (m.name.equals(carveoutName)) {
                return m;
            }
        }
        return null;
    }

    /** {@code rproc_coredump_add_segment()}. */
    public void addDumpSegment(long da, long size) {
        dumpSegments.add(new DumpSegment(da, size));
    }

    void addMapping(long da, long len) {
        mappings.add(new Mapping(da, len));
    }

    void addTrace(long da, long len) {
        traces.add(new Trace("trace" + traces.size(), da, len));
        traceWritePos.add(0L);
    }

    void addRvdev(Rvdev v) {
        rvdevs.add(v);
    }

    int allocNotifyId() {
        return nextNotifyId++;
    }

    /**
     * {@code rproc_da_to_va()}: the host address of {@code [da, da + len)}: the driver's internal
     * memories first, then the carveouts that have memory; -1 when none holds it.
     */
    public long daToVa(long da, long len) {
        long p = driver.daToVa(this, da, len);
        if (p >= 0) {
            return p;
        }
        for (MemEntry m : carveouts) {
            if (!m.hasVa()) {
                continue;
            }
            if (m.covers(da, len)) {
                return m.pa + (da - m.da);
            }
        }
        return -1;
    }

    /** Sets {@code rproc->cached_table} ({@code parse_fw}). */
    public void setCachedTable(byte @Nullable [] table) {
        this.cachedTable = table == null ? null : table.clone();
        this.loadedTablePa = -1;
    }

    /** A 32-bit field of {@code table_ptr} (the loaded table once it is in device memory). */
    long tableRead32(int at) throws StepFailure {
        byte[] t = cachedTable;
        if (t == null) {
            throw k.fail(Errno.EINVAL.negated(), "no resource table", null);
        }
        if (loadedTablePa >= 0) {
            try {
                byte[] b = k.sim().memory().read(loadedTablePa + at, 4);
                return RscTable.u32(b, 0);
            } catch (IommuException e) {
                throw k.fail(e.errno().negated(), e.reason(), e.fix());
            }
        }
        return RscTable.u32(t, at);
    }

    /** Writes a 32-bit field of {@code table_ptr}. */
    void tableWrite32(int at, long v, String what) throws StepFailure {
        byte[] b = new byte[4];
        RscTable.put32(b, 0, v);
        tableWrite(at, b, what);
    }

    /** Writes bytes of {@code table_ptr}: the cached table, or the loaded one in device memory. */
    void tableWrite(int at, byte[] b, String what) throws StepFailure {
        byte[] t = cachedTable;
        if (t == null || !RscTable.inside(t, at, b.length)) {
            throw k.fail(Errno.EINVAL.negated(), "write of " + what + " outside the resource table", null);
        }
        if (loadedTablePa >= 0) {
            try {
                k.hostWrite(loadedTablePa + at, b, 0, b.length, -1, what);
            } catch (IommuException e) {
                throw k.fail(e.errno().negated(), e.reason(), e.fix());
            }
        } else {
            System.arraycopy(b, 0, t, at, b.length);
        }
    }

    /** The group the processor's device is in, for messages, or null. */
    @Nullable
    IommuGroup group() {
        Master m = master;
        return m == null ? null : m.group();
    }

    /** Sets the firmware name ({@code /sys/class/remoteproc/remoteprocN/firmware}); only while offline. */
    public int setFirmware(String name) {
        if (state != RprocState.OFFLINE) {
            return Errno.EBUSY.negated();
        }
        this.firmware = name;
        return 0;
    }

    /** For drivers: sets the cached table and marks where the loaded copy is. */
    void setLoadedTable(long pa) {
        this.loadedTablePa = pa;
    }

    /** Where the processor sees device address {@code da} now (its page table or bus view), or -1. */
    public long viewPa(long da) {
        return RemoteCpu.viewPa(this, da);
    }

    /** What debugfs {@code traceN} shows: trace buffer {@code n} up to its first NUL. */
    public String traceText(int n) {
        return RemoteCpu.readTrace(this, n);
    }

    /** The step that performs a remote action. */
    public Chain actionChain(dev.bringup.loader.RemoteAction a) {
        return RemoteCpu.chain(this, a);
    }

    @Override
    public String toString() {
        return "remoteproc" + index + " (" + name() + ", " + state.kernelName() + ")";
    }
}
