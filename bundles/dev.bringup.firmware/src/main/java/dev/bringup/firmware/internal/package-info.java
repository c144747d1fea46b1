/**
 * Implementation of the firmware layer: memory-mapped file access, Qualcomm split images,
 * the checks behind each diagnostic code, and the field-edit expression parser. Not exported.
 */
@NonNullByDefault
package dev.bringup.firmware.internal;

import org.eclipse.jdt.annotation.NonNullByDefault;
