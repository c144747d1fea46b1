package dev.bringup.iommu;

/**
 * One entry of a devicetree {@code iommu-map = <rid-base &iommu sid-base length>}: requester
 * (function) IDs {@code rid-base .. rid-base + length - 1} become stream IDs from
 * {@code sid-base} on.
 *
 * @param ridBase first requester ID
 * @param sidBase its stream ID
 * @param length number of IDs
 */
public record IommuMapEntry(int ridBase, int sidBase, int length) {

    public IommuMapEntry {
        if (length <= 0) {
            throw new IllegalArgumentException("iommu-map entry with length " + length);
        }
    }
}
