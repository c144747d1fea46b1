/**
 * The workbench's own devicetree reader: flattened devicetree blobs (DTB/DTBO, every version
 * the Linux kernel emits), overlays applied as {@code fdtoverlay} does, DTS sources through
 * {@code dtc}, address translation through {@code ranges} and {@code dma-ranges}, and the
 * import of a devicetree into the workbench's EMF model ({@link dev.bringup.dt.DtImport}).
 * This bundle is the one owner of raw devicetree data.
 */
@NonNullByDefault
package dev.bringup.dt;

import org.eclipse.jdt.annotation.NonNullByDefault;
