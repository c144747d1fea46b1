package dev.bringup.firmware;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.eclipse.jdt.annotation.Nullable;

import dev.bringup.common.FormatException;
import dev.bringup.common.Hex;
import dev.bringup.common.Location;
import dev.bringup.firmware.internal.ImageBytes;
import dev.bringup.firmware.internal.MappedFile;
import dev.bringup.firmware.internal.SplitImage;

/**
 * An ELF32 or ELF64 file of either byte order, read through memory-mapped windows: the header,
 * the program headers and the section headers (with names) are read when the file is opened;
 * symbols and notes on first use; section and segment bytes on request. A file is never read
 * whole into the heap.
 * <p>
 * A Qualcomm split image is opened through its {@code .mdt}: segment bytes that are not in the
 * {@code .mdt} come from the {@code .bNN} file of that segment. An {@code .mbn} is a plain ELF.
 * <p>
 * Every offset and size from the file is checked against the file before use, in unsigned
 * arithmetic that cannot wrap; what cannot be used raises a {@link FormatException} with the
 * file offset.
 */
public final class ElfFile implements AutoCloseable {

    private static final int EI_NIDENT = 16;
    private static final int PN_XNUM = 0xffff;
    private static final int SHN_XINDEX = 0xffff;
    /** Largest string (symbol or section name) read; longer ones are cut. */
    private static final int MAX_NAME = 4096;

    private final Path path;
    private final ImageBytes bytes;
    private final ElfHeader header;
    private final List<ElfProgramHeader> programHeaders;
    private final List<ElfSection> sections;
    private @Nullable List<ElfSymbol> symbols;
    private @Nullable List<ElfSymbol> symbolsByAddress;

    private ElfFile(Path path, ImageBytes bytes, ElfHeader header, List<ElfProgramHeader> programHeaders,
            List<ElfSection> sections) {
        this.path = path;
        this.bytes = bytes;
        this.header = header;
        this.programHeaders = programHeaders;
        this.sections = sections;
    }

