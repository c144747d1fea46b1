package dev.bringup.firmware;

/** The resource table formats the codec reads, and how they are named in JSON and text. */
public enum TableFormat {
    /** {@code struct resource_table} version 1 (Linux since 3.4, OpenAMP): header, offsets, typed entries. */
    V1("v1"),
    /** The 2011 proposal (seed 004): an array of fixed 96-byte {@code struct fw_resource} entries. */
    V2011("2011");

    private final String label;

    TableFormat(String label) {
        this.label = label;
    }

    /** {@code v1} or {@code 2011}. */
    public String label() {
        return label;
    }
}
