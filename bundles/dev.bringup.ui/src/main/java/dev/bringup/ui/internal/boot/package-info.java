/**
 * The boot debugger: a {@link dev.bringup.loader.BootSession} stepped on a thread of its own, its
 * steps, breakpoints and failures in a part, and what a step left behind published to the other
 * views (the IOVA map, the firmware layout editor's step state, the trace log viewer).
 */
@NonNullByDefault
package dev.bringup.ui.internal.boot;

import org.eclipse.jdt.annotation.NonNullByDefault;
