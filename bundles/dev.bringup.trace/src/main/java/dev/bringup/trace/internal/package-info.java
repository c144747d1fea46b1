/**
 * Implementation of the trace-log core: byte scanning, the checkpoint index, line reading,
 * line cleaning and column parsing, and the background scans. Not exported.
 */
@NonNullByDefault
package dev.bringup.trace.internal;

import org.eclipse.jdt.annotation.NonNullByDefault;
