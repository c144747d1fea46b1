package dev.bringup.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.eclipse.jdt.annotation.Nullable;

import dev.bringup.common.FormatException;
import dev.bringup.common.Hex;
import dev.bringup.dt.DeviceTree;
import dev.bringup.dt.DtImport;
import dev.bringup.iommu.IommuException;
import dev.bringup.loader.BootJson;
import dev.bringup.loader.BootRequest;
import dev.bringup.loader.BootSession;
import dev.bringup.loader.BootText;
import dev.bringup.loader.RemoteAction;
import dev.bringup.loader.Scenarios;
import dev.bringup.model.BootStrategy;
import dev.bringup.model.Soc;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bringup boot}: boots a remote processor of a devicetree (or an embedded scenario) in
 * the simulation and prints the kernel's log, or the whole session as JSON (documented in the
 * loader bundle's JSON.md). Exit 0 when the processor runs and no step failed, 1 when the boot
 * (or something after it) failed, 2 for unusable arguments or files.
 */
@Command(name = "boot", mixinStandardHelpOptions = true,
        description = "Boot a remote processor over the simulated SoC, step by step as Linux remoteproc does,"
                + " and print the kernel log (or --json).%n"
                + "  bringup boot --dt FILE [--overlay DTBO]... --rproc NAME --firmware FILE [--strategy S] [--json]%n"
                + "  bringup boot --scenario NAME [--strategy S] [--json]%n"
                + "Exit codes: 0 the processor runs, 1 the boot or a later step failed, 2 unusable arguments.")
public final class BootCommand implements Callable<Integer> {

    @Option(names = "--dt", paramLabel = "FILE", description = "devicetree: .dtb, or .dts (compiled with dtc)")
    @Nullable
    Path dt;

    @Option(names = "--overlay", paramLabel = "DTBO", description = "overlay to apply, in order (repeatable)")
    List<Path> overlays = new ArrayList<>();

    @Option(names = { "-I", "--include" }, paramLabel = "DIR", description = "include folder for .dts sources (repeatable)")
    List<Path> includes = new ArrayList<>();

    @Option(names = "--rproc", paramLabel = "NAME", description = "the processor: its name (m4, adsp), devicetree label or path")
    @Nullable
    String rproc;

    @Option(names = "--firmware", paramLabel = "FILE", description = "the firmware: .elf, .mbn, or .mdt with its .bNN files")
    @Nullable
    Path firmware;

    @Option(names = "--firmware-name", paramLabel = "NAME",
            description = "the name the kernel requests (default: the processor's firmware-name, else the file name)")
    @Nullable
    String firmwareName;

    @Option(names = "--scenario", paramLabel = "NAME", description = "an embedded scenario (bringup scenarios lists them)")
    @Nullable
    String scenario;

    @Option(names = "--strategy", paramLabel = "S",
            description = "linux-default, unmanaged-domain, platform-domain, driver-iommu-api, dma-api, dma-fixed-iova,"
                    + " dedicated-bank, dedicated-iova-region, reserved-region, host-maps-before-pas, qcom-devmem")
    @Nullable
    String strategy;

    @Option(names = "--remote", paramLabel = "ACTION",
            description = "what happens once the processor is up, in order (repeatable): " + RemoteAction.FORMS)
    List<String> remote = new ArrayList<>();

    @Option(names = "--no-fetch", description = "do not simulate the processor's first instruction fetch")
    boolean noFetch;

    @Option(names = "--no-recovery", description = "leave a crashed processor crashed (no recovery, no coredump)")
    boolean noRecovery;

    @Option(names = "--relocate", description = "load a self-relocating image anywhere and start it at its relocated"
            + " entry (the boot-address register of seed 004's review)")
    boolean relocate;

    @Option(names = "--dump-mem", paramLabel = "PA:LEN=FILE",
            description = "write LEN bytes of simulated physical memory at PA to FILE after the boot (repeatable)")
    List<String> dumpMem = new ArrayList<>();

    @Option(names = "--coredump", paramLabel = "FILE", description = "write the last ELF core file of a crash to FILE")
    @Nullable
    Path coredump;

