package dev.bringup.loader.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import org.eclipse.jdt.annotation.Nullable;

import dev.bringup.common.FormatException;
import dev.bringup.common.Hex;
import dev.bringup.firmware.ElfFile;
import dev.bringup.firmware.ElfProgramHeader;
import dev.bringup.iommu.AddressRange;
import dev.bringup.iommu.Errno;
import dev.bringup.iommu.IommuDomain;
import dev.bringup.iommu.IommuException;
import dev.bringup.iommu.IommuProt;
import dev.bringup.iommu.Master;
import dev.bringup.iommu.OwnerAccess;
import dev.bringup.iommu.TranslationOwner;

/**
 * The Qualcomm secure world (TrustZone's Peripheral Authentication Service) and, where the SoC
 * runs Qualcomm's hypervisor, the hypervisor that owns the DSPs' SMMU translation:
 * {@code qcom_scm_pas_init_image} (the metadata: ELF header, program headers, hash segment),
 * {@code qcom_scm_pas_auth_and_reset} (checks the SHA-384 of every loaded segment against the
 * hash segment, as found in memory, and releases the processor from reset; under the hypervisor
 * it first maps the carveout 1:1 for the processor), the SHM bridge, and the resource table a
 * KVM host asks the secure world for.
 * <p>
 * What is simulated: the hash check, the hypervisor's mapping, the bridges. What is not: the
 * signature and certificate chain (the images the project builds carry none; the simulated
 * secure world accepts unsigned images and says so), and the secure world's own resource
 * entries (not public: it returns a table without entries).
 */
public final class SecureWorld {

    private static final int QCOM_MDT_TYPE_MASK = 7 << 24;
    private static final int QCOM_MDT_TYPE_HASH = 2 << 24;
    private static final int MBN_V6_HEADER = 48;
    private static final int SHA384 = 48;

    /** An SHM bridge the host created ({@code qcom_scm_shm_bridge_create}). */
    public record ShmBridge(long pa, long size, String owner) {
    }

    private final Kernel k;
    private final List<ShmBridge> bridges = new ArrayList<>();
    private final java.util.Map<Master, IommuDomain> hypervisorDomains = new java.util.IdentityHashMap<>();
    private byte @Nullable [] metadata;
    private @Nullable ElfFile metadataElf;

    SecureWorld(Kernel k) {
        this.k = k;
    }

    /** The bridges that exist. */
    public List<ShmBridge> bridges() {
        return List.copyOf(bridges);
    }

    /** {@code qcom_scm_shm_bridge_create()} over {@code [pa, pa + size)}. */
    void createBridge(long pa, long size, String owner) {
        bridges.add(new ShmBridge(pa, size, owner));
        k.note("SHM bridge created with the secure world for " + new AddressRange(pa, size) + " (" + owner + ")");
    }

    /** {@code qcom_scm_shm_bridge_delete()}. */
    void deleteBridges(String owner) {
        bridges.removeIf(b -> b.owner().equals(owner));
    }

    /** {@code qcom_scm_pas_init_image()}: takes the metadata and checks the hash segment's header. */
    void initImage(Rproc r, ElfFile elf) throws StepFailure {
        ElfProgramHeader hash = hashSegment(elf);
        if (hash == null) {
            throw k.fail(Errno.EINVAL.negated(), "the image has no hash segment (a PT_NULL whose p_flags type bits 24..26"
                    + " are 2): the secure world has nothing to authenticate", "sign the image with the hash segment"
                            + " (Qualcomm's sectools), or boot it through a driver that does not use PAS");
        }
        byte[] h;
        try {
            h = elf.segmentBytes(hash, 1 << 20);
        } catch (FormatException e) {
            throw k.fail(Errno.EINVAL.negated(), "the hash segment cannot be read: " + e.describe(), e.fix());
        }
        if (h.length < MBN_V6_HEADER) {
            throw k.fail(Errno.EINVAL.negated(), "the hash segment has " + h.length + " bytes, fewer than an MBN header",
                    null);
        }
        metadata = h;
        metadataElf = elf;
        ByteBuffer b = ByteBuffer.wrap(h).order(ByteOrder.LITTLE_ENDIAN);
        k.note("secure world: metadata accepted (MBN version " + b.getInt(4) + ", " + (b.getInt(20) / SHA384)
                + " SHA-384 hashes, signature " + (b.getInt(28) == 0 ? "none: the simulated secure world does not enforce"
                        + " signing" : Hex.of(Integer.toUnsignedLong(b.getInt(28))) + " bytes, not checked") + ")");
    }

    private static @Nullable ElfProgramHeader hashSegment(ElfFile elf) {
        for (ElfProgramHeader p : elf.programHeaders()) {
            if ((p.p_flags() & QCOM_MDT_TYPE_MASK) == QCOM_MDT_TYPE_HASH) {
                return p;
            }
        }
        return null;
    }

