package dev.bringup.firmware;

/**
 * One ELF note ({@code Elf_Nhdr} and its name and descriptor), from a {@code SHT_NOTE} section
 * or a {@code PT_NOTE} segment; {@code offset} is the file offset of the note header.
 */
public record ElfNote(String name, long n_type, Bytes desc, long offset) {
}
