/** The workbench's implementation: application, advisors, perspective and parts. */
@NonNullByDefault
package dev.bringup.ui.internal;

import org.eclipse.jdt.annotation.NonNullByDefault;
