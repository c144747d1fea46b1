#!/usr/bin/env bash
# Rebuilds the test firmware under ../resources/fixtures/ from the sources in this folder.
# Needs arm-none-eabi-gcc (Debian: gcc-arm-none-eabi) and python3; the 64-bit fixture needs
# riscv64-unknown-elf-gcc (Debian: gcc-riscv64-unknown-elf) and is skipped without it.
# The fixtures are committed; run this only after changing a source.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out="$here/../resources/fixtures"
mkdir -p "$out"
cd "$here"

CC=arm-none-eabi-gcc
COMMON=(-O1 -g0 -ffreestanding -nostdlib -fno-common -Wall -Wno-unused-variable -Wl,--build-id=none)
M4=(-mcpu=cortex-m4 -mthumb)

build() { # name, extra flags...
	local name=$1
	shift
	"$CC" "${COMMON[@]}" "$@" -o "$out/$name.elf"
}

# Well-formed firmware.
build fw_v1_le "${M4[@]}" -T fw.ld fw_v1.c
build fw_v1_be -mcpu=cortex-r5 -marm -mbig-endian -T fw.ld fw_v1.c
build fw_2011 "${M4[@]}" -T fw.ld fw_2011.c
if command -v riscv64-unknown-elf-gcc > /dev/null; then
	riscv64-unknown-elf-gcc "${COMMON[@]}" -march=rv64imac -mabi=lp64 -mcmodel=medany -T fw.ld fw_v1.c \
		-o "$out/fw_v1_rv64.elf"
else
	echo "riscv64-unknown-elf-gcc not found: fw_v1_rv64.elf not rebuilt" >&2
fi

# The same firmware as a Qualcomm split image (fw_split.mdt + fw_split.bNN).
rm -f "$out"/fw_split.*
python3 split_mdt.py "$out/fw_v1_le.elf" "$out/fw_split"

# One malformed variant per resource table diagnostic code (see ../../../DIAGNOSTICS.md).
for code in RSC_BAD_VERSION RSC_RESERVED_NONZERO RSC_OFFSET_OUT_OF_TABLE RSC_TRUNCATED VRING_NUM_ZERO \
	VRING_ALIGN_ZERO RSC_ENTRIES_OVERLAP RSC_NUM_MISMATCH RSC_NAME_NOT_TERMINATED TRACE_MISALIGNED \
	VRING_MISALIGNED RSC_UNKNOWN_TYPE RSC_TOO_LARGE; do
	build "bad_$code" "${M4[@]}" -T fw.ld -DVARIANT_$code fw_v1.c
done
build bad_VDEV_TOO_MANY_VRINGS "${M4[@]}" -T fw.ld -DNUM_VRINGS=3 fw_v1.c
build bad_RSC_NOT_LOADED "${M4[@]}" -T fw_not_loaded.ld fw_v1.c
build bad_ELF_LOAD_OVERLAP "${M4[@]}" -T fw_overlap.ld -Wl,--no-check-sections fw_v1.c
# A relocatable object (ld -r) has no program headers.
"$CC" "${COMMON[@]}" "${M4[@]}" -Wl,-r -o "$out/bad_ELF_NO_PHDRS.elf" fw_v1.c



# Seeds for the Jazzer fuzz tests (regression mode runs exactly these): a few ELF fixtures and the
# resource tables cut out of the fixtures.
seeds="$here/../resources/dev/bringup/firmware/FirmwareFuzzTestInputs"
rm -rf "$seeds"
mkdir -p "$seeds/fuzzElf" "$seeds/fuzzTable"
for f in fw_v1_le fw_v1_be fw_v1_rv64 fw_2011 bad_ELF_NO_PHDRS; do
	cp "$out/$f.elf" "$seeds/fuzzElf/$f"
done
for f in fw_v1_le fw_v1_be fw_2011 bad_RSC_NUM_MISMATCH bad_RSC_ENTRIES_OVERLAP bad_VDEV_TOO_MANY_VRINGS; do
	arm-none-eabi-objcopy -O binary --only-section=.resource_table "$out/$f.elf" "$seeds/fuzzTable/$f"
done
echo "fixtures written to $out and $seeds"
