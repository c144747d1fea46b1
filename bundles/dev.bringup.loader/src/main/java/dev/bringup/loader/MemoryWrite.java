package dev.bringup.loader;

import dev.bringup.common.Hex;

/**
 * Bytes of simulated physical memory a step wrote.
 *
 * @param pa first physical address written
 * @param length bytes written
 * @param da the device address the writer used (the remote processor's view), or -1 for a
 *        host write by physical address
 * @param what what was written: {@code segment 1 (p_paddr 0x10000000)}, {@code resource table}, ...
 */
public record MemoryWrite(long pa, long length, long da, String what) {

    /** Whether {@code [start, start + size)} overlaps the write. */
    public boolean overlaps(long start, long size) {
        return size > 0 && length > 0 && Long.compareUnsigned(start, pa + length - 1) <= 0
                && Long.compareUnsigned(pa, start + size - 1) <= 0;
    }

    @Override
    public String toString() {
        return what + ": pa " + Hex.of(pa) + " + " + Hex.of(length) + (da < 0 ? "" : " (da " + Hex.of(da) + ")");
    }
}
