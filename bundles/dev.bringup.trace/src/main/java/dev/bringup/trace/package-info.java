/**
 * Trace logs of a bring-up session: kernel logs (dmesg in its forms, serial console captures),
 * remoteproc trace buffers, the simulator's event log and IOMMU fault reports, parsed into the
 * columns time, source, level and message.
 * <p>
 * Logs of any size are never read whole: {@link dev.bringup.trace.TraceLog} builds a compact line
 * index in the background, reads and parses only the lines asked for, and runs filters, searches
 * and time seeks as background scans with progress and cancellation. {@link dev.bringup.trace.LogTable}
 * is the row model a virtual table sits on. Nothing here depends on SWT or the workbench.
 */
@NonNullByDefault
package dev.bringup.trace;

import org.eclipse.jdt.annotation.NonNullByDefault;
