/**
 * The firmware layer, UI-free: an ELF reader ({@link dev.bringup.firmware.ElfFile}, ELF32 and
 * ELF64, both byte orders, memory-mapped, Qualcomm split images), the remoteproc resource table
 * codec ({@link dev.bringup.firmware.ResourceTableCodec}, version 1 and the 2011 fixed-entry
 * format), the checks that turn what the Linux kernel rejects or silently mishandles into
 * {@link dev.bringup.common.Diagnostic}s ({@link dev.bringup.firmware.Firmware}), table edits and
 * atomic patched writes ({@link dev.bringup.firmware.TableEdits},
 * {@link dev.bringup.firmware.FirmwarePatcher}), and the JSON form
 * ({@link dev.bringup.firmware.FirmwareJson}).
 */
@NonNullByDefault
package dev.bringup.firmware;

import org.eclipse.jdt.annotation.NonNullByDefault;
