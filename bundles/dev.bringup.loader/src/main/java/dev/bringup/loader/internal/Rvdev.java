package dev.bringup.loader.internal;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.jdt.annotation.Nullable;

import dev.bringup.common.Hex;
import dev.bringup.iommu.ContiguousAllocator;
import dev.bringup.iommu.DmaApi;
import dev.bringup.iommu.Errno;
import dev.bringup.iommu.IommuException;
import dev.bringup.iommu.Master;
import dev.bringup.loader.LogLine;
import dev.bringup.model.ReservedMemory;

/**
 * One virtio device a processor's resource table announces ({@code struct rproc_vdev}): its
 * vrings (allocated as carveouts {@code vdevNvringM} when the table is handled), the virtio
 * device registered when the processor starts ({@code rproc_add_virtio_dev}), and, for rpmsg
 * (id 7), the {@code virtio_rpmsg_bus} driver's probe that finds the vrings, writes their device
 * addresses into the loaded table, allocates the buffers and sets {@code DRIVER_OK}.
 */
public final class Rvdev {

    /** {@code VIRTIO_ID_RPMSG}. */
    public static final int VIRTIO_ID_RPMSG = 7;
    private static final int MAX_RPMSG_NUM_BUFS = 512;
    private static final int MAX_RPMSG_BUF_SIZE = 512;
    private static final int VIRTIO_CONFIG_S_ACKNOWLEDGE = 1;
    private static final int VIRTIO_CONFIG_S_DRIVER = 2;
    private static final int VIRTIO_CONFIG_S_DRIVER_OK = 4;
    private static final long VIRTIO_RPMSG_F_NS = 1;

    private record Vring(long num, long align) {
    }

    private final Rproc r;
    private final int index;
    private final int id;
    private final int rscOffset;
    private final List<Vring> vrings = new ArrayList<>();
    private int virtio = -1;
    private boolean online;
    /** The reserved-memory node the vdev device allocates from, or null. */
    private @Nullable String poolNode;
    /** A pool declared over a carveout ({@code dma_declare_coherent_memory}): pa, da, len; or null. */
    private long @Nullable [] declared;
    private long buffersPa = -1;
    private long buffersDa = -1;
    private long buffersLen;
    private @Nullable ContiguousAllocator buffersFrom;
    /** The vdev device's coherent pool over its reserved-memory node (the simulation's own), or null. */
    private @Nullable ContiguousAllocator pool;
    private DmaApi.@Nullable DmaBuffer buffersDma;
    private final List<String> channels = new ArrayList<>();

    Rvdev(Rproc r, int index, int id, int rscOffset) {
        this.r = r;
        this.index = index;
        this.id = id;
        this.rscOffset = rscOffset;
    }

    public int index() {
        return index;
    }

    /** The virtio device id ({@code 7} for rpmsg). */
    public int id() {
        return id;
    }

    /** {@code virtioN}'s N once registered, else -1. */
    public int virtioIndex() {
        return virtio;
    }

    /** Whether the rpmsg host side is up ({@code rpmsg host is online}). */
    public boolean online() {
        return online;
    }

    /** The channels the remote announced. */
    public List<String> channels() {
        return List.copyOf(channels);
    }

    /** Where the rpmsg buffers are: pa, da and length; null before the rpmsg probe. */
    public long @Nullable [] buffers() {
        return buffersPa < 0 ? null : new long[] { buffersPa, buffersDa, buffersLen };
    }

    /** {@code remoteproc0#vdev0buffer}, the vdev device's name, printed with a leading space (no driver). */
    String vdevDev() {
        return " remoteproc" + r.index() + "#vdev" + index + "buffer";
    }

    String virtioDev() {
        return "virtio_rpmsg_bus virtio" + virtio;
    }

    void addVring(long num, long align) {
        vrings.add(new Vring(num, align));
    }

    private int vringAt(int i) {
        return rscOffset + RscTable.VDEV_SIZE + i * RscTable.VRING_SIZE;
    }

