package dev.bringup.iommu;

import java.util.List;

import dev.bringup.common.Hex;

/**
 * One page-table walk for one IOVA, level by level, as the hardware does it: which table it
 * read, at which index, which descriptor it found and what that descriptor is.
 *
 * @param iova the address walked
 * @param steps one step per level read, from the first level on
 * @param mapped whether the walk ended at a leaf
 * @param pa the physical address {@code iova} translates to, or 0 when not mapped
 * @param leafSize the size of the page or block that maps it, or 0
 * @param perms {@link IommuProt#READ} and {@link IommuProt#WRITE} the leaf grants, or 0
 */
public record Walk(long iova, List<Step> steps, boolean mapped, long pa, long leafSize, int perms) {

    public Walk {
        steps = List.copyOf(steps);
    }

    /**
     * One level of a walk.
     *
     * @param level the architectural level (LPAE 0..3, v7s 1..2)
     * @param tableAddress the physical address of the table read
     * @param index the entry index in that table
     * @param descriptor the descriptor value read (32 bits for v7s)
     * @param kind what the descriptor is
     * @param descriptorSize 8 for LPAE, 4 for v7s
     */
    public record Step(int level, long tableAddress, int index, long descriptor, DescriptorKind kind,
            int descriptorSize) {

        /** The physical address of the descriptor: {@code tableAddress + index * size}. */
        public long descriptorAddress() {
            return tableAddress + (long) index * descriptorSize;
        }

        /** {@code L2 table 0x80001000[5] = 0x0000000080003003 TABLE}. */
        @Override
        public String toString() {
            return "L" + level + " table " + Hex.of(tableAddress) + "[" + index + "] = "
                    + Hex.of(descriptor, descriptorSize * 2) + " " + kind;
        }
    }

    /** The level at which the walk stopped without a leaf, or -1 when it is mapped. */
    public int faultLevel() {
        return mapped || steps.isEmpty() ? -1 : steps.get(steps.size() - 1).level();
    }

    /**
     * {@code iova 0x60001000 -> pa 0x50001000 (4K SMALL_PAGE, RW)} or {@code iova 0x1000: not mapped
     * (INVALID at level 1)}, then one line per step.
     */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("iova ").append(Hex.of(iova));
        if (mapped) {
            b.append(" -> pa ").append(Hex.of(pa)).append(" (").append(Hex.of(leafSize)).append(' ')
                    .append(last().kind()).append(", ").append(IommuProt.describe(perms)).append(')');
        } else {
            b.append(": not mapped").append(steps.isEmpty() ? " (beyond the input address size)"
                    : " (" + last().kind() + " at level " + last().level() + ")");
        }
        for (Step s : steps) {
            b.append("\n  ").append(s);
        }
        return b.toString();
    }

    /** The last step, the leaf or the invalid descriptor. */
    public Step last() {
        return steps.get(steps.size() - 1);
    }
}