    /**
     * Opens an ELF file, or a Qualcomm split image when the name ends in {@code .mdt}.
     *
     * @throws IOException when the file cannot be opened
     * @throws FormatException when it is not an ELF file that can be read
     */
    public static ElfFile open(Path path) throws IOException, FormatException {
        MappedFile file = MappedFile.open(path);
        try {
            ElfFile elf = parse(path, file);
            if (path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".mdt")) {
                List<SplitImage.SegmentRange> ranges = new ArrayList<>();
                for (ElfProgramHeader p : elf.programHeaders) {
                    ranges.add(new SplitImage.SegmentRange(p.p_offset(), p.p_filesz()));
                }
                SplitImage split = new SplitImage(file, path, ranges);
                return new ElfFile(path, split, elf.header, elf.programHeaders, elf.sections);
            }
            return elf;
        } catch (FormatException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    /**
     * Reads an ELF image held in memory (the array is not copied; do not change it while the
     * ElfFile is in use). {@code name} is used in diagnostics.
     *
     * @throws FormatException when it is not an ELF image that can be read
     */
    public static ElfFile of(byte[] data, String name) throws FormatException {
        return parse(Path.of(name), new dev.bringup.firmware.internal.ByteArrayImage(data, name));
    }

    private static ElfFile parse(Path path, ImageBytes in) throws FormatException {
        String name = in.name();
        if (in.size() < EI_NIDENT) {
            throw new FormatException("file has " + in.size() + " bytes, too small for an ELF identification",
                    Location.at(name, 0), "give an ELF firmware file");
        }
        byte[] ident = in.read(0, EI_NIDENT);
        if (ident[0] != 0x7f || ident[1] != 'E' || ident[2] != 'L' || ident[3] != 'F') {
            throw new FormatException("not an ELF file (bad magic " + String.format("%02x %02x %02x %02x", ident[0], ident[1],
                    ident[2], ident[3]) + ")", Location.at(name, 0), "give an ELF firmware file (.elf, .mbn or .mdt)");
        }
        int cls = ident[4];
        if (cls != ElfHeader.ELFCLASS32 && cls != ElfHeader.ELFCLASS64) {
            throw new FormatException("unsupported ELF class " + cls + " (EI_CLASS)", Location.at(name, 4),
                    "EI_CLASS must be 1 (ELF32) or 2 (ELF64)");
        }
        int data = ident[5];
        if (data != ElfHeader.ELFDATA2LSB && data != ElfHeader.ELFDATA2MSB) {
            throw new FormatException("unsupported ELF data encoding " + data + " (EI_DATA)", Location.at(name, 5),
                    "EI_DATA must be 1 (little-endian) or 2 (big-endian)");
        }
        boolean is64 = cls == ElfHeader.ELFCLASS64;
        ByteOrder order = data == ElfHeader.ELFDATA2MSB ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        int ehsize = is64 ? 64 : 52;
        if (in.size() < ehsize) {
            throw new FormatException("file has " + in.size() + " bytes, too small for the " + (is64 ? 64 : 52)
                    + "-byte ELF header", Location.at(name, 0), "the file is truncated; copy it again");
        }
        ByteBuffer h = ByteBuffer.wrap(in.read(0, ehsize)).order(order);
        int eType = u16(h, 16);
        int eMachine = u16(h, 18);
        long eVersion = u32(h, 20);
        long entry = is64 ? h.getLong(24) : u32(h, 24);
        long phoff = is64 ? h.getLong(32) : u32(h, 28);
        long shoff = is64 ? h.getLong(40) : u32(h, 32);
        int o = is64 ? 48 : 36;
        long flags = u32(h, o);
        int eEhsize = u16(h, o + 4);
        int phentsize = u16(h, o + 6);
        int phnum = u16(h, o + 8);
        int shentsize = u16(h, o + 10);
        int shnum = u16(h, o + 12);
        int shstrndx = u16(h, o + 14);
        int minPh = is64 ? 56 : 32;
        int minSh = is64 ? 64 : 40;

        // Section header 0 carries the real counts when they do not fit in 16 bits.
        long shnumReal = shnum;
        long shstrndxReal = shstrndx;
        long phnumReal = phnum;
        if (shoff != 0) {
            if (shentsize < minSh) {
                throw new FormatException("e_shentsize " + shentsize + " is smaller than a section header (" + minSh + ")",
                        Location.at(name, o + 10), "rebuild the file with a standard linker");
            }
            checkTable(in, "section header 0", shoff, 1, shentsize, name);
            if (shnum == 0 || shstrndx == SHN_XINDEX || phnum == PN_XNUM) {
                ByteBuffer s0 = ByteBuffer.wrap(in.read(shoff, minSh)).order(order);
                if (shnum == 0) {
                    shnumReal = is64 ? s0.getLong(32) : u32(s0, 20);
                }
                if (shstrndx == SHN_XINDEX) {
                    shstrndxReal = u32(s0, is64 ? 40 : 24);
                }
                if (phnum == PN_XNUM) {
                    phnumReal = u32(s0, is64 ? 44 : 28);
                }
            }
        } else {
            shnumReal = 0;
        }
        if (phnumReal > 0 && phentsize < minPh) {
            throw new FormatException("e_phentsize " + phentsize + " is smaller than a program header (" + minPh + ")",
                    Location.at(name, o + 6), "rebuild the file with a standard linker");
        }
        checkTable(in, "program header table", phoff, phnumReal, phentsize, name);
        checkTable(in, "section header table", shoff, shnumReal, shentsize, name);
        if (shnumReal > 0 && Long.compareUnsigned(shstrndxReal, shnumReal) >= 0 && shstrndxReal != 0) {
            throw new FormatException("e_shstrndx " + shstrndxReal + " is not a section (there are " + shnumReal + ")",
                    Location.at(name, o + 14), "rebuild the file, or strip it with objcopy to repair the section table");
        }
        ElfHeader header = new ElfHeader(cls, data, ident[7] & 0xff, eType, eMachine, eVersion, entry, phoff, shoff, flags,
                eEhsize, phentsize, (int) phnumReal, shentsize, (int) shnumReal, (int) shstrndxReal);

        List<ElfProgramHeader> phdrs = new ArrayList<>((int) phnumReal);
        for (int i = 0; i < phnumReal; i++) {
            long at = phoff + (long) i * phentsize;
            ByteBuffer p = ByteBuffer.wrap(in.read(at, minPh)).order(order);
            if (is64) {
                phdrs.add(new ElfProgramHeader(i, u32(p, 0), u32(p, 4), p.getLong(8), p.getLong(16), p.getLong(24),
                        p.getLong(32), p.getLong(40), p.getLong(48), at));
            } else {
                phdrs.add(new ElfProgramHeader(i, u32(p, 0), u32(p, 24), u32(p, 4), u32(p, 8), u32(p, 12), u32(p, 16),
                        u32(p, 20), u32(p, 28), at));
            }
        }

        List<ElfSection> raw = new ArrayList<>((int) shnumReal);
        for (int i = 0; i < shnumReal; i++) {
            long at = shoff + (long) i * shentsize;
            ByteBuffer s = ByteBuffer.wrap(in.read(at, minSh)).order(order);
            if (is64) {
                raw.add(new ElfSection(i, "", u32(s, 0), u32(s, 4), s.getLong(8), s.getLong(16), s.getLong(24),
                        s.getLong(32), u32(s, 40), u32(s, 44), s.getLong(48), s.getLong(56), at));
            } else {
                raw.add(new ElfSection(i, "", u32(s, 0), u32(s, 4), u32(s, 8), u32(s, 12), u32(s, 16), u32(s, 20),
                        u32(s, 24), u32(s, 28), u32(s, 32), u32(s, 36), at));
            }
        }
        List<ElfSection> named = new ArrayList<>(raw.size());
        ElfSection strtab = shnumReal > 0 && shstrndxReal != 0 ? raw.get((int) shstrndxReal) : null;
        for (ElfSection s : raw) {
            String n = strtab == null ? "" : string(in, strtab, s.sh_name());
            named.add(new ElfSection(s.index(), n, s.sh_name(), s.sh_type(), s.sh_flags(), s.sh_addr(), s.sh_offset(),
                    s.sh_size(), s.sh_link(), s.sh_info(), s.sh_addralign(), s.sh_entsize(), s.headerOffset()));
        }
        return new ElfFile(path, in, header, List.copyOf(phdrs), List.copyOf(named));
    }

    private static void checkTable(ImageBytes in, String what, long offset, long count, int entsize, String name)
            throws FormatException {
        if (count == 0) {
            return;
        }
        long len;
        try {
            len = Math.multiplyExact(count, (long) entsize);
        } catch (ArithmeticException e) {
            len = -1;
        }
        if (len < 0 || !in.contains(offset, len)) {
            throw new FormatException(what + " (" + count + " entries of " + entsize + " bytes at " + Hex.of(offset)
                    + ") does not fit in the file of " + in.size() + " bytes", Location.at(name, offset),
                    "the file is truncated or its ELF header is corrupt; rebuild or copy it again");
        }
    }

    /** A NUL-terminated string at {@code index} in string table {@code strtab}; "" when out of range. */
    private static String string(ImageBytes in, ElfSection strtab, long index) throws FormatException {
        if (!strtab.hasFileBytes() || Long.compareUnsigned(index, strtab.sh_size()) >= 0
                || !in.contains(strtab.sh_offset(), strtab.sh_size())) {
            return "";
        }
        long start = strtab.sh_offset() + index;
        int max = (int) Math.min(MAX_NAME, strtab.sh_size() - index);
        byte[] b = in.read(start, max);
        int n = 0;
        while (n < b.length && b[n] != 0) {
            n++;
        }
        return new String(b, 0, n, StandardCharsets.ISO_8859_1);
    }

    private static int u16(ByteBuffer b, int at) {
        return Short.toUnsignedInt(b.getShort(at));
    }

    private static long u32(ByteBuffer b, int at) {
        return Integer.toUnsignedLong(b.getInt(at));
    }

    /** The path this file was opened from. */
    public Path path() {
        return path;
    }

    /** The file name as diagnostics show it. */
    public String name() {
        return bytes.name();
    }

    public ElfHeader header() {
        return header;
    }

    /** Size of the image in bytes (for a split image: as far as its segments reach). */
    public long size() {
        return bytes.size();
    }

    /** Whether this is a Qualcomm split image ({@code .mdt} with {@code .bNN} files). */
    public boolean isSplit() {
        return bytes instanceof SplitImage;
    }

    public List<ElfProgramHeader> programHeaders() {
        return programHeaders;
    }

    public List<ElfSection> sections() {
        return sections;
    }

    /** The first section with this name, as the kernel finds {@code .resource_table}; null when none. */
    public @Nullable ElfSection section(String sectionName) {
        for (ElfSection s : sections) {
            if (s.name().equals(sectionName)) {
                return s;
            }
        }
        return null;
    }

    /** Whether {@code [offset, offset + length)} lies inside the image. */
    public boolean contains(long offset, long length) {
        return bytes.contains(offset, length);
    }

    /**
     * Reads {@code length} bytes at file offset {@code offset}.
     *
     * @throws FormatException when the range is outside the image
     */
    public byte[] read(long offset, int length) throws FormatException {
        return bytes.read(offset, length);
    }

    /**
     * The file bytes of a section, at most {@code limit} of them.
     *
     * @throws FormatException when the section's bytes are not in the file
     */
    public byte[] sectionBytes(ElfSection section, int limit) throws FormatException {
        if (!section.hasFileBytes()) {
            return new byte[0];
        }
        long len = Long.compareUnsigned(section.sh_size(), limit) > 0 ? limit : section.sh_size();
        if (!bytes.contains(section.sh_offset(), len)) {
            throw bytes.outside("section " + section.index() + " " + section.name(), section.sh_offset(), section.sh_size());
        }
        return bytes.read(section.sh_offset(), (int) len);
    }

    /**
     * The file image of a segment ({@code p_filesz} bytes at {@code p_offset}), at most {@code limit}
     * bytes of it; for a split image read from its {@code .bNN} file where it is not in the {@code .mdt}.
     */
    public byte[] segmentBytes(ElfProgramHeader segment, int limit) throws FormatException {
        long len = Long.compareUnsigned(segment.p_filesz(), limit) > 0 ? limit : segment.p_filesz();
        if (!bytes.contains(segment.p_offset(), len)) {
            throw bytes.outside("segment " + segment.index(), segment.p_offset(), segment.p_filesz());
        }
        return bytes.read(segment.p_offset(), (int) len);
    }

    /**
     * The symbols of {@code .symtab} and {@code .dynsym}, read on first use; symbol tables that do
     * not fit in the file are skipped.
     */
    public synchronized List<ElfSymbol> symbols() throws FormatException {
        List<ElfSymbol> syms = symbols;
        if (syms == null) {
            syms = new ArrayList<>();
            for (ElfSection s : sections) {
                if (s.sh_type() == ElfSection.SHT_SYMTAB || s.sh_type() == ElfSection.SHT_DYNSYM) {
                    readSymbols(s, syms);
                }
            }
            syms = List.copyOf(syms);
            symbols = syms;
        }
        return syms;
    }

    private void readSymbols(ElfSection table, List<ElfSymbol> out) throws FormatException {
        int entsize = header.is64() ? 24 : 16;
        if (!bytes.contains(table.sh_offset(), table.sh_size()) || Long.compareUnsigned(table.sh_link(), sections.size()) >= 0) {
            return;
        }
        ElfSection strtab = sections.get((int) table.sh_link());
        long count = table.sh_size() / entsize;
        int chunk = 4096;
        for (long first = 0; first < count; first += chunk) {
            int n = (int) Math.min(chunk, count - first);
            ByteBuffer b = ByteBuffer.wrap(bytes.read(table.sh_offset() + first * entsize, n * entsize)).order(header.order());
            for (int i = 0; i < n; i++) {
                int at = i * entsize;
                long nameIndex = u32(b, at);
                ElfSymbol sym;
                if (header.is64()) {
                    sym = new ElfSymbol(string(bytes, strtab, nameIndex), b.getLong(at + 8), b.getLong(at + 16),
                            b.get(at + 4) & 0xff, b.get(at + 5) & 0xff, u16(b, at + 6));
                } else {
                    sym = new ElfSymbol(string(bytes, strtab, nameIndex), u32(b, at + 4), u32(b, at + 8), b.get(at + 12) & 0xff,
                            b.get(at + 13) & 0xff, u16(b, at + 14));
                }
                out.add(sym);
            }
        }
    }

    /**
     * The function or object symbol that covers {@code address}, or the nearest one below it
     * (with a size of 0); null when there is none. For naming addresses in views.
     */
    public synchronized @Nullable ElfSymbol symbolAt(long address) throws FormatException {
        List<ElfSymbol> sorted = symbolsByAddress;
        if (sorted == null) {
            List<ElfSymbol> named = new ArrayList<>();
            for (ElfSymbol s : symbols()) {
                if (!s.name().isEmpty() && !s.name().startsWith("$") && (s.type() == ElfSymbol.STT_FUNC || s.type() == ElfSymbol.STT_OBJECT
                        || s.type() == ElfSymbol.STT_NOTYPE) && s.st_shndx() != 0) {
                    named.add(s);
                }
            }
            named.sort(Comparator.comparing(ElfSymbol::st_value, Long::compareUnsigned));
            sorted = Collections.unmodifiableList(named);
            symbolsByAddress = sorted;
        }
        ElfSymbol covering = null;
        ElfSymbol below = null;
        for (ElfSymbol s : sorted) {
            if (Long.compareUnsigned(s.st_value(), address) > 0) {
                break;
            }
            if (s.st_size() != 0 && s.covers(address)) {
                covering = s;
            } else if (s.st_size() == 0) {
                below = s;
            }
        }
        ElfSymbol best = covering != null ? covering : below;
        return best;
    }

    /**
     * The notes of the {@code SHT_NOTE} sections, or of the {@code PT_NOTE} segments when there are
     * no sections. Malformed notes end the walk of their section or segment.
     */
    public List<ElfNote> notes() throws FormatException {
        List<ElfNote> notes = new ArrayList<>();
        boolean fromSections = false;
        for (ElfSection s : sections) {
            if (s.sh_type() == ElfSection.SHT_NOTE) {
                fromSections = true;
                readNotes(s.sh_offset(), s.sh_size(), s.sh_addralign() == 8 ? 8 : 4, notes);
            }
        }
        if (!fromSections) {
            for (ElfProgramHeader p : programHeaders) {
                if (p.p_type() == ElfProgramHeader.PT_NOTE) {
                    readNotes(p.p_offset(), p.p_filesz(), p.p_align() == 8 ? 8 : 4, notes);
                }
            }
        }
        return List.copyOf(notes);
    }

    private void readNotes(long offset, long size, int align, List<ElfNote> out) throws FormatException {
        if (!bytes.contains(offset, size)) {
            return;
        }
        long pos = 0;
        while (size - pos >= 12) {
            ByteBuffer h = ByteBuffer.wrap(bytes.read(offset + pos, 12)).order(header.order());
            long namesz = u32(h, 0);
            long descsz = u32(h, 4);
            long type = u32(h, 8);
            long nameAt = pos + 12;
            long descAt = nameAt + alignUp(namesz, align);
            long end = descAt + alignUp(descsz, align);
            if (namesz > MAX_NAME || descAt > size || descsz > size - descAt || descsz > Integer.MAX_VALUE - 8) {
                return;
            }
            byte[] n = bytes.read(offset + nameAt, (int) namesz);
            int len = 0;
            while (len < n.length && n[len] != 0) {
                len++;
            }
            out.add(new ElfNote(new String(n, 0, len, StandardCharsets.ISO_8859_1), type,
                    Bytes.of(bytes.read(offset + descAt, (int) descsz)), offset + pos));
            pos = Math.min(end, size);
        }
    }

    private static long alignUp(long v, int align) {
        return (v + align - 1) & -align;
    }

    @Override
    public void close() throws IOException {
        bytes.close();
    }
}