    /** {@code rproc_alloc_vring()}: registers (or finds) carveout {@code vdevNvringI} and gives the vring a notify id. */
    void allocVring(int i) throws StepFailure {
        Kernel k = r.kernel();
        Vring v = vrings.get(i);
        long size = RscTable.pageAlign(RscTable.vringSize(v.num(), v.align()));
        long da = r.tableRead32(vringAt(i) + RscTable.R_DA);
        String name = "vdev" + index + "vring" + i;
        MemEntry mem = r.findCarveout(name);
        if (mem != null) {
            Resources.checkCarveoutDa(r, mem, da, size);
            k.note(name + " is the registered region " + mem + " (" + Hex.of(size) + " bytes needed)");
        } else {
            mem = new MemEntry(name, -1, -1, size, da, Rproc::allocCarveoutCallback, Rproc::releaseCarveoutCallback, "vring");
            r.addCarveout(mem);
            k.note(name + ": " + Hex.of(size) + " bytes at " + (da == MemEntry.ADDR_ANY ? "a device address the host chooses"
                    : "da " + Hex.of(da)) + "; the core allocates it with dma_alloc_coherent");
            for (MemEntry other : r.carveouts()) {
                if (other != mem && other.rscOffset >= 0 && da != MemEntry.ADDR_ANY && other.da != MemEntry.ADDR_ANY
                        && Long.compareUnsigned(da, other.da + other.len) < 0
                        && Long.compareUnsigned(other.da, da + size) < 0) {
                    k.note(name + " (da " + Hex.of(da) + ".." + Hex.of(da + size) + ") lies inside carveout " + other.name
                            + " (da " + Hex.of(other.da) + ".." + Hex.of(other.da + other.len) + "): Linux allocates it"
                            + " separately, so the same device addresses are asked for twice");
                }
            }
        }
        int notifyid = r.allocNotifyId();
        r.tableWrite32(vringAt(i) + RscTable.R_NOTIFYID, notifyid, "resource table: vdev" + index + " vring" + i + ".notifyid");
    }

    /** {@code rproc_add_virtio_dev()}: assigns the buffer memory and registers {@code virtioN}. */
    void start() throws StepFailure {
        Kernel k = r.kernel();
        if (!r.driver().hasKick()) {
            k.printk(LogLine.ERR, vdevDev(), ".kick method not defined for " + r.name());
            throw k.fail(Errno.EINVAL.negated(), r.driver().driverName() + " has no kick operation, which virtio needs",
                    null);
        }
        poolNode = null;
        pool = null;
        declared = null;
        MemEntry mem = r.findCarveout("vdev" + index + "buffer");
        if (mem != null) {
            if (mem.ofResmIdx >= 0) {
                if (!assignReservedMemory(mem.ofResmIdx)) {
                    k.printk(LogLine.ERR, vdevDev(), "Can't associate reserved memory");
                    throw k.fail(Errno.EINVAL.negated(), "memory-region " + mem.ofResmIdx + " of " + r.devName()
                            + " (vdev" + index + "buffer) is no shared-dma-pool: of_reserved_mem_device_init_by_idx() has"
                            + " nothing to assign", "add compatible = \"shared-dma-pool\" to the vdev" + index
                                    + "buffer node");
                }
            } else {
                long pa;
                if (mem.hasVa()) {
                    k.printk(LogLine.WARNING, vdevDev(), "vdev " + index + " buffer already mapped");
                    pa = mem.pa;
                } else {
                    pa = mem.dma;
                }
                declared = new long[] { pa, mem.da, mem.len };
                k.note("rpmsg buffers will come from carveout " + mem.name + " (pa " + Hex.of(pa) + ", da " + Hex.of(mem.da)
                        + ", " + Hex.of(mem.len) + " bytes)");
            }
        } else if (!assignReservedMemory(0)) {
            k.note("no vdev" + index + "buffer and no usable memory-region 0: rpmsg buffers come from the global DMA pool"
                    + " of " + r.devName());
        }
        virtio = k.allocVirtioIndex();
        k.printk(LogLine.INFO, vdevDev(), "registered virtio" + virtio + " (type " + id + ")");
    }

