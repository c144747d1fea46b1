package dev.bringup.loader.internal;

import java.io.IOException;

import org.eclipse.jdt.annotation.Nullable;

import dev.bringup.common.FormatException;
import dev.bringup.firmware.ElfFile;

/**
 * What {@code request_firmware()} hands the driver: the name the kernel asked for, the file's
 * size and its first bytes, and (when the bytes are an ELF file the reader accepts) the ELF.
 *
 * @param requested the name the kernel requested ({@code firmware-name})
 * @param file the file it came from, for messages
 * @param size the file's size ({@code fw->size})
 * @param head up to the first 64 bytes ({@code fw->data}, enough for the ELF header)
 * @param elf the ELF image, or null when the reader refused the bytes
 * @param elfError why the reader refused them, or null
 */
public record FirmwareImage(String requested, String file, long size, byte[] head, @Nullable ElfFile elf,
        @Nullable FormatException elfError) implements AutoCloseable {

    /** The ELF, or a failure when the file is not one the loader can read. */
    public ElfFile requireElf(Kernel k) throws StepFailure {
        ElfFile e = elf;
        if (e == null) {
            FormatException x = elfError;
            throw k.fail(-22, "the firmware " + file + " is not an ELF image the loader can read"
                    + (x == null ? "" : ": " + x.describe()), "give an ELF firmware file (.elf, .mbn, or .mdt with its .bNN files)");
        }
        return e;
    }

    @Override
    public void close() throws IOException {
        ElfFile e = elf;
        if (e != null) {
            e.close();
        }
    }
}
