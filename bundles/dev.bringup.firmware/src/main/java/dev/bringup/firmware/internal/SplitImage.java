package dev.bringup.firmware.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.eclipse.jdt.annotation.Nullable;

import dev.bringup.common.FormatException;
import dev.bringup.common.Hex;
import dev.bringup.common.Location;

/**
 * A Qualcomm split image: an {@code .mdt} file holding the ELF and program headers (and often
 * a hash segment), plus one {@code .bNN} file per segment. As in the Linux {@code qcom_mdt_loader},
 * a segment whose bytes lie inside the {@code .mdt} is read from there; any other segment is
 * read from {@code <name>.bNN}, where {@code NN} is its two-digit program header index and
 * whose size must equal its {@code p_filesz}.
 */
public final class SplitImage implements ImageBytes {

    /** Where one segment's file image lies: {@code [p_offset, p_offset + p_filesz)}. */
    public record SegmentRange(long offset, long filesz) {
    }

    private final MappedFile mdt;
    private final Path mdtPath;
    private final List<SegmentRange> segments;
    private final @Nullable MappedFile[] parts;
    private final long size;

    public SplitImage(MappedFile mdt, Path mdtPath, List<SegmentRange> segments) {
        this.mdt = mdt;
        this.mdtPath = mdtPath;
        this.segments = List.copyOf(segments);
        this.parts = new MappedFile[segments.size()];
        long end = mdt.size();
        for (SegmentRange s : segments) {
            if (s.offset() >= 0 && s.filesz() >= 0 && s.offset() <= Long.MAX_VALUE - s.filesz()) {
                end = Math.max(end, s.offset() + s.filesz());
            }
        }
        this.size = end;
    }

    /** The file that holds segment {@code index}: {@code fw.mdt} gives {@code fw.b03} for index 3. */
    public static Path partPath(Path mdtPath, int index) {
        String n = mdtPath.getFileName().toString();
        String base = n.substring(0, n.length() - 3);
        return mdtPath.resolveSibling(base + String.format(java.util.Locale.ROOT, "b%02d", index));
    }

    /** Whether segment {@code index} is read from its own {@code .bNN} file. */
    public boolean isInPart(int index) {
        SegmentRange s = segments.get(index);
        return s.filesz() > 0 && !mdt.contains(s.offset(), s.filesz());
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public String name() {
        return mdt.name();
    }

    @Override
    public void read(long offset, byte[] dst, int dstOffset, int length) throws FormatException {
        if (mdt.contains(offset, length)) {
            mdt.read(offset, dst, dstOffset, length);
            return;
        }
        for (int i = 0; i < segments.size(); i++) {
            SegmentRange s = segments.get(i);
            if (isInPart(i) && offset >= s.offset() && offset - s.offset() <= s.filesz()
                    && length <= s.filesz() - (offset - s.offset())) {
                part(i).read(offset - s.offset(), dst, dstOffset, length);
                return;
            }
        }
        throw outside("read", offset, length);
    }

    private MappedFile part(int index) throws FormatException {
        MappedFile p = parts[index];
        if (p == null) {
            Path path = partPath(mdtPath, index);
            long filesz = segments.get(index).filesz();
            if (!Files.isReadable(path)) {
                throw new FormatException("segment " + index + " is not in " + mdt.name() + " and " + path.getFileName()
                        + " cannot be read", Location.entry(mdt.name(), -1, index),
                        "put " + path.getFileName() + " beside " + mdt.name());
            }
            try {
                p = MappedFile.open(path);
            } catch (IOException e) {
                throw new FormatException("cannot open " + path.getFileName() + ": " + e.getMessage(),
                        Location.entry(mdt.name(), -1, index), "check the permissions of " + path.getFileName(), e);
            }
            if (p.size() != filesz) {
                long actual = p.size();
                try {
                    p.close();
                } catch (IOException ignored) {
                    // the size error below is what the user needs to see
                }
                throw new FormatException(path.getFileName() + " has " + actual + " bytes but program header " + index
                        + " says p_filesz " + Hex.of(filesz), Location.entry(path.getFileName().toString(), 0, index),
                        "use the .bNN files produced together with this .mdt");
            }
            parts[index] = p;
        }
        return p;
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (MappedFile p : parts) {
            if (p != null) {
                try {
                    p.close();
                } catch (IOException e) {
                    first = first == null ? e : first;
                }
            }
        }
        mdt.close();
        if (first != null) {
            throw first;
        }
    }
}
