/** Internals of the devicetree reader and importer; not API. */
@NonNullByDefault
package dev.bringup.dt.internal;

import org.eclipse.jdt.annotation.NonNullByDefault;