    /**
     * {@code qcom_scm_pas_auth_and_reset()}: hashes every loaded segment as it is in memory and
     * compares with the hash segment; under the hypervisor, maps {@code [memPhys, memPhys + memSize)}
     * 1:1 for the processor; then releases it from reset.
     */
    void authAndReset(Rproc r, long memPhys, long memSize) throws StepFailure {
        byte[] meta = metadata;
        ElfFile elf = metadataElf;
        if (meta == null || elf == null) {
            throw k.fail(Errno.EINVAL.negated(), "auth_and_reset without metadata (qcom_scm_pas_init_image was not called)",
                    null);
        }
        ByteBuffer b = ByteBuffer.wrap(meta).order(ByteOrder.LITTLE_ENDIAN);
        int hashSize = b.getInt(20);
        int metaSize = b.getInt(44);
        int at = MBN_V6_HEADER + Math.max(0, metaSize);
        List<ElfProgramHeader> phdrs = elf.programHeaders();
        if (hashSize < SHA384 * phdrs.size() || at + hashSize > meta.length) {
            throw k.fail(Errno.EINVAL.negated(), "the hash segment holds " + hashSize + " bytes of hashes for "
                    + phdrs.size() + " program headers", "sign the image again");
        }
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-384");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-384", e);
        }
        int checked = 0;
        for (ElfProgramHeader p : phdrs) {
            byte[] want = Arrays.copyOfRange(meta, at + SHA384 * p.index(), at + SHA384 * (p.index() + 1));
            if (!p.isLoad() || p.p_filesz() == 0) {
                continue;
            }
            byte[] inMemory;
            try {
                inMemory = k.sim().memory().read(p.p_paddr(), (int) p.p_filesz());
            } catch (IommuException e) {
                throw k.fail(Errno.EINVAL.negated(), "segment " + p.index() + " is not where the secure world looks for it"
                        + " (pa " + Hex.of(p.p_paddr()) + "): " + e.reason(), null);
            }
            byte[] got = sha.digest(inMemory);
            if (!Arrays.equals(got, want)) {
                throw k.fail(Errno.EINVAL.negated(), "authentication failed: the SHA-384 of segment " + p.index()
                        + " as loaded at pa " + Hex.of(p.p_paddr()) + " is " + HexFormat.of().formatHex(got, 0, 8)
                        + "..., the hash segment says " + HexFormat.of().formatHex(want, 0, 8) + "...",
                        "load the segments the hash segment was made for (an edited or relocated image needs signing again)");
            }
            checked++;
        }
        k.note("secure world: " + checked + " segment hash(es) match what is in memory");
        Master m = r.master();
        if (m != null && m.owner() == TranslationOwner.HYPERVISOR && m.iommu() == null) {
            k.note("hypervisor: the simulation knows no stream ID of " + m.name() + ": its accesses reach memory untranslated");
        } else if (m != null && m.owner() == TranslationOwner.HYPERVISOR && hypervisorDomains.containsKey(m)) {
            k.note("hypervisor: " + m.describe() + " keeps the translation it set up at the first boot");
        } else if (m != null && m.owner() == TranslationOwner.HYPERVISOR) {
            OwnerAccess hyp = k.sim().owner(TranslationOwner.HYPERVISOR);
            try {
                IommuDomain d = hyp.domainAlloc(m);
                hyp.map(d, memPhys, memPhys, memSize, IommuProt.READ | IommuProt.WRITE);
                hyp.attach(d, m);
                hypervisorDomains.put(m, d);
            } catch (IommuException e) {
                throw k.fail(e.errno().negated(), "the hypervisor could not map the carveout for " + m.describe() + ": "
                        + e.reason(), e.fix());
            }
            k.note("hypervisor: mapped " + new AddressRange(memPhys, memSize) + " 1:1 for " + m.describe()
                    + " in its own stage of the SMMU; the host made no mapping");
        }
        k.note("secure world: " + r.name() + " released from reset");
    }

    /** {@code qcom_scm_pas_shutdown()}. */
    void shutdown(Rproc r) {
        metadata = null;
        metadataElf = null;
        k.note("secure world: " + r.name() + " shut down");
    }

    /**
     * {@code qcom_scm_pas_get_rsc_table()}: the table the secure world gives a KVM host for this
     * processor, built from the firmware's own table when it has one: a version 1 table without
     * entries otherwise (the real secure world's dynamic entries are not public).
     */
    byte[] rscTable(Rproc r, byte @Nullable [] fromFirmware) {
        if (fromFirmware != null) {
            k.note("secure world: returns the firmware's own resource table (" + fromFirmware.length + " bytes)");
            return fromFirmware.clone();
        }
        byte[] t = new byte[RscTable.HEADER];
        RscTable.put32(t, 0, 1);
        k.note("secure world: returns a resource table without entries (its dynamic resources are not modelled)");
        return t;
    }
}
