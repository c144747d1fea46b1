/**
 * Implementation of the IOMMU simulation: page-table formats kept as radix trees of primitive
 * arrays, the persistent page store behind physical memory, bitmaps and primitive hash maps.
 * Not exported; use {@link dev.bringup.iommu} instead.
 */
@NonNullByDefault
package dev.bringup.iommu.internal;

import org.eclipse.jdt.annotation.NonNullByDefault;
