/**
 * Types every layer of the workbench shares: diagnostics with a place and a fix, and the
 * format error that readers throw for input they cannot use.
 */
@NonNullByDefault
package dev.bringup.common;

import org.eclipse.jdt.annotation.NonNullByDefault;