    /** {@code of_reserved_mem_device_init_by_idx()}: true when memory-region {@code idx} could be assigned. */
    private boolean assignReservedMemory(int idx) {
        Kernel k = r.kernel();
        List<ReservedMemory> regions = r.node().getMemoryRegions();
        if (idx < 0 || idx >= regions.size()) {
            return false;
        }
        ReservedMemory rm = regions.get(idx);
        String node = k.soc().reservedName(rm);
        if (!rm.isSharedDmaPool()) {
            return false;
        }
        poolNode = node;
        if (!rm.isReusable()) {
            // rmem_dma_device_init(): the dma_coherent_mem the simulation keeps over the node
            pool = k.sim().reservedMemory().pool(node);
        }
        k.printk(LogLine.INFO, vdevDev(), "assigned reserved memory node " + node);
        return true;
    }

    /** The rpmsg driver's probe as a step of its own (it runs after {@code is now up}, as on real boards). */
    Chain rpmsgProbeChain() {
        Op probe = new Op("rpmsg_probe", "virtio_rpmsg_bus: find the vrings, allocate the buffers, DRIVER_OK", () -> {
            if (id != VIRTIO_ID_RPMSG) {
                r.kernel().note("virtio" + virtio + " has device id " + id + ": no virtio driver of the simulation binds it");
                return 0;
            }
            rpmsgProbe();
            return 0;
        });
        return new Chain("rpmsg_probe", List.of(probe), null, null);
    }

    private void rpmsgProbe() throws StepFailure {
        Kernel k = r.kernel();
        if (virtio < 0 || vrings.size() < 2) {
            k.note("rpmsg needs a registered virtio device with two vrings");
            return;
        }
        long num = vrings.get(0).num();
        for (int i = 0; i < vrings.size(); i++) {
            MemEntry mem = r.findCarveout("vdev" + index + "vring" + i);
            if (mem == null || !mem.hasVa()) {
                k.printk(LogLine.ERR, virtioDev(), "failed to find vqs: -12");
                throw k.fail(Errno.ENOMEM.negated(), "vdev" + index + "vring" + i + " has no memory", null);
            }
            Vring v = vrings.get(i);
            try {
                k.hostZero(mem.pa, RscTable.vringSize(v.num(), v.align()), mem.da, "vring" + i + " (zeroed)");
            } catch (IommuException e) {
                throw k.fail(e.errno().negated(), "vring" + i + " at pa " + Hex.of(mem.pa) + ": " + e.reason(), e.fix());
            }
            r.tableWrite32(vringAt(i) + RscTable.R_DA, mem.da & 0xFFFF_FFFFL, "resource table: vdev" + index + " vring" + i
                    + ".da");
            k.note("vring" + i + ": da " + Hex.of(mem.da) + " written to the table the firmware reads");
        }
        int numBufs = num < MAX_RPMSG_NUM_BUFS / 2 ? (int) num * 2 : MAX_RPMSG_NUM_BUFS;
        long total = (long) numBufs * MAX_RPMSG_BUF_SIZE;
        try {
            allocBuffers(total);
        } catch (IommuException e) {
            k.printk(LogLine.WARNING, virtioDev(), "probe with driver virtio_rpmsg_bus failed with error -12");
            throw k.fail(Errno.ENOMEM.negated(), "rpmsg needs " + numBufs + " buffers of 512 bytes (" + Hex.of(total)
                    + " bytes) and " + (poolNode != null ? "reserved memory " + poolNode : "its pool") + " cannot give them: "
                    + e.reason(), "make vdev" + index + "buffer at least " + Hex.of(total) + " bytes");
        }
        long dfeatures = r.tableRead32(rscOffset + RscTable.V_DFEATURES);
        r.tableWrite32(rscOffset + RscTable.V_GFEATURES, dfeatures & VIRTIO_RPMSG_F_NS, "resource table: vdev" + index
                + ".gfeatures");
        int status = VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER | VIRTIO_CONFIG_S_DRIVER_OK;
        r.tableWrite(rscOffset + RscTable.V_STATUS, new byte[] { (byte) status }, "resource table: vdev" + index + ".status");
        online = true;
        k.printk(LogLine.INFO, virtioDev(), "rpmsg host is online");
        k.note(numBufs + " rpmsg buffers of 512 bytes at pa " + Hex.of(buffersPa) + " (da " + Hex.of(buffersDa)
                + "); vdev status " + status + " (DRIVER_OK): the firmware may start talking");
    }

