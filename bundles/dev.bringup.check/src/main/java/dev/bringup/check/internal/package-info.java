/** The checks' internals: the firmware's placed items and the processor's view of the SoC. */
@NonNullByDefault
package dev.bringup.check.internal;

import org.eclipse.jdt.annotation.NonNullByDefault;
