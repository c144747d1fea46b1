package dev.bringup.loader;

import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

import org.eclipse.jdt.annotation.Nullable;

import dev.bringup.common.Hex;

/**
 * Something that happens after the processor is up, run as a step of its own: what the remote
 * processor does (fetch, read, write through its IOMMU or its bus view, write its trace buffer,
 * announce an rpmsg channel, crash), or what another DMA master of the SoC does meanwhile.
 * {@link #parse(String)} reads the command-line form.
 */
public sealed interface RemoteAction {

    /** The step name: {@code remote: read}, {@code dma: map}, ... */
    String stepName();

    /**
     * The processor fetches its first instructions at its reset address (the driver's boot
     * address) and the simulation compares them with the ELF; a session adds this action first
     * unless the request turns it off.
     */
    record Fetch() implements RemoteAction {
        @Override
        public String stepName() {
            return "remote: fetch";
        }

        @Override
        public String toString() {
            return "fetch";
        }
    }

    /**
     * The processor (or, with {@code via}, one of its functions with a stream ID of its own, such as
     * a FastRPC session) reads {@code length} bytes at device address {@code da}.
     */
    record Read(long da, int length, @Nullable String via) implements RemoteAction {
        public Read {
            if (length <= 0 || length > 1 << 20) {
                throw new IllegalArgumentException("a remote read takes 1 byte to 1 MiB, not " + length);
            }
        }

        @Override
        public String stepName() {
            return "remote: read";
        }

        @Override
        public String toString() {
            return "read " + Hex.of(da) + " " + length + (via == null ? "" : " via " + via);
        }
    }

    /** The processor (or function {@code via}) writes {@code bytes} at device address {@code da}. */
    record Write(long da, byte[] bytes, @Nullable String via) implements RemoteAction {
        public Write {
            bytes = bytes.clone();
            if (bytes.length == 0 || bytes.length > 1 << 20) {
                throw new IllegalArgumentException("a remote write takes 1 byte to 1 MiB, not " + bytes.length);
            }
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        @Override
        public String stepName() {
            return "remote: write";
        }

        @Override
        public boolean equals(@Nullable Object o) {
            return o instanceof Write w && w.da == da && java.util.Arrays.equals(w.bytes, bytes) && Objects.equals(w.via, via);
        }

        @Override
        public int hashCode() {
            return Objects.hash(da, java.util.Arrays.hashCode(bytes), via);
        }

        @Override
        public String toString() {
            return "write " + Hex.of(da) + " " + HexFormat.of().formatHex(bytes) + (via == null ? "" : " via " + via);
        }
    }

    /** The firmware appends {@code text} and a newline to its first trace buffer (a ring). */
    record Trace(String text) implements RemoteAction {
        public Trace {
            Objects.requireNonNull(text);
        }

        @Override
        public String stepName() {
            return "remote: trace";
        }

        @Override
        public String toString() {
            return "trace " + text;
        }
    }

    /** The firmware announces rpmsg channel {@code name} at endpoint {@code addr} (name service). */
    record Announce(String name, long addr) implements RemoteAction {
        public Announce {
            Objects.requireNonNull(name);
        }

        @Override
        public String stepName() {
            return "remote: announce";
        }

        @Override
        public String toString() {
            return "announce " + name + " " + Hex.of(addr);
        }
    }

    /**
     * The processor crashes: a watchdog expiry or a fatal error it reports ({@code message} is
     * what it leaves for the host, such as Qualcomm's SFR text, or null). An MMU fault is not
     * declared: make the processor access an unmapped address.
     */
    record Crash(CrashType type, @Nullable String message) implements RemoteAction {
        public Crash {
            if (type == CrashType.MMUFAULT) {
                throw new IllegalArgumentException("an MMU fault comes from an access: use a read or write of an unmapped"
                        + " device address");
            }
        }

        @Override
        public String stepName() {
            return "remote: crash";
        }

        @Override
        public String toString() {
            return "crash " + (type == CrashType.WATCHDOG ? "watchdog" : "fatal") + (message == null ? "" : " " + message);
        }
    }

    /**
     * Another DMA master of the SoC maps {@code count} streaming buffers of {@code size} bytes
     * ({@code dma_map_single}) and keeps them: the IOVA use of a long-running pipeline.
     */
    record DmaMap(String master, int count, long size) implements RemoteAction {
        public DmaMap {
            Objects.requireNonNull(master);
            if (count <= 0 || count > 100_000 || size <= 0) {
                throw new IllegalArgumentException("dma-map takes 1..100000 buffers of at least one byte");
            }
        }

