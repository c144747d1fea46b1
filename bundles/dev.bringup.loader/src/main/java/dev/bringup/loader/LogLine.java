package dev.bringup.loader;

import java.util.Objects;

/**
 * One kernel log line of a simulated boot, as {@code dmesg -t} shows it: the device prefix that
 * {@code dev_printk()} prints ({@code remoteproc remoteproc0}, {@code stm32-rproc 10000000.m4},
 * {@code " remoteproc0#vdev0buffer"} for a device without a driver), then the text.
 *
 * @param level the printk level: 3 err, 4 warning, 6 info
 * @param device the prefix before the colon, exactly as printed (may start with a space)
 * @param text the message, without the trailing newline
 */
public record LogLine(int level, String device, String text) {

    /** {@code KERN_ERR}. */
    public static final int ERR = 3;
    /** {@code KERN_WARNING}. */
    public static final int WARNING = 4;
    /** {@code KERN_INFO}. */
    public static final int INFO = 6;

    public LogLine {
        Objects.requireNonNull(device);
        Objects.requireNonNull(text);
    }

    /** The line as the kernel prints it: {@code remoteproc remoteproc0: powering up m4}. */
    public String line() {
        return device.isEmpty() ? text : device + ": " + text;
    }

    /** {@code err}, {@code warn} or {@code info}. */
    public String levelName() {
        return level <= ERR ? "err" : level == WARNING ? "warn" : "info";
    }

    @Override
    public String toString() {
        return line();
    }
}
