/**
 * The bodies of the model's operations and constraints: the generated classes delegate to these
 * static helpers so that nothing in src-gen is edited by hand.
 */
@NonNullByDefault
package dev.bringup.model.internal;

import org.eclipse.jdt.annotation.NonNullByDefault;
