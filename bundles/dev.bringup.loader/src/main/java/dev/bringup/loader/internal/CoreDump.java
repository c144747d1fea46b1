package dev.bringup.loader.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

import dev.bringup.common.Hex;
import dev.bringup.iommu.IommuException;

/**
 * {@code rproc_coredump()} ({@code drivers/remoteproc/remoteproc_coredump.c}): an ELF file of
 * type {@code ET_CORE} with one {@code PT_LOAD} per dump segment ({@code p_vaddr = p_paddr = da},
 * flags RWX, align 0), the segments' bytes read through {@code da_to_va}, {@code e_entry} the
 * boot address, in the class and machine of the firmware. A segment no carveout holds is filled
 * with {@code 0xff}, as the kernel does.
 */
final class CoreDump {

    private static final int ET_CORE = 4;
    private static final int PT_LOAD = 1;
    private static final int PF_RWX = 7;

    private CoreDump() {
    }

    /** Builds the dump of {@code r}'s segments and hands it to the kernel (devcoredump); nothing when there are none. */
    static void dump(Rproc r) {
        Kernel k = r.kernel();
        List<Rproc.DumpSegment> segs = r.dumpSegments();
        if (segs.isEmpty()) {
            k.note("no dump segments registered (the driver registers none): no coredump, as in Linux");
            return;
        }
        boolean is64 = r.elfClass() == 2;
        int ehsize = is64 ? 64 : 52;
        int phsize = is64 ? 56 : 32;
        long total = ehsize + (long) phsize * segs.size();
        for (Rproc.DumpSegment s : segs) {
            total += s.size();
        }
        if (total > Integer.MAX_VALUE - 16) {
            k.note("the dump segments add up to " + Hex.of(total) + " bytes: too large for a coredump here");
            return;
        }
        ByteBuffer b = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] { 0x7f, 'E', 'L', 'F', (byte) (is64 ? 2 : 1), 1, 1, 0 });
        b.position(16);
        b.putShort((short) ET_CORE);
        b.putShort((short) r.elfMachine());
        b.putInt(1);
        if (is64) {
            b.putLong(r.bootaddr()).putLong(ehsize).putLong(0);
        } else {
            b.putInt((int) r.bootaddr()).putInt(ehsize).putInt(0);
        }
        b.putInt(0);
        b.putShort((short) ehsize).putShort((short) phsize).putShort((short) segs.size());
        b.putShort((short) 0).putShort((short) 0).putShort((short) 0);
        long offset = ehsize + (long) phsize * segs.size();
        int ph = ehsize;
        for (Rproc.DumpSegment s : segs) {
            b.position(ph);
            if (is64) {
                b.putInt(PT_LOAD).putInt(PF_RWX).putLong(offset).putLong(s.da()).putLong(s.da()).putLong(s.size())
                        .putLong(s.size()).putLong(0);
            } else {
                b.putInt(PT_LOAD).putInt((int) offset).putInt((int) s.da()).putInt((int) s.da()).putInt((int) s.size())
                        .putInt((int) s.size()).putInt(PF_RWX).putInt(0);
            }
            byte[] data = new byte[(int) s.size()];
            long pa = r.daToVa(s.da(), s.size());
            boolean ok = false;
            if (pa >= 0) {
                try {
                    k.sim().memory().read(pa, data, 0, data.length);
                    ok = true;
                } catch (IommuException e) {
                    ok = false;
                }
            }
            if (!ok) {
                r.err("coredump: " + Hex.of(s.da()) + " is not a valid da");
                java.util.Arrays.fill(data, (byte) 0xff);
            }
            b.position((int) offset);
            b.put(data);
            offset += s.size();
            ph += phsize;
        }
        k.addCoredump(b.array());
        k.note("coredump: ELF" + (is64 ? 64 : 32) + " ET_CORE, " + segs.size() + " PT_LOAD segment(s), " + total + " bytes");
    }
}
