/**
 * The simulated kernel behind the loader's public API: the work queue and log, the ELF loader,
 * the platform drivers, virtio/rpmsg, the secure world and the hypervisor. Not API.
 */
@NonNullByDefault
package dev.bringup.loader.internal;

import org.eclipse.jdt.annotation.NonNullByDefault;
