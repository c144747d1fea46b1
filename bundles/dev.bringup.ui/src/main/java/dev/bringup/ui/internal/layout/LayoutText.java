package dev.bringup.ui.internal.layout;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * The user-visible texts of the layout (findings, notes), read from the workbench's
 * {@code dev/bringup/ui/internal/messages.properties} (the same file {@code Messages} fills its
 * fields from) through {@link ResourceBundle}, so that this package stays free of OSGi and SWT and
 * runs in plain unit tests and benchmarks.
 */
final class LayoutText {

    private static final String BUNDLE = "dev.bringup.ui.internal.messages"; //$NON-NLS-1$
    private static final ResourceBundle TEXTS = ResourceBundle.getBundle(BUNDLE, Locale.getDefault(),
            LayoutText.class.getClassLoader());

    private LayoutText() {
    }

    /** The text of {@code key} with {@code {0}}, {@code {1}}, ... replaced by {@code args}. */
    static String get(String key, Object... args) {
        String pattern;
        try {
            pattern = TEXTS.getString(key);
        } catch (MissingResourceException e) {
            return '!' + key + '!';
        }
        Object[] strings = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            strings[i] = String.valueOf(args[i]); // no locale number formatting: addresses come as hex text
        }
        return args.length == 0 ? pattern : new MessageFormat(pattern, Locale.ROOT).format(strings);
    }
}
