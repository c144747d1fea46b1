package dev.bringup.loader.internal;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

import org.eclipse.jdt.annotation.Nullable;

import dev.bringup.common.FormatException;
import dev.bringup.common.Hex;
import dev.bringup.firmware.ElfFile;
import dev.bringup.firmware.ElfProgramHeader;
import dev.bringup.iommu.DeviceAccess;
import dev.bringup.iommu.DmaApi;
import dev.bringup.iommu.Errno;
import dev.bringup.iommu.FaultRecord;
import dev.bringup.iommu.IommuDomain;
import dev.bringup.iommu.IommuException;
import dev.bringup.iommu.IommuGroup;
import dev.bringup.iommu.Master;
import dev.bringup.iommu.MemoryRegion;
import dev.bringup.iommu.Walk;
import dev.bringup.loader.LogLine;
import dev.bringup.loader.RemoteAction;

/**
 * The remote side of a running processor, and the other DMA masters of the SoC: each
 * {@link RemoteAction} as a step. The processor's accesses go through its IOMMU (the IOTLB and
 * the page table, faults reported to the domain's handler with the IOMMU driver's messages) or
 * its bus view ({@code dma-ranges}); nothing it does is decided by the scenario.
 */
final class RemoteCpu {

    private static final int FETCH_BYTES = 4;

    private RemoteCpu() {
    }

    /**
     * The physical address at which the processor sees device address {@code da} now, from its
     * page table or bus view alone (no fault is reported); -1 when nothing is there.
     */
    static long viewPa(Rproc r, long da) {
        Master m = r.driver().accessMaster(r);
        if (m == null) {
            return da;
        }
        if (m.iommu() == null) {
            return m.directPhys(da);
        }
        Walk w = r.kernel().sim().access().walk(m, da);
        if (w == null) {
            return da;
        }
        return w.mapped() ? w.pa() : -1;
    }

    /** The step that performs {@code a} for {@code r}. */
    static Chain chain(Rproc r, RemoteAction a) {
        Op op = new Op(a.stepName(), a.toString(), () -> {
            run(r, a);
            return 0;
        });
        return new Chain(a.stepName(), List.of(op), null, null);
    }

    private static void run(Rproc r, RemoteAction a) throws StepFailure {
        Kernel k = r.kernel();
        switch (a) {
        case RemoteAction.DmaMap d -> dmaMap(r, d);
        case RemoteAction.DmaAlloc d -> dmaAlloc(r, d);
        default -> {
            if (!r.state().isUp()) {
                throw k.fail(Errno.ENODEV.negated(), r.name() + " is " + r.state().kernelName() + ": it runs no firmware"
                        + " that could " + a, "boot it first");
            }
            switch (a) {
            case RemoteAction.Fetch f -> fetch(r);
            case RemoteAction.Read rd -> {
                byte[] buf = new byte[rd.length()];
                Master m = via(r, rd.via());
                access(r, m, rd.da(), buf, false, "read");
                k.note(m.name() + " read " + rd.length() + " bytes at da " + Hex.of(rd.da()) + ": "
                        + HexFormat.of().formatHex(buf, 0, Math.min(buf.length, 64)) + (buf.length > 64 ? "..." : ""));
            }
            case RemoteAction.Write w -> access(r, via(r, w.via()), w.da(), w.bytes(), true, "remote write");
            case RemoteAction.Trace t -> trace(r, t.text());
            case RemoteAction.Announce an -> {
                List<Rvdev> vdevs = r.rvdevs();
                if (vdevs.isEmpty()) {
                    throw k.fail(Errno.ENODEV.negated(), "the firmware's resource table has no vdev: there is no rpmsg bus"
                            + " to announce " + an.name() + " on", "add an rpmsg vdev (id 7) to the resource table");
                }
                vdevs.get(0).announce(an.name(), an.addr());
            }
            case RemoteAction.Crash c -> {
                r.driver().crashInterrupt(r, c.type(), c.message());
                r.reportCrash(c.type());
            }
            default -> throw new IllegalStateException("unhandled action " + a);
            }
        }
        }
    }

    private static Master via(Rproc r, @Nullable String name) throws StepFailure {
        Kernel k = r.kernel();
        if (name == null) {
            Master m = r.driver().accessMaster(r);
            if (m == null) {
                throw k.fail(Errno.ENODEV.negated(), r.name() + " has no DMA device in the simulated SoC", null);
            }
            return m;
        }
        Master m = k.soc().masterNamed(name);
        if (m == null) {
            throw k.fail(Errno.ENODEV.negated(), "no DMA master called " + name + " in the simulated SoC (masters: "
                    + k.sim().masters().stream().map(Master::name).toList() + ")", "name a device by its dev_name, label or"
                            + " devicetree path");
        }
        return m;
    }

