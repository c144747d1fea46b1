package dev.bringup.loader;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.eclipse.jdt.annotation.Nullable;

import dev.bringup.common.FormatException;
import dev.bringup.common.Location;
import dev.bringup.model.BootScenario;
import dev.bringup.model.BootStrategy;
import dev.bringup.model.RemoteProcessor;
import dev.bringup.model.Soc;

/**
 * What to boot: a SoC of the domain model, the processor (by name, devicetree label or path), the
 * firmware, the boot strategy, and what the remote side (and the other DMA masters) do once the
 * processor is up. Immutable; build one with {@link #builder}, or from a model
 * {@link BootScenario} with {@link #of(BootScenario)}.
 */
public final class BootRequest {

    /** Where the firmware comes from. */
    public sealed interface FirmwareSource {
        /** The file name shown in messages. */
        String fileName();
    }

    /** A file ({@code .elf}, {@code .mbn}, or {@code .mdt} with its {@code .bNN} files beside it). */
    public record FromFile(Path path) implements FirmwareSource {
        public FromFile {
            Objects.requireNonNull(path);
        }

        @Override
        public String fileName() {
            Path f = path.getFileName();
            return f == null ? path.toString() : f.toString();
        }
    }

    /** Bytes already in memory (an ELF image), named {@code name}. */
    public record FromBytes(String name, byte[] bytes) implements FirmwareSource {
        public FromBytes {
            Objects.requireNonNull(name);
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        @Override
        public String fileName() {
            return name;
        }

        @Override
        public boolean equals(@Nullable Object o) {
            return o instanceof FromBytes b && b.name.equals(name) && java.util.Arrays.equals(b.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return name.hashCode() * 31 + java.util.Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "FromBytes[" + name + ", " + bytes.length + " bytes]";
        }
    }

    /**
     * A firmware image of the examples bundle ({@code firmware/images/NAME}); a {@code .mdt} brings
     * its {@code .bNN} files.
     */
    public record FromExample(String name) implements FirmwareSource {
        public FromExample {
            Objects.requireNonNull(name);
        }

        @Override
        public String fileName() {
            return name;
        }
    }

    private final Soc soc;
    private final String processor;
    private final FirmwareSource firmware;
    private final @Nullable String firmwareName;
    private final BootStrategy strategy;
    private final List<RemoteAction> actions;
    private final boolean fetch;
    private final boolean recovery;
    private final boolean relocate;
    private final @Nullable String scenario;

    private BootRequest(Builder b) {
        this.soc = b.soc;
        this.processor = b.processor;
        this.firmware = b.firmware;
        this.firmwareName = b.firmwareName;
        this.strategy = b.strategy;
        this.actions = List.copyOf(b.actions);
        this.fetch = b.fetch;
        this.recovery = b.recovery;
        this.relocate = b.relocate;
        this.scenario = b.scenario;
    }

    /** Collects a request. */
    public static final class Builder {
        private final Soc soc;
        private final String processor;
        private final FirmwareSource firmware;
        private @Nullable String firmwareName;
        private BootStrategy strategy = BootStrategy.LINUX_DEFAULT;
        private final List<RemoteAction> actions = new ArrayList<>();
        private boolean fetch = true;
        private boolean recovery = true;
        private boolean relocate;
        private @Nullable String scenario;

        private Builder(Soc soc, String processor, FirmwareSource firmware) {
            this.soc = Objects.requireNonNull(soc);
            this.processor = Objects.requireNonNull(processor);
            this.firmware = Objects.requireNonNull(firmware);
        }

        /** The strategy (default {@link BootStrategy#LINUX_DEFAULT}). */
        public Builder strategy(BootStrategy value) {
            this.strategy = Objects.requireNonNull(value);
            return this;
        }

        /**
         * The name the kernel requests; by default the processor's {@code firmware-name}, else the
         * file name.
         */
        public Builder firmwareName(String value) {
            this.firmwareName = value;
            return this;
        }

        /** Something the remote side (or another master) does after the boot, in order. */
        public Builder then(RemoteAction action) {
            actions.add(Objects.requireNonNull(action));
            return this;
        }

        /** All of {@code list}, in order. */
        public Builder then(List<RemoteAction> list) {
            list.forEach(this::then);
            return this;
        }

        /** Whether the processor's first fetch is simulated once it is up (default true). */
        public Builder fetch(boolean value) {
            this.fetch = value;
            return this;
        }

        /** Whether a crash is recovered ({@code /sys/class/remoteproc/.../recovery}, default enabled). */
        public Builder recovery(boolean value) {
            this.recovery = value;
            return this;
        }

        /**
         * Load a self-relocating image anywhere (seed 004's review: on STM32 the host puts the code
         * where it likes and writes the entry point to a boot-address register): the driver asks for
         * the image's span at {@code FW_RSC_ADDR_ANY}, loads every segment at its offset from the
         * lowest link address, and starts the processor at {@code e_entry} plus that load offset.
         * Default false (the segments go to their {@code p_paddr}).
         */
        public Builder relocate(boolean value) {
            this.relocate = value;
            return this;
        }

        /** The embedded scenario this request comes from, for output. */
        public Builder scenario(@Nullable String value) {
            this.scenario = value;
            return this;
        }

        public BootRequest build() {
            return new BootRequest(this);
        }
    }

    /** A request to boot processor {@code processor} (name, label or path) of {@code soc} with {@code firmware}. */
    public static Builder builder(Soc soc, String processor, FirmwareSource firmware) {
        return new Builder(soc, processor, firmware);
    }

    /**
     * The request a model scenario describes: its processor, its firmware (the decoded image kept
     * in {@link dev.bringup.model.Firmware#getImage()} when it is one, else its path) and strategy.
     *
     * @throws FormatException when the scenario names no processor or firmware, or the firmware has
     *         neither an image nor a path
     */
    public static BootRequest of(BootScenario s) throws FormatException {
        RemoteProcessor rp = s.getRproc();
        dev.bringup.model.Firmware fw = s.getFirmware();
        if (rp == null || fw == null || !(rp.eContainer() instanceof Soc soc)) {
            throw new FormatException("scenario " + s.getName() + " names no processor of a SoC or no firmware",
                    Location.NOWHERE, "choose the processor and the firmware of the scenario");
        }
        FirmwareSource src;
        Object image = fw.getImage();
        if (image instanceof dev.bringup.firmware.Firmware f) {
            src = new FromFile(f.elf().path());
        } else if (image instanceof dev.bringup.firmware.ElfFile e) {
            src = new FromFile(e.path());
        } else if (fw.getPath() != null && !fw.getPath().isEmpty()) {
            src = new FromFile(Path.of(fw.getPath()));
        } else {
            throw new FormatException("firmware " + fw.getName() + " of scenario " + s.getName() + " has no file",
                    Location.NOWHERE, "set the firmware's path");
        }
        Builder b = builder(soc, rp.getPath() == null ? rp.getName() : rp.getPath(), src).scenario(s.getName());
        if (fw.getName() != null) {
            b.firmwareName(fw.getName());
        }
        if (s.getStrategy() != null) {
            b.strategy(s.getStrategy());
        }
        return b.build();
    }

    public Soc soc() {
        return soc;
    }

    /** The processor's name, devicetree label or path, as given. */
    public String processor() {
        return processor;
    }

    public FirmwareSource firmware() {
        return firmware;
    }

    /** The requested name, or null for the processor's {@code firmware-name}. */
    public @Nullable String firmwareName() {
        return firmwareName;
    }

    public BootStrategy strategy() {
        return strategy;
    }

    /** What happens after the boot, in order (the first fetch not included). */
    public List<RemoteAction> actions() {
        return actions;
    }

    public boolean fetch() {
        return fetch;
    }

    public boolean recovery() {
        return recovery;
    }

    /** Whether the image is loaded anywhere (see {@link Builder#relocate(boolean)}). */
    public boolean relocate() {
        return relocate;
    }

    /** The embedded scenario's name, or null. */
    public @Nullable String scenario() {
        return scenario;
    }

    /** The same request with another strategy. */
    public BootRequest withStrategy(BootStrategy s) {
        Builder b = builder(soc, processor, firmware).strategy(s).then(actions).fetch(fetch).recovery(recovery)
                .relocate(relocate).scenario(scenario);
        String name = firmwareName;
        if (name != null) {
            b.firmwareName(name);
        }
        return b.build();
    }

    /**
     * The processor {@code selector} names: its short name ({@code m4}), a devicetree label, its
     * path, its node name, or its {@code dev_name}.
     *
     * @throws FormatException when none or several match, listing the processors
     */
    public static RemoteProcessor findProcessor(Soc soc, String selector) throws FormatException {
        List<RemoteProcessor> all = soc.remoteProcessors();
        List<RemoteProcessor> hits = new ArrayList<>();
        for (RemoteProcessor rp : all) {
            if (selector.equals(rp.getPath()) || rp.getLabels().contains(selector)) {
                return rp;
            }
        }
        for (RemoteProcessor rp : all) {
            String dev = rp.getReg().isEmpty() ? "" : Long.toHexString(rp.getReg().get(0).getAddress()) + "."
                    + SocSimulation.baseName(rp.getName());
            if (selector.equals(rp.getRprocName()) || selector.equals(rp.getName()) || selector.equals(dev)) {
                hits.add(rp);
            }
        }
        if (hits.size() == 1) {
            return hits.get(0);
        }
        StringBuilder list = new StringBuilder();
        for (RemoteProcessor rp : all) {
            list.append(list.isEmpty() ? "" : "; ").append(rp.getRprocName()).append(" at ").append(rp.getPath())
                    .append(rp.getLabels().isEmpty() ? "" : " (label " + String.join(", ", rp.getLabels()) + ")");
        }
        if (hits.isEmpty()) {
            throw new FormatException("no remote processor called '" + selector + "' in " + soc.getName() + " (it has: "
                    + (list.isEmpty() ? "none" : list) + ")", Location.NOWHERE,
                    "give --rproc the processor's name, devicetree label or path");
        }
        throw new FormatException(hits.size() + " processors are called '" + selector + "' (" + list + ")", Location.NOWHERE,
                "give --rproc a devicetree label or path");
    }
}
