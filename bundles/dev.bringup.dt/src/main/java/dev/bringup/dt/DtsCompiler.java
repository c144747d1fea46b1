package dev.bringup.dt;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.eclipse.jdt.annotation.Nullable;

import dev.bringup.common.FormatException;
import dev.bringup.common.Location;

/**
 * Compiles DTS sources with the installed devicetree compiler: the C preprocessor first
 * ({@code cpp -nostdinc -undef -x assembler-with-cpp -D__DTS__}, as the kernel's build does,
 * so that {@code #include <dt-bindings/...>} works with the include folders given), then
 * {@code dtc -@} (labels exported to {@code __symbols__}, so overlays can be applied). When
 * {@code dtc} is not installed the error says so and how to get it.
 */
public final class DtsCompiler {

    private static final long TIMEOUT_SECONDS = 120;

    private DtsCompiler() {
    }

    /** True when {@code dtc} is found on the PATH. */
    public static boolean isDtcAvailable() {
        return findOnPath("dtc") != null;
    }

    /**
     * Compiles {@code dts} to a DTB (or a DTBO when the source is an overlay).
     *
     * @param includeDirs folders searched by {@code #include} and {@code /include/}
     * @throws FormatException when a tool is missing or the source does not compile; the
     *         message carries the compiler's first error with its file and line
     */
    public static byte[] compile(Path dts, List<Path> includeDirs) throws FormatException {
        Path dtc = findOnPath("dtc");
        if (dtc == null) {
            throw new FormatException("cannot compile " + dts.getFileName() + ": dtc (the devicetree compiler) is not installed",
                    Location.at(dts.toString(), -1),
                    "install it (Debian/Ubuntu: apt-get install device-tree-compiler) or give a compiled .dtb");
        }
        if (!Files.isReadable(dts)) {
            throw new FormatException("cannot read " + dts, Location.at(dts.toString(), -1), "check the path");
        }
        byte[] source;
        try {
            source = Files.readAllBytes(dts);
        } catch (IOException e) {
            throw new FormatException("cannot read " + dts + ": " + e.getMessage(), Location.at(dts.toString(), -1), "check the path");
        }
        String text = new String(source, StandardCharsets.ISO_8859_1);
        byte[] input = source;
        String inputName = dts.toString();
        if (text.contains("#include") || text.contains("#define") || text.contains("#if")) {
            Path cpp = findOnPath("cpp");
            if (cpp == null) {
                throw new FormatException(dts.getFileName() + " uses #include or #define, but cpp (the C preprocessor) is not installed",
                        Location.at(dts.toString(), -1), "install it (Debian/Ubuntu: apt-get install cpp)");
            }
            List<String> cmd = new ArrayList<>(List.of(cpp.toString(), "-nostdinc", "-undef", "-x", "assembler-with-cpp",
                    "-D__DTS__"));
            cmd.add("-I");
            cmd.add(dts.toAbsolutePath().getParent().toString());
            for (Path inc : includeDirs) {
                cmd.add("-I");
                cmd.add(inc.toString());
            }
            cmd.add(dts.toString());
            input = run(cmd, null, dts, "cpp");
            inputName = "-";
        }
        List<String> cmd = new ArrayList<>(List.of(dtc.toString(), "-q", "-@", "-I", "dts", "-O", "dtb"));
        cmd.add("-i");
        cmd.add(dts.toAbsolutePath().getParent().toString());
        for (Path inc : includeDirs) {
            cmd.add("-i");
            cmd.add(inc.toString());
        }
        cmd.add(inputName);
        return run(cmd, inputName.equals("-") ? input : null, dts, "dtc");
    }

    private static byte[] run(List<String> cmd, byte @Nullable [] stdin, Path dts, String tool) throws FormatException {
        Process p;
        try {
            p = new ProcessBuilder(cmd).start();
        } catch (IOException e) {
            throw new FormatException("cannot start " + tool + ": " + e.getMessage(), Location.at(dts.toString(), -1),
                    "check that " + tool + " is installed and executable");
        }
        try {
            CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
            try (var in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin);
                }
            }
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new FormatException(tool + " did not finish within " + TIMEOUT_SECONDS + " s on " + dts.getFileName(),
                        Location.at(dts.toString(), -1), "check the source for an #include loop");
            }
            byte[] result = out.get();
            String errors = new String(err.get(), StandardCharsets.UTF_8).trim();
            if (p.exitValue() != 0) {
                String first = errors.isEmpty() ? "exit code " + p.exitValue() : errors.lines().filter(l -> !l.isBlank())
                        .filter(l -> l.contains("rror")).findFirst().orElse(errors.lines().findFirst().orElse(""));
                throw new FormatException(tool + " failed on " + dts.getFileName() + ": " + first.trim(),
                        Location.at(dts.toString(), -1), "fix the source at the place " + tool + " names");
            }
            return result;
        } catch (IOException | java.util.concurrent.ExecutionException e) {
            throw new FormatException(tool + " failed on " + dts.getFileName() + ": " + e.getMessage(),
                    Location.at(dts.toString(), -1), "check the installation of " + tool);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new FormatException(tool + " was interrupted", Location.at(dts.toString(), -1), null);
        }
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }

    private static @Nullable Path findOnPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, tool);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
