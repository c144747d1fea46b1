/**
 * The embedded example systems of the workbench (the demo it opens when given nothing):
 * devicetrees modeled on the systems of the seed threads, shipped as DTS sources with their
 * compiled blobs, and opened as bring-up projects through the devicetree import.
 */
@NonNullByDefault
package dev.bringup.examples;

import org.eclipse.jdt.annotation.NonNullByDefault;