        @Override
        public String stepName() {
            return "dma: map";
        }

        @Override
        public String toString() {
            return "dma-map " + master + " " + count + " " + Hex.of(size);
        }
    }

    /** Another DMA master of the SoC allocates a coherent buffer ({@code dma_alloc_coherent}). */
    record DmaAlloc(String master, long size) implements RemoteAction {
        public DmaAlloc {
            Objects.requireNonNull(master);
            if (size <= 0) {
                throw new IllegalArgumentException("dma-alloc takes a size above 0");
            }
        }

        @Override
        public String stepName() {
            return "dma: alloc";
        }

        @Override
        public String toString() {
            return "dma-alloc " + master + " " + Hex.of(size);
        }
    }

    /**
     * Reads the command-line form: {@code fetch}, {@code read DA LEN [via DEV]},
     * {@code write DA HEXBYTES [via DEV]}, {@code trace TEXT...}, {@code announce NAME ADDR},
     * {@code crash watchdog|fatal [MESSAGE...]}, {@code dma-map DEV COUNT SIZE},
     * {@code dma-alloc DEV SIZE}. Numbers as {@link Hex#parse} reads them.
     *
     * @throws IllegalArgumentException naming what is wrong and the accepted forms
     */
    static RemoteAction parse(String text) {
        String t = text.trim();
        String[] w = t.split("\\s+");
        String verb = w[0].toLowerCase(Locale.ROOT);
        try {
            switch (verb) {
            case "fetch":
                need(w, 1, 1, t);
                return new Fetch();
            case "read":
                need(w, 3, 5, t);
                return new Read(Hex.parse(w[1]), (int) Math.min(Integer.MAX_VALUE, Hex.parse(w[2])), via(w, 3, t));
            case "write":
                need(w, 3, 5, t);
                return new Write(Hex.parse(w[1]), HexFormat.of().parseHex(w[2].startsWith("0x") ? w[2].substring(2) : w[2]),
                        via(w, 3, t));
            case "trace":
                if (w.length < 2) {
                    throw new IllegalArgumentException("'trace' needs the text to write");
                }
                return new Trace(t.substring(t.indexOf(w[0]) + w[0].length()).trim());
            case "announce":
                need(w, 3, 3, t);
                return new Announce(w[1], Hex.parse(w[2]));
            case "crash": {
                need(w, 2, Integer.MAX_VALUE, t);
                CrashType type = switch (w[1].toLowerCase(Locale.ROOT)) {
                    case "watchdog", "wdog" -> CrashType.WATCHDOG;
                    case "fatal", "fatal-error" -> CrashType.FATAL_ERROR;
                    default -> throw new IllegalArgumentException("crash type '" + w[1] + "' is not watchdog or fatal");
                };
                String msg = w.length > 2 ? t.substring(t.indexOf(w[1], w[0].length()) + w[1].length()).trim() : null;
                return new Crash(type, msg);
            }
            case "dma-map":
                need(w, 4, 4, t);
                return new DmaMap(w[1], (int) Math.min(Integer.MAX_VALUE, Hex.parse(w[2])), Hex.parse(w[3]));
            case "dma-alloc":
                need(w, 3, 3, t);
                return new DmaAlloc(w[1], Hex.parse(w[2]));
            default:
                throw new IllegalArgumentException("unknown action '" + w[0] + "'");
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + t + "': " + e.getMessage() + " (" + FORMS + ")");
        } catch (IllegalArgumentException e) {
            String m = String.valueOf(e.getMessage());
            throw new IllegalArgumentException(m.contains(FORMS) ? m : "'" + t + "': " + m + " (" + FORMS + ")");
        }
    }

    /** The accepted command-line forms, for messages. */
    String FORMS = "fetch | read DA LEN [via DEV] | write DA HEXBYTES [via DEV] | trace TEXT | announce NAME ADDR"
            + " | crash watchdog|fatal [MESSAGE] | dma-map DEV COUNT SIZE | dma-alloc DEV SIZE";

    private static void need(String[] w, int min, int max, String t) {
        if (w.length < min || w.length > max) {
            throw new IllegalArgumentException("wrong number of words");
        }
    }

    private static @Nullable String via(String[] w, int at, String t) {
        if (w.length == at) {
            return null;
        }
        if (w.length != at + 2 || !w[at].equals("via")) {
            throw new IllegalArgumentException("expected 'via DEVICE' after the address");
        }
        return w[at + 1];
    }
}