    /** The processor fetches its first instructions and the simulation compares them with the ELF. */
    private static void fetch(Rproc r) throws StepFailure {
        Kernel k = r.kernel();
        long at = r.driver().resetAddress(r);
        Master m = via(r, null);
        byte[] got = new byte[FETCH_BYTES];
        access(r, m, at, got, false, "instruction fetch");
        FirmwareImage fw = r.firmwareImage();
        byte[] want = fw == null ? null : elfBytes(fw, at - r.relocation(), FETCH_BYTES);
        if (want == null) {
            k.note("fetched " + HexFormat.of().formatHex(got) + " at da " + Hex.of(at) + " (no file bytes of the ELF there"
                    + " to compare with)");
            return;
        }
        if (!java.util.Arrays.equals(got, want)) {
            long pa = viewPa(r, at);
            throw k.fail(Errno.EFAULT.negated(), r.name() + " fetched " + HexFormat.of().formatHex(got) + " at da "
                    + Hex.of(at) + " (pa " + (pa < 0 ? "?" : Hex.of(pa)) + ") but the firmware has "
                    + HexFormat.of().formatHex(want) + " there: the processor sees other memory than the one the host"
                    + " loaded" + loadedAt(r, at), "make the processor's view of da " + Hex.of(at)
                            + " reach the memory the segment was loaded into");
        }
        k.note(r.name() + " fetched " + HexFormat.of().formatHex(got) + " at da " + Hex.of(at) + ": the firmware's bytes");
    }

    private static String loadedAt(Rproc r, long da) {
        long host = r.daToVa(da, 1);
        return host < 0 ? "" : " (the host loaded them at pa " + Hex.of(host) + ")";
    }

    /** The file bytes of the ELF at device address {@code da}, or null when no PT_LOAD has them. */
    static byte @Nullable [] elfBytes(FirmwareImage fw, long da, int len) {
        ElfFile e = fw.elf();
        if (e == null) {
            return null;
        }
        for (ElfProgramHeader p : e.programHeaders()) {
            if (p.isLoad() && Long.compareUnsigned(da - p.p_paddr(), p.p_filesz()) < 0
                    && Long.compareUnsigned(da - p.p_paddr() + len, p.p_filesz()) <= 0) {
                try {
                    return e.read(p.p_offset() + (da - p.p_paddr()), len);
                } catch (FormatException x) {
                    return null;
                }
            }
        }
        return null;
    }

    /** An access of {@code m} through its IOMMU or bus view; a fault fails the step. */
    private static void access(Rproc r, Master m, long da, byte[] buf, boolean write, String what) throws StepFailure {
        Kernel k = r.kernel();
        DeviceAccess acc = k.sim().access();
        DeviceAccess.Result res = write ? acc.write(m, da, buf) : acc.read(m, da, buf);
        FaultRecord f = res.fault();
        if (f == null) {
            if (write) {
                recordWrites(r, m, da, buf.length, what);
            }
            return;
        }
        k.fault(f);
        if (f.reason() == FaultRecord.Reason.EXTERNAL) {
            k.note("bus error: " + String.join("; ", f.kernelLog()));
        } else {
            for (String line : f.kernelLog()) {
                int colon = line.indexOf(": ");
                k.printk(LogLine.ERR, colon < 0 ? "" : line.substring(0, colon), colon < 0 ? line : line.substring(colon + 2));
            }
        }
        throw k.fail(Errno.EFAULT.negated(), what + " by " + m.name() + " at da " + Hex.of(f.da()) + ": " + f.summary()
                + explain(r, m, f), fix(r, m, f));
    }

    private static String explain(Rproc r, Master m, FaultRecord f) {
        StringBuilder b = new StringBuilder();
        IommuGroup g = m.group();
        IommuDomain d = g == null ? null : g.domain();
        if (f.reason() == FaultRecord.Reason.EXTERNAL) {
            long pa = viewPa(r, f.da());
            b.append(". The device address translates to pa ").append(pa < 0 ? "?" : Hex.of(pa))
                    .append(", which no memory or register region of the SoC backs");
            for (MemEntry e : r.carveouts()) {
                if (e.covers(f.da(), 1) && e.dma >= 0 && e.dma != e.pa) {
                    b.append("; ").append(e.name).append(" was mapped to its DMA address ").append(Hex.of(e.dma))
                            .append(" (an IOVA) instead of its physical address ").append(Hex.of(e.pa));
                }
            }
        } else if (d != null) {
            b.append(". ").append(d.label()).append(" maps nothing at da ").append(Hex.of(f.da()));
            for (MemEntry e : r.carveouts()) {
                if (e.covers(f.da(), 1) && e.dma >= 0 && e.dma != e.da) {
                    b.append("; the host put ").append(e.name).append(" at DMA address ").append(Hex.of(e.dma))
                            .append(", not at the da the firmware uses");
                }
            }
        }
        if (f.handlerResult() == Errno.ENOSYS.negated() && r.domain() == null) {
            b.append("; no remoteproc fault handler is installed on that domain, so no crash is reported");
        }
        return b.toString();
    }

    private static @Nullable String fix(Rproc r, Master m, FaultRecord f) {
        if (f.reason() == FaultRecord.Reason.EXTERNAL) {
            return "map the device address to the buffer's physical address";
        }
        if (m != r.master()) {
            return "a function reaches only what was mapped for its own stream: map the buffer for " + m.name()
                    + " too, or let the DSP use the session that owns it";
        }
        return "map da " + Hex.of(f.da()) + " for " + r.name() + " before it runs, or fix the firmware's address";
    }