    @Option(names = "--json", description = "print one JSON object (documented in the loader bundle's JSON.md)")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec = CommandLine.Model.CommandSpec.create();

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        BootRequest request;
        try {
            request = request();
        } catch (UsageException e) {
            err.println("bringup boot: " + e.getMessage());
            return Main.EXIT_USAGE;
        } catch (FormatException e) {
            err.println("bringup boot: " + e.describe());
            return Main.EXIT_USAGE;
        }
        List<Dump> dumps = new ArrayList<>();
        for (String d : dumpMem) {
            try {
                dumps.add(Dump.parse(d));
            } catch (IllegalArgumentException e) {
                err.println("bringup boot: --dump-mem " + d + ": " + e.getMessage() + ". Fix: write PA:LEN=FILE, such as"
                        + " 0x10000000:0x1000=sram.bin");
                return Main.EXIT_USAGE;
            }
        }
        try (BootSession s = BootSession.open(request)) {
            s.resume();
            spec.commandLine().getOut().print(json ? BootJson.print(BootJson.toJson(s)) + "\n" : BootText.render(s));
            for (Dump d : dumps) {
                try {
                    writeAtomically(d.file(), s.readPa(d.pa(), d.len()));
                } catch (IommuException e) {
                    err.println("bringup boot: --dump-mem " + Hex.of(d.pa()) + ":" + Hex.of(d.len()) + ": " + e.describe());
                    return Main.EXIT_USAGE;
                } catch (IOException e) {
                    err.println("bringup boot: cannot write " + d.file() + ": " + e.getMessage() + ". Fix: check the folder"
                            + " and permissions.");
                    return Main.EXIT_USAGE;
                }
            }
            Path core = coredump;
            if (core != null) {
                List<byte[]> cores = s.coreDumps();
                if (cores.isEmpty()) {
                    err.println("bringup boot: no coredump was written (the processor did not crash, or its driver registers"
                            + " no dump segments); " + core + " not written");
                } else {
                    try {
                        writeAtomically(core, cores.get(cores.size() - 1));
                    } catch (IOException e) {
                        err.println("bringup boot: cannot write " + core + ": " + e.getMessage());
                        return Main.EXIT_USAGE;
                    }
                }
            }
            // the contract: 0 when the processor runs, 1 when the boot failed; a failure
            // after the processor came up (a fault it recovered from, a collision) is in the
            // output and in the JSON's error, and does not change the exit status
            return s.state().isUp() ? 0 : 1;
        } catch (FormatException e) {
            err.println("bringup boot: " + e.describe());
            return Main.EXIT_USAGE;
        }
    }

    /** Arguments that cannot be used. */
    private static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message, null, false, false);
        }
    }

    private BootRequest request() throws UsageException, FormatException {
        BootStrategy s = null;
        String st = strategy;
        if (st != null) {
            s = BootStrategy.get(st);
            if (s == null) {
                throw new UsageException("unknown strategy '" + st + "'. Fix: use one of "
                        + String.join(", ", BootStrategy.VALUES.stream().map(BootStrategy::getLiteral).toList()));
            }
        }
        List<RemoteAction> actions = new ArrayList<>();
        for (String r : remote) {
            try {
                actions.add(RemoteAction.parse(r));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--remote " + e.getMessage());
            }
        }
        String sc = scenario;
        if (sc != null) {
            if (dt != null || firmware != null || rproc != null) {
                throw new UsageException("--scenario brings its own devicetree, processor and firmware. Fix: give either"
                        + " --scenario, or --dt, --rproc and --firmware");
            }
            Scenarios.Scenario scen = Scenarios.require(sc);
            BootRequest base = scen.request(s);
            return BootRequest.builder(base.soc(), base.processor(), base.firmware()).strategy(base.strategy())
                    .then(base.actions()).then(actions).fetch(!noFetch).recovery(!noRecovery).relocate(relocate)
                    .scenario(sc).build();
        }
        Path dtFile = dt;
        Path fw = firmware;
        String rp = rproc;
        if (dtFile == null || fw == null || rp == null) {
            throw new UsageException("give --dt FILE, --rproc NAME and --firmware FILE (or --scenario NAME). Fix: run"
                    + " 'bringup boot --help'");
        }
        if (!Files.isRegularFile(fw)) {
            throw new UsageException(fw + ": no such firmware file. Fix: check the path");
        }
        DeviceTree tree = DtImport.load(dtFile, overlays, includes);
        String name = dtFile.getFileName() == null ? dtFile.toString() : dtFile.getFileName().toString();
        Soc soc = DtImport.importTree(tree, name, overlays.stream().map(Path::toString).toList()).soc();
        BootRequest.Builder b = BootRequest.builder(soc, rp, new BootRequest.FromFile(fw)).then(actions).fetch(!noFetch)
                .recovery(!noRecovery).relocate(relocate);
        if (s != null) {
            b.strategy(s);
        }
        String fn = firmwareName;
        if (fn != null) {
            b.firmwareName(fn);
        }
        BootRequest r = b.build();
        BootRequest.findProcessor(soc, rp);
        return r;
    }

    /** One {@code --dump-mem PA:LEN=FILE}. */
    private record Dump(long pa, int len, Path file) {
        static Dump parse(String text) {
            int colon = text.indexOf(':');
            int eq = text.indexOf('=');
            if (colon <= 0 || eq <= colon + 1 || eq == text.length() - 1) {
                throw new IllegalArgumentException("not PA:LEN=FILE");
            }
            long pa = Hex.parse(text.substring(0, colon));
            long len = Hex.parse(text.substring(colon + 1, eq));
            if (len <= 0 || len > 1L << 30) {
                throw new IllegalArgumentException("LEN must be 1 byte to 1 GiB");
            }
            return new Dump(pa, (int) len, Path.of(text.substring(eq + 1)));
        }
    }

    /** Writes {@code bytes} to {@code file} through a temporary file in the same folder and an atomic move. */
    static void writeAtomically(Path file, byte[] bytes) throws IOException {
        Path abs = file.toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp = Files.createTempFile(dir, "." + abs.getFileName(), ".tmp");
        try {
            Files.write(tmp, bytes);
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
