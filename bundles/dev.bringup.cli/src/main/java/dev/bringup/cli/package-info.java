/**
 * The headless command line, {@code bringup COMMAND ...}: one picocli command per class, each a
 * thin layer over the same core bundles the workbench uses.
 */
@NonNullByDefault
package dev.bringup.cli;

import org.eclipse.jdt.annotation.NonNullByDefault;
