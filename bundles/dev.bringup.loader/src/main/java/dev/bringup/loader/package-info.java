/**
 * The core loader: Linux remoteproc's boot of a remote processor, step by step, over the
 * simulated SoC of {@code dev.bringup.iommu}, configured from the domain model.
 * <p>
 * Entry point: {@link dev.bringup.loader.BootSession}, opened on a {@link dev.bringup.loader.BootRequest}
 * (or an embedded {@link dev.bringup.loader.Scenarios scenario}). The remoteproc API itself (alloc,
 * register, boot, shutdown, get-by-name, put) is {@link dev.bringup.loader.Remoteproc}; the kernel
 * and the platform drivers are in {@code dev.bringup.loader.internal}. A session is confined to one
 * thread at a time.
 */
@NonNullByDefault
package dev.bringup.loader;

import org.eclipse.jdt.annotation.NonNullByDefault;
