package dev.bringup.loader.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.eclipse.jdt.annotation.Nullable;

import dev.bringup.common.FormatException;
import dev.bringup.examples.Examples;
import dev.bringup.firmware.ElfFile;
import dev.bringup.iommu.Errno;
import dev.bringup.loader.BootRequest;

/**
 * {@code request_firmware()} for the simulation: opens the image a {@link BootRequest} names (a
 * file, bytes, or an example image of the examples bundle) as a {@link FirmwareImage}. Example
 * images are class-path resources of the examples bundle ({@code firmware/images/}); a split
 * {@code .mdt} is copied with its {@code .bNN} files to a temporary folder, deleted by
 * {@link #close()}.
 */
public final class FirmwareFiles implements AutoCloseable {

    /** Where the examples bundle keeps its images, as a class-path folder. */
    public static final String EXAMPLE_IMAGES = "/firmware/images/";
    /** A system property naming a folder of example images, for runs outside the bundle (development). */
    public static final String EXAMPLE_DIR_PROPERTY = "bringup.examples.firmware";

    private final List<Path> temporary = new ArrayList<>();
    private final List<FirmwareImage> open = new ArrayList<>();

    /** Opens {@code source} as the image the kernel requested as {@code requested}. */
    public FirmwareImage open(BootRequest.FirmwareSource source, String requested) throws StepFailure {
        try {
            FirmwareImage img = switch (source) {
                case BootRequest.FromFile f -> fromFile(f.path(), requested);
                case BootRequest.FromBytes b -> fromBytes(b.bytes(), b.name(), requested);
                case BootRequest.FromExample e -> fromExample(e.name(), requested);
            };
            open.add(img);
            return img;
        } catch (NoSuchFileException e) {
            throw new StepFailure(Errno.ENOENT.negated(), "no firmware file " + source.fileName() + " for " + requested,
                    "check the path (Linux looks in /lib/firmware/" + requested + ")");
        } catch (IOException | UncheckedIOException e) {
            throw new StepFailure(Errno.ENOENT.negated(), "cannot read firmware " + source.fileName() + ": " + e.getMessage(),
                    "check the path and permissions");
        }
    }

    private static FirmwareImage fromFile(Path path, String requested) throws IOException {
        if (!Files.isRegularFile(path)) {
            throw new NoSuchFileException(path.toString());
        }
        long size = Files.size(path);
        byte[] head = new byte[(int) Math.min(64, size)];
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(head);
            while (b.hasRemaining() && ch.read(b) >= 0) {
                // fill the head
            }
        }
        ElfFile elf = null;
        FormatException error = null;
        try {
            elf = ElfFile.open(path);
        } catch (FormatException e) {
            error = e;
        }
        Path name = path.getFileName();
        return new FirmwareImage(requested, name == null ? path.toString() : name.toString(), size, head, elf, error);
    }

    private static FirmwareImage fromBytes(byte[] bytes, String name, String requested) {
        ElfFile elf = null;
        FormatException error = null;
        try {
            elf = ElfFile.of(bytes, name);
        } catch (FormatException e) {
            error = e;
        }
        return new FirmwareImage(requested, name, bytes.length, java.util.Arrays.copyOf(bytes, Math.min(64, bytes.length)),
                elf, error);
    }

    /**
     * Example image {@code name}: from the examples bundle on the class path (a {@code .mdt} copied
     * with its {@code .bNN} files to a temporary folder), else from the folder of
     * {@link #EXAMPLE_DIR_PROPERTY} or the examples bundle's sources beside this bundle.
     */
    private FirmwareImage fromExample(String name, String requested) throws IOException {
        if (name.contains("/") || name.contains("..")) {
            throw new NoSuchFileException(name);
        }
        byte[] main = resource(name);
        if (main == null) {
            Path dir = exampleDir();
            if (dir != null && Files.isRegularFile(dir.resolve(name))) {
                return fromFile(dir.resolve(name), requested);
            }
            throw new NoSuchFileException(EXAMPLE_IMAGES + name + " (not in the examples bundle)");
        }
        if (!name.toLowerCase(Locale.ROOT).endsWith(".mdt")) {
            return fromBytes(main, name, requested);
        }
        Path tmp = Files.createTempDirectory("bringup-fw");
        temporary.add(tmp);
        Files.write(tmp.resolve(name), main);
        String stem = name.substring(0, name.length() - 4);
        for (int i = 0; i < 100; i++) {
            String part = stem + String.format(".b%02d", i);
            byte[] b = resource(part);
            if (b == null) {
                break;
            }
            Files.write(tmp.resolve(part), b);
        }
        return fromFile(tmp.resolve(name), requested);
    }

    private static byte @Nullable [] resource(String name) throws IOException {
        try (InputStream in = Examples.class.getResourceAsStream(EXAMPLE_IMAGES + name)) {
            return in == null ? null : in.readAllBytes();
        }
    }

    /** The folder named by {@link #EXAMPLE_DIR_PROPERTY}, or the examples bundle's source folder beside this one. */
    private static @Nullable Path exampleDir() {
        String p = System.getProperty(EXAMPLE_DIR_PROPERTY);
        if (p != null && Files.isDirectory(Path.of(p))) {
            return Path.of(p);
        }
        Path dev = Path.of("..", "dev.bringup.examples", "firmware", "images");
        return Files.isDirectory(dev) ? dev : null;
    }

    /** Whether example image {@code name} can be found. */
    public static boolean exampleExists(String name) {
        Path dir = exampleDir();
        if (dir != null && Files.isRegularFile(dir.resolve(name))) {
            return true;
        }
        try {
            return resource(name) != null;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        for (FirmwareImage f : open) {
            try {
                f.close();
            } catch (IOException e) {
                // a mapped file that cannot be closed is released by the garbage collector
            }
        }
        open.clear();
        for (Path t : temporary) {
            try (Stream<Path> s = Files.walk(t)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a temporary folder left behind is harmless
            }
        }
        temporary.clear();
    }
}
