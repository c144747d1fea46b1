/**
 * The address-space layout of the firmware layout editor, free of SWT: blocks in the device-address
 * (da) and physical (pa) lanes, the piecewise axis that gives every block a height, the links
 * between the lanes and the findings (overlap, misalignment) drawn where they are.
 */
@NonNullByDefault
package dev.bringup.ui.internal.layout;

import org.eclipse.jdt.annotation.NonNullByDefault;
