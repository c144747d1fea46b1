package dev.bringup.firmware;

/**
 * An edit of a resource table or a patched write that cannot be done: an expression that does
 * not parse or names nothing, a value that does not fit its field, a table that would no longer
 * fit its section. The message says what, where and what would fix it.
 */
public class TableEditException extends Exception {

    private static final long serialVersionUID = 1L;

    public TableEditException(String message) {
        super(message);
    }

    public TableEditException(String message, Throwable cause) {
        super(message, cause);
    }
}
