/**
 * Bring-up checks: a firmware image cross-checked against a SoC's devicetree and one of its
 * remote processors before any boot. Entry point {@link dev.bringup.check.BringupCheck}; the
 * stable codes are {@link dev.bringup.check.CheckCode}; {@link dev.bringup.check.CheckReport}
 * writes the findings as text, JSON or SARIF 2.1.0.
 */
@NonNullByDefault
package dev.bringup.check;

import org.eclipse.jdt.annotation.NonNullByDefault;
