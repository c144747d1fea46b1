/**
 * The trace log viewer: one tab per open log (a file, a live trace buffer, the simulator's event
 * log), a virtual NatTable over {@link dev.bringup.trace.LogTable}, with filter, highlight,
 * search, bookmarks, go to line or time, and the link from a line to its boot step.
 */
@org.eclipse.jdt.annotation.NonNullByDefault
package dev.bringup.ui.internal.trace;
