package dev.bringup.trace.internal;

import dev.bringup.trace.LogLevel;

/**
 * Infers the level of a line that carries none (plain dmesg, serial captures, fault dumps).
 * First a table of messages whose printk level is known from the Linux sources (arm-smmu's
 * context-fault report is {@code dev_err}, the TI K3 R5F "may have been powered on by a
 * different host" is {@code dev_warn}, ...), then words that mark errors and warnings, then info.
 */
final class LevelRules {

    private record Known(String driver, String prefix, LogLevel level) {
    }

    /** Driver "" matches any source. Prefixes are matched case-sensitively at the message start. */
    private static final Known[] KNOWN = {
        // drivers/iommu/arm/arm-smmu/arm-smmu.c, arm-smmu-qcom-debug.c
        new Known("arm-smmu", "Unhandled context fault", LogLevel.ERR),
        new Known("arm-smmu", "Unexpected global fault", LogLevel.ERR),
        new Known("arm-smmu", "Blocked unknown Stream ID", LogLevel.ERR),
        new Known("arm-smmu", "FSR ", LogLevel.ERR),
        new Known("arm-smmu", "FAR ", LogLevel.ERR),
        new Known("arm-smmu", "FSYNR0", LogLevel.ERR),
        new Known("arm-smmu", "soft iova-to-phys", LogLevel.ERR),
        new Known("arm-smmu", "hard iova-to-phys", LogLevel.ERR),
        new Known("arm-smmu", "SOFTWARE TABLE WALK FAILED", LogLevel.ERR),
        new Known("arm-smmu", "Context fault handled by client", LogLevel.DEBUG),
        // drivers/iommu/mtk_iommu.c, mtk_iommu_isr()
        new Known("mtk-iommu", "fault type=", LogLevel.ERR),
        new Known("mtk-iommu", "bank(", LogLevel.ERR),
        // drivers/remoteproc/qcom_q6v5.c and the other Qualcomm remoteproc drivers
        new Known("", "fatal error received", LogLevel.ERR),
        new Known("", "fatal error without message", LogLevel.ERR),
        new Known("", "watchdog received", LogLevel.ERR),
        new Known("", "watchdog without message", LogLevel.ERR),
        // drivers/remoteproc/remoteproc_core.c, remoteproc_virtio.c
        new Known("remoteproc", "crash detected in", LogLevel.ERR),
        new Known("remoteproc", "Boot failed", LogLevel.ERR),
        new Known("remoteproc", "handling crash #", LogLevel.INFO),
        new Known("remoteproc", "recovering ", LogLevel.INFO),
        new Known("remoteproc", "powering up ", LogLevel.INFO),
        new Known("remoteproc", "Booting fw image ", LogLevel.INFO),
        new Known("remoteproc", "remote processor ", LogLevel.INFO),
        new Known("remoteproc", "stopped remote processor ", LogLevel.INFO),
        new Known("remoteproc", "attaching to ", LogLevel.INFO),
        new Known("", "registered virtio", LogLevel.INFO),
        new Known("", "assigned reserved memory node ", LogLevel.INFO),
        // drivers/remoteproc/ti_k3_r5_remoteproc.c
        new Known("", "R5F core may have been powered on by a different host", LogLevel.WARNING),
        new Known("", "configured R5F for IPC-only mode", LogLevel.INFO),
        new Known("", "R5F core initialized in IPC-only mode", LogLevel.INFO),
        // drivers/rpmsg/virtio_rpmsg_bus.c
        new Known("virtio_rpmsg_bus", "rpmsg host is online", LogLevel.INFO),
        new Known("virtio_rpmsg_bus", "creating channel ", LogLevel.INFO),
        new Known("virtio_rpmsg_bus", "destroying channel ", LogLevel.INFO),
    };

    /** Words that mark errors (level 3) and warnings (level 4), by their first letter. */
    private static final String[][] WORDS = new String[26][];
    private static final int[][] WORD_LEVELS = new int[26][];
    /** Known messages by the first character of their prefix (ASCII). */
    private static final Known[][] KNOWN_BY_FIRST = new Known[128][];

