/**
 * The Bring-up workbench: the application, the Bring-up perspective and its parts. Parts are
 * e4 parts (plain classes with jakarta injection) placed in the 3.x-compatible workbench.
 */
@NonNullByDefault
package dev.bringup.ui;

import org.eclipse.jdt.annotation.NonNullByDefault;
