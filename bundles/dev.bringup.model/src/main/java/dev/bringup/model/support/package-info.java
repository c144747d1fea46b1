/**
 * Hand-written API around the generated model: XMI files ({@link dev.bringup.model.support.ModelFiles}),
 * validation as {@link dev.bringup.common.Diagnostic}s ({@link dev.bringup.model.support.ModelValidation})
 * and the value conversions of the model's data types.
 */
@NonNullByDefault
package dev.bringup.model.support;

import org.eclipse.jdt.annotation.NonNullByDefault;