    static {
        String[] errors = { "error", "fail", "fatal", "fault", "panic", "oops", "bug:", "unable to", "cannot", "can't",
            "crash", "err" };
        String[] warnings = { "warn", "deprecated", "timeout", "timed out" };
        for (String w : errors) {
            addWord(w, LogLevel.ERR.number());
        }
        for (String w : warnings) {
            addWord(w, LogLevel.WARNING.number());
        }
        for (Known k : KNOWN) {
            int c = k.prefix.charAt(0);
            Known[] old = KNOWN_BY_FIRST[c];
            Known[] grown = old == null ? new Known[1] : java.util.Arrays.copyOf(old, old.length + 1);
            grown[grown.length - 1] = k;
            KNOWN_BY_FIRST[c] = grown;
        }
    }

    private static void addWord(String w, int level) {
        int c = w.charAt(0) - 'a';
        String[] ws = WORDS[c] == null ? new String[0] : WORDS[c];
        int[] ls = WORD_LEVELS[c] == null ? new int[0] : WORD_LEVELS[c];
        WORDS[c] = java.util.Arrays.copyOf(ws, ws.length + 1);
        WORDS[c][ws.length] = w;
        WORD_LEVELS[c] = java.util.Arrays.copyOf(ls, ls.length + 1);
        WORD_LEVELS[c][ls.length] = level;
    }

    private LevelRules() {
    }

    /**
     * The inferred level number for a message {@code s[msgStart, end)} printed by the source
     * {@code s[srcStart, srcEnd)} (empty when none).
     */
    static int infer(CharSequence s, int srcStart, int srcEnd, int msgStart, int end) {
        if (msgStart < end && s.charAt(msgStart) < 128) {
            Known[] candidates = KNOWN_BY_FIRST[s.charAt(msgStart)];
            if (candidates != null) {
                int driverEnd = srcStart;
                while (driverEnd < srcEnd && s.charAt(driverEnd) != ' ') {
                    driverEnd++;
                }
                for (Known k : candidates) {
                    if ((k.driver.isEmpty() || equalsRegion(s, srcStart, driverEnd, k.driver))
                            && startsWith(s, msgStart, end, k.prefix)) {
                        return k.level.number();
                    }
                }
            }
        }
        return wordLevel(s, msgStart, end);
    }

    private static boolean equalsRegion(CharSequence s, int from, int to, String word) {
        return to - from == word.length() && startsWith(s, from, to, word);
    }

    private static boolean startsWith(CharSequence s, int from, int to, String prefix) {
        if (to - from < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (s.charAt(from + i) != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Err when an error word starts in {@code s[from, to)} after a non-letter (ignoring case),
     * else warn when a warning word does, else info. Words of three letters or fewer ("err") must
     * also end before a non-letter, so "ERR:" counts and "errno" does not; longer ones may go on
     * ("failed", "warning", "faults").
     */
    private static int wordLevel(CharSequence s, int from, int to) {
        int found = LogLevel.INFO.number();
        boolean prevLetter = false;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            char l = lower(c);
            boolean letter = l >= 'a' && l <= 'z';
            if (letter && !prevLetter) {
                String[] ws = WORDS[l - 'a'];
                if (ws != null) {
                    for (int k = 0; k < ws.length; k++) {
                        String w = ws[k];
                        if (regionEqualsIgnoreCase(s, i, to, w)) {
                            int after = i + w.length();
                            if (w.length() > 3 || after >= to || !isLetter(s.charAt(after))) {
                                int level = WORD_LEVELS[l - 'a'][k];
                                if (level < found) {
                                    found = level;
                                    if (level == LogLevel.ERR.number()) {
                                        return found;
                                    }
                                }
                            }
                        }
                    }
                }
            }
            prevLetter = letter;
        }
        return found;
    }

    private static boolean regionEqualsIgnoreCase(CharSequence s, int at, int to, String lowerWord) {
        if (to - at < lowerWord.length()) {
            return false;
        }
        for (int k = 1; k < lowerWord.length(); k++) {
            if (lower(s.charAt(at + k)) != lowerWord.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private static char lower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }

    private static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