    private static void recordWrites(Rproc r, Master m, long da, int len, String what) {
        long at = da;
        long end = da + len;
        while (at < end) {
            long n = Math.min(end - at, 4096 - (at & 4095));
            long pa = viewPa(r, at);
            if (pa >= 0) {
                r.kernel().recordWrite(pa, n, at, what + " by " + m.name());
            }
            at += n;
        }
    }

    /** The firmware writes {@code text} and a newline into trace buffer 0, a ring with a NUL after the newest character. */
    private static void trace(Rproc r, String text) throws StepFailure {
        Kernel k = r.kernel();
        List<Rproc.Trace> traces = r.traces();
        if (traces.isEmpty()) {
            throw k.fail(Errno.ENODEV.negated(), "the firmware announces no trace buffer (no RSC_TRACE entry handled)",
                    "add a TRACE entry to the resource table");
        }
        Rproc.Trace t = traces.get(0);
        byte[] line = (text + "\n").getBytes(StandardCharsets.ISO_8859_1);
        long pos = r.traceWritePos.get(0);
        Master m = via(r, null);
        for (byte c : line) {
            if (t.len() < 2) {
                break;
            }
            if (pos + 1 >= t.len()) {
                pos = 0;
            }
            access(r, m, t.da() + pos, new byte[] { c, 0 }, true, "trace0");
            pos++;
        }
        r.traceWritePos.set(0, pos);
        k.note("trace0 now reads: " + readTrace(r, 0).replace("\n", "\\n"));
    }

    /** What Linux's debugfs {@code trace0} shows: the buffer up to its first NUL, read by the host. */
    static String readTrace(Rproc r, int index) {
        List<Rproc.Trace> traces = r.traces();
        if (index >= traces.size()) {
            return "";
        }
        Rproc.Trace t = traces.get(index);
        long pa = r.daToVa(t.da(), t.len());
        if (pa < 0 || t.len() > 1 << 24) {
            return "";
        }
        try {
            byte[] b = r.kernel().sim().memory().read(pa, (int) t.len());
            int n = 0;
            while (n < b.length && b[n] != 0) {
                n++;
            }
            return new String(b, 0, n, StandardCharsets.ISO_8859_1);
        } catch (IommuException e) {
            return "";
        }
    }

    private static void dmaMap(Rproc r, RemoteAction.DmaMap d) throws StepFailure {
        Kernel k = r.kernel();
        Master m = via(r, d.master());
        long pa = firstDram(k);
        for (int i = 0; i < d.count(); i++) {
            try {
                k.sim().dma().mapSingle(m, pa, d.size(), DmaApi.Direction.BIDIRECTIONAL);
            } catch (IommuException e) {
                throw k.fail(e.errno().negated(), m.name() + "'s dma_map_single number " + (i + 1) + " of " + d.count()
                        + " (" + Hex.of(d.size()) + " bytes) failed: " + e.reason() + collision(r, m, e),
                        "let the DMA API own the whole IOVA space of a shared domain: give " + r.name()
                                + " a domain of its own (its own bank, IOVA region or stream), or take its range in the"
                                + " allocator (a reserved region with iommu-addresses)");
            }
        }
        k.note(m.name() + " mapped " + d.count() + " buffers of " + Hex.of(d.size()) + " bytes"
                + (m.group() == null ? "" : " in " + m.group().describe()));
    }

    private static String collision(Rproc r, Master m, IommuException e) {
        if (e.errno() != Errno.EEXIST) {
            return "";
        }
        long iova = e.location().address();
        for (MemEntry c : r.carveouts()) {
            if (c.covers(iova, 1)) {
                return ". The IOVA allocator of " + m.name() + "'s DMA domain handed out an address that " + r.name()
                        + "'s " + c.name + " (da " + Hex.of(c.da) + ", " + Hex.of(c.len) + " bytes) occupies: it was mapped"
                        + " into the shared page table behind the allocator's back";
            }
        }
        return ". Something was mapped into the shared page table behind the IOVA allocator's back";
    }

    private static void dmaAlloc(Rproc r, RemoteAction.DmaAlloc d) throws StepFailure {
        Kernel k = r.kernel();
        Master m = via(r, d.master());
        try {
            DmaApi.DmaBuffer b = k.sim().dma().allocCoherent(m, d.size());
            k.note(m.name() + " got " + b);
        } catch (IommuException e) {
            throw k.fail(e.errno().negated(), m.name() + "'s dma_alloc_coherent(" + Hex.of(d.size()) + ") failed: "
                    + e.reason(), e.fix());
        }
    }

    private static long firstDram(Kernel k) {
        for (MemoryRegion reg : k.sim().memory().regions()) {
            if (reg.kind() == MemoryRegion.Kind.DRAM) {
                return reg.base();
            }
        }
        return 0;
    }

}