    private void allocBuffers(long total) throws IommuException {
        Kernel k = r.kernel();
        Master m = r.master();
        long[] d = declared;
        String owner = "remoteproc" + r.index() + "#vdev" + index + "buffer (rpmsg buffers)";
        buffersLen = total;
        if (d != null) {
            if (total > d[2]) {
                throw new IommuException(Errno.ENOMEM, "the declared pool has " + Hex.of(d[2]) + " bytes", null);
            }
            buffersPa = d[0];
            buffersDa = d[1];
            return;
        }
        ContiguousAllocator own = pool;
        if (own != null) {
            buffersPa = own.allocate(total, owner);
            buffersFrom = own;
            buffersDa = m == null ? buffersPa : m.directDma(buffersPa);
            return;
        }
        String node = poolNode;
        ContiguousAllocator cma = node == null ? null : k.sim().reservedMemory().cma(node);
        if (cma != null) {
            buffersPa = cma.allocate(total, owner);
            buffersFrom = cma;
            buffersDa = m == null ? buffersPa : m.directDma(buffersPa);
            return;
        }
        if (m == null) {
            throw new IommuException(Errno.ENODEV, r.devName() + " has no DMA device", null);
        }
        DmaApi.DmaBuffer b = k.sim().dma().allocCoherent(m, total);
        buffersDma = b;
        buffersPa = b.pa();
        buffersDa = b.dmaHandle();
    }

    /** An rpmsg name-service announcement from the remote. */
    void announce(String name, long addr) throws StepFailure {
        Kernel k = r.kernel();
        if (!online) {
            throw k.fail(Errno.ENODEV.negated(), "the rpmsg host side is not online: the announcement of " + name
                    + " reaches no one", "wait for 'rpmsg host is online' (DRIVER_OK) before announcing channels");
        }
        channels.add(name);
        k.printk(LogLine.INFO, virtioDev(), "creating channel " + name + " addr " + Hex.of(addr));
    }

    /** {@code rproc_vdev_do_stop()}: unregisters the virtio device and the rpmsg devices. */
    void stop(boolean crashed) {
        Kernel k = r.kernel();
        if (virtio >= 0) {
            k.note("virtio" + virtio + " removed" + (crashed ? " (crash)" : "") + (channels.isEmpty() ? ""
                    : "; rpmsg channels " + channels + " destroyed"));
        }
        freeBuffers();
        online = false;
        channels.clear();
        virtio = -1;
    }

    private void freeBuffers() {
        try {
            ContiguousAllocator from = buffersFrom;
            DmaApi.DmaBuffer b = buffersDma;
            if (from != null && buffersPa >= 0) {
                from.free(buffersPa);
            } else if (b != null) {
                r.kernel().sim().dma().freeCoherent(b);
            }
        } catch (IommuException e) {
            r.kernel().note("freeing the rpmsg buffers: " + e.describe());
        }
        buffersFrom = null;
        buffersDma = null;
        buffersPa = -1;
        buffersDa = -1;
    }

    /** {@code rproc_vdev_release()}. */
    void remove() {
        if (virtio >= 0) {
            stop(false);
        }
    }
}
