package dev.bringup.trace;

/** Which line form a {@link LogLine} was recognised as. Each line is recognised on its own. */
public enum LogFormat {
    /** {@code [   12.345678] text}, optionally with {@code <N>} or {@code dmesg -x}'s {@code kern  :err   : } before it. */
    DMESG,
    /** {@code dmesg -T} ({@code [Sat Nov 22 04:03:00 2025] text}) or {@code --time-format iso}. */
    DMESG_WALLCLOCK,
    /** A {@code /dev/kmsg} record: {@code 6,1234,5678901,-;text}. */
    KMSG,
    /**
     * A record dumped with its buffer address in front, as in the Qualcomm fault report of the
     * corpus: {@code 0x000000000277BBFA |   1263.468579:   arm-smmu 15000000.iommu: text}.
     */
    ADDRESS_PREFIXED,
    /** The simulator's own event log; see {@link SimEventLog}. */
    SIM,
    /** No time stamp: {@code dmesg -t}, firmware trace text, a partial serial line. */
    PLAIN,
    /** A line that could not be read (the file shrank or failed underneath); the message says why. */
    UNREADABLE
}
