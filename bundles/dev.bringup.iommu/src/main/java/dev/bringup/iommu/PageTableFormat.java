package dev.bringup.iommu;

import java.util.Objects;

/**
 * An {@code io-pgtable} format and its configuration ({@code struct io_pgtable_cfg}): which
 * descriptor layout, which granule, how many input ({@code ias}) and output ({@code oas})
 * address bits, and the quirks MediaTek sets.
 *
 * @param kind the descriptor layout
 * @param granule the translation granule in bytes: 4096, 16384 or 65536 (LPAE); 4096 (v7s)
 * @param ias input (IOVA) address bits
 * @param oas output (physical) address bits
 * @param nonSecure {@code IO_PGTABLE_QUIRK_ARM_NS}: set the NS bits
 * @param noPerms {@code IO_PGTABLE_QUIRK_NO_PERMS}: no access-permission bits; every mapping is
 *        readable and writable (MediaTek)
 * @param mtkExt {@code IO_PGTABLE_QUIRK_ARM_MTK_EXT}: physical address bits 32..34 in
 *        descriptor bits 9, 4 and 5 (MediaTek v7s)
 */
public record PageTableFormat(Kind kind, int granule, int ias, int oas, boolean nonSecure, boolean noPerms,
        boolean mtkExt) {

    /** Descriptor layouts ({@code enum io_pgtable_fmt}). */
    public enum Kind {
        /** {@code ARM_64_LPAE_S1}: long-descriptor stage 1 (SMMU stage 1). */
        ARM_64_LPAE_S1,
        /** {@code ARM_64_LPAE_S2}: long-descriptor stage 2 (hypervisor stage). */
        ARM_64_LPAE_S2,
        /** {@code ARM_V7S}: ARMv7 short descriptor, two levels (MediaTek M4U). */
        ARM_V7S
    }

    private static final long SZ_4K = 1L << 12;
    private static final long SZ_16K = 1L << 14;
    private static final long SZ_64K = 1L << 16;

    public PageTableFormat {
        Objects.requireNonNull(kind);
        if (kind == Kind.ARM_V7S) {
            if (granule != SZ_4K) {
                throw new IllegalArgumentException("ARM_V7S has a 4K granule only, not " + granule);
            }
            if (ias != 32 && !(mtkExt && ias == 34)) {
                throw new IllegalArgumentException("ARM_V7S takes 32 input address bits (34 with the MediaTek"
                        + " extension), not " + ias);
            }
            int maxOas = mtkExt ? 35 : 32;
            if (oas < 32 || oas > maxOas) {
                throw new IllegalArgumentException("ARM_V7S output address size must be 32.." + maxOas
                        + " bits, not " + oas + (mtkExt ? "" : " (more needs the MediaTek extension)"));
            }
        } else {
            if (granule != SZ_4K && granule != SZ_16K && granule != SZ_64K) {
                throw new IllegalArgumentException("LPAE granule must be 4K, 16K or 64K, not " + granule);
            }
            int max = granule == SZ_64K ? 52 : 48;
            if (ias < 25 || ias > max || oas < 32 || oas > max) {
                throw new IllegalArgumentException("LPAE with a " + (granule >> 10) + "K granule takes 25.." + max
                        + " input and 32.." + max + " output address bits, not ias=" + ias + " oas=" + oas);
            }
            if (noPerms || mtkExt) {
                throw new IllegalArgumentException("the MediaTek quirks apply to ARM_V7S only");
            }
        }
    }

    /** Arm SMMU stage 1 with the given granule and address sizes ({@code ARM_64_LPAE_S1}). */
    public static PageTableFormat lpaeStage1(int granule, int ias, int oas) {
        return new PageTableFormat(Kind.ARM_64_LPAE_S1, granule, ias, oas, false, false, false);
    }

    /** Stage 2 with the given granule and address sizes ({@code ARM_64_LPAE_S2}). */
    public static PageTableFormat lpaeStage2(int granule, int ias, int oas) {
        return new PageTableFormat(Kind.ARM_64_LPAE_S2, granule, ias, oas, false, false, false);
    }

    /** The plain ARMv7 short-descriptor format: 32-bit IOVA and physical addresses, permissions. */
    public static PageTableFormat v7s() {
        return new PageTableFormat(Kind.ARM_V7S, (int) SZ_4K, 32, 32, false, false, false);
    }

    /**
     * The v7s format as {@code mtk_iommu} configures it: {@code ARM_NS | NO_PERMS | ARM_MTK_EXT},
     * 32-bit IOVA (34 with {@code IOVA_34_EN}) and {@code oas} output bits (35 on SoCs without
     * the 4GB mode, 32 or 33 with it).
     */
    public static PageTableFormat mediatekV7s(int ias, int oas) {
        return new PageTableFormat(Kind.ARM_V7S, (int) SZ_4K, ias, oas, true, true, true);
    }

    /** Whether this is one of the long-descriptor (LPAE) formats. */
    public boolean isLpae() {
        return kind != Kind.ARM_V7S;
    }

    /**
     * {@code pgsize_bitmap}: the page and block sizes the format can map, as
     * {@code arm_lpae_restrict_pgsizes()} and the v7s format give them.
     */
    public long pgsizeBitmap() {
        if (kind == Kind.ARM_V7S) {
            return (1L << 12) | (1L << 16) | (1L << 20) | (1L << 24);
        }
        if (granule == SZ_4K) {
            return SZ_4K | (1L << 21) | (1L << 30);
        }
        if (granule == SZ_16K) {
            return SZ_16K | (1L << 25);
        }
        return SZ_64K | (1L << 29) | (oas > 48 ? 1L << 42 : 0);
    }

    /** {@code ARM_64_LPAE_S1 4K ias=48 oas=48}. */
    @Override
    public String toString() {
        return kind + " " + (granule >> 10) + "K ias=" + ias + " oas=" + oas + (noPerms ? " NO_PERMS" : "")
                + (mtkExt ? " MTK_EXT" : "") + (nonSecure ? " NS" : "");
    }
}
