#!/usr/bin/env bash
# Rebuilds every firmware image of the embedded examples from the sources beside this script,
# with Debian's cross toolchains, into OUT_DIR (default: images/ beside this script).
#
#   firmware/build.sh [OUT_DIR]     build every image
#   firmware/build.sh --check       only check that the tools are there (exit 69 if not)
#
# The images are deterministic: the same toolchain versions give the same bytes on every build
# (no timestamps, no build IDs, no debug info, sources named by relative paths). OUT_DIR also
# gets toolchains.txt (the versions that built them) and SHA256SUMS.
# README.md beside this script describes each image.
set -euo pipefail
export LC_ALL=C TZ=UTC

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# ---------------------------------------------------------------------------------------------
# tools, and the Debian package that provides each
# ---------------------------------------------------------------------------------------------
TOOLS=(
	"arm-none-eabi-gcc:gcc-arm-none-eabi"
	"xtensa-lx106-elf-gcc:gcc-xtensa-lx106"
	"clang:clang"
	"ld.lld:lld"
	"readelf:binutils"
	"od:coreutils"
	"dd:coreutils"
	"truncate:coreutils"
	"sha384sum:coreutils"
	"sha256sum:coreutils"
)

check_tools() {
	local entry tool pkg missing=()
	for entry in "${TOOLS[@]}"; do
		tool=${entry%%:*}
		pkg=${entry#*:}
		command -v "$tool" >/dev/null 2>&1 || missing+=("$tool (Debian package $pkg)")
	done
	# clang must have the Hexagon back end (Debian's clang has every LLVM target)
	if command -v clang >/dev/null 2>&1 &&
		! clang --print-targets 2>/dev/null | grep -qw hexagon; then
		missing+=("clang with the Hexagon target (Debian package clang)")
	fi
	if ((${#missing[@]})); then
		echo "build.sh: missing tools:" >&2
		printf '  %s\n' "${missing[@]}" >&2
		echo "install them with: apt-get install gcc-arm-none-eabi gcc-xtensa-lx106 clang lld binutils coreutils" >&2
		return 69
	fi
}

if [[ ${1:-} == --check ]]; then
	check_tools
	exit $?
fi
check_tools || exit $?

OUT=${1:-$HERE/images}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
OBJ=$(mktemp -d)
trap 'rm -rf "$OBJ"' EXIT
cd "$HERE"   # sources are named relative to here: the only file names that enter the images

COMMON_CFLAGS=(-std=c11 -ffreestanding -fno-builtin -fno-common -fno-asynchronous-unwind-tables
	-Wall -Wextra -Werror "-ffile-prefix-map=$HERE=." -Icommon)

ARM_CC=(arm-none-eabi-gcc -mthumb -Os -fno-tree-loop-distribute-patterns "${COMMON_CFLAGS[@]}")
XTENSA_CC=(xtensa-lx106-elf-gcc -Os -fno-tree-loop-distribute-patterns "${COMMON_CFLAGS[@]}")
# -O2, not -Os: at -Os clang calls the register save/restore helpers of the Hexagon runtime
HEXAGON_CC=(clang --target=hexagon-unknown-elf -mcpu=hexagonv66 -G0 -fno-pic -O2 "${COMMON_CFLAGS[@]}")
GNU_LDFLAGS=(-nostdlib -nostartfiles -Wl,--build-id=none -Wl,-z,max-page-size=0x1000)
LLD_FLAGS=(--build-id=none -z max-page-size=0x1000)

# compile CC... -- SOURCES... : objects go to $OBJ/<image>/<source path with / as _>.o
objects=()
compile() {
	local image=$1 cc=() src obj
	shift
	while [[ $1 != -- ]]; do cc+=("$1"); shift; done
	shift
	mkdir -p "$OBJ/$image"
	objects=()
	for src in "$@"; do
		obj="$OBJ/$image/${src//\//_}.o"
		"${cc[@]}" -c "$src" -o "$obj"
		objects+=("$obj")
	done
}

# ---------------------------------------------------------------------------------------------
# little-endian fields of an ELF file (od prints bytes; the value is assembled here, so the
# build host's byte order does not matter)
# ---------------------------------------------------------------------------------------------
le_at() {   # FILE OFFSET SIZE
	local b v=0 i=0
	for b in $(od -A n -t u1 -j "$2" -N "$3" -v "$1"); do
		v=$((v | (b << (8 * i))))
		i=$((i + 1))
	done
	((i == $3)) || { echo "build.sh: $1 ends before offset $(($2 + $3))" >&2; return 1; }
	echo "$v"
}

le32_bytes() {   # VALUE -> 4 raw bytes
	local v=$1
	printf "\\x$(printf %02x $((v & 255)))\\x$(printf %02x $(((v >> 8) & 255)))"
	printf "\\x$(printf %02x $(((v >> 16) & 255)))\\x$(printf %02x $(((v >> 24) & 255)))"
}

le16_bytes() {   # VALUE -> 2 raw bytes
	local v=$1
	printf "\\x$(printf %02x $((v & 255)))\\x$(printf %02x $(((v >> 8) & 255)))"
}

put_bytes() {   # FILE OFFSET < bytes : overwrite in place
	dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}

hex_bytes() {   # HEX -> raw bytes
	local hex=$1 i
	for ((i = 0; i < ${#hex}; i += 2)); do printf "\\x${hex:i:2}"; done
}

# ELF32 header fields used below
e_phoff()     { le_at "$1" 28 4; }
e_phentsize() { le_at "$1" 42 2; }
e_phnum()     { le_at "$1" 44 2; }
phdr_field() {   # FILE INDEX FIELD_OFFSET (0 p_type, 4 p_offset, 8 p_vaddr, 12 p_paddr,
	#                                      16 p_filesz, 20 p_memsz, 24 p_flags, 28 p_align)
	le_at "$1" $(($(e_phoff "$1") + $2 * $(e_phentsize "$1") + $3)) 4
}

require_elf32_le() {   # FILE
	local h
	h=$(readelf -h "$1")
	grep -q 'Class:[[:space:]]*ELF32' <<<"$h" && grep -q "little endian" <<<"$h" ||
		{ echo "build.sh: $1 is not a little-endian ELF32 file" >&2; return 1; }
}

# ---------------------------------------------------------------------------------------------
# Qualcomm PAS image: section headers dropped, program header 0 covering the ELF header and
# program headers, the hash segment filled (see qcom-adsp/hash_segment.c for its layout)
# ---------------------------------------------------------------------------------------------
QCOM_MDT_TYPE_MASK=$((7 << 24))
QCOM_MDT_TYPE_HASH=$((2 << 24))

is_hash_segment() {   # FILE INDEX: a PT_NULL whose p_flags type bits say "hash"
	(($(phdr_field "$1" "$2" 0) == 0)) &&
		((($(phdr_field "$1" "$2" 24) & QCOM_MDT_TYPE_MASK) == QCOM_MDT_TYPE_HASH))
}

qcom_finish_pas_image() {   # ELF
	local elf=$1 phnum end=0 i off filesz hash_index=-1 hdr_size hash
	require_elf32_le "$elf"
	phnum=$(e_phnum "$elf")

	# 1. drop the section headers (as Qualcomm's images have none): e_shoff, e_shnum,
	#    e_shstrndx = 0, and the file ends with its last segment
	for ((i = 0; i < phnum; i++)); do
		off=$(phdr_field "$elf" $i 4)
		filesz=$(phdr_field "$elf" $i 16)
		((off + filesz > end)) && end=$((off + filesz))
	done
	le32_bytes 0 | put_bytes "$elf" 32
	le16_bytes 0 | put_bytes "$elf" 48
	le16_bytes 0 | put_bytes "$elf" 50
	truncate -s "$end" "$elf"

	# 2. program header 0 (PT_NULL) covers the ELF header and the program headers
	hdr_size=$(($(e_phoff "$elf") + phnum * $(e_phentsize "$elf")))
	le32_bytes "$hdr_size" | put_bytes "$elf" $(($(e_phoff "$elf") + 16))

	# 3. the hash segment: MBN v6 header, 120 bytes of metadata, one SHA-384 per program header
	for ((i = 0; i < phnum; i++)); do
		is_hash_segment "$elf" $i && hash_index=$i
	done
	((hash_index >= 0)) || { echo "build.sh: $elf has no hash segment" >&2; return 1; }
	local metadata_size=120 digest_size=48
	local hash_size=$((phnum * digest_size))
	local total_size=$((metadata_size + hash_size))
	{
		for v in 0 6 0 0 "$total_size" "$hash_size" 0xffffffff 0 0xffffffff 0 0 "$metadata_size"; do
			le32_bytes $((v))
		done
		head -c "$metadata_size" /dev/zero
		for ((i = 0; i < phnum; i++)); do
			filesz=$(phdr_field "$elf" $i 16)
			if ((i == hash_index || filesz == 0)); then
				head -c "$digest_size" /dev/zero
			else
				off=$(phdr_field "$elf" $i 4)
				hash=$(dd if="$elf" bs=4096 iflag=skip_bytes,count_bytes skip="$off" \
					count="$filesz" status=none | sha384sum)
				hex_bytes "${hash%% *}"
			fi
		done
	} >"$OBJ/hash_segment.bin"
	local want
	want=$(phdr_field "$elf" "$hash_index" 16)
	(($(stat -c %s "$OBJ/hash_segment.bin") == want)) ||
		{ echo "build.sh: hash segment is $(stat -c %s "$OBJ/hash_segment.bin") bytes, program header $hash_index has room for $want" >&2; return 1; }
	put_bytes "$elf" "$(phdr_field "$elf" "$hash_index" 4)" <"$OBJ/hash_segment.bin"
}

# mdt_split MBN BASE
#
# Splits a Qualcomm firmware ELF the way Qualcomm ships firmware for PAS, and the way Linux's
# qcom_mdt_loader reads it back:
#   BASE.mdt   the bytes program header 0 covers (the ELF header and the program headers),
#              immediately followed by the hash segment: the PT_NULL program header whose p_flags
#              bits 24..26 hold 2 (QCOM_MDT_TYPE_HASH). Linux recognises this layout by
#              "size of .mdt == p_filesz of header 0 + p_filesz of the hash segment".
#   BASE.bNN   the file bytes of program header NN (NN = two decimal digits, 00, 01, ...), one
#              file for each program header with p_filesz > 0; the loader reads a segment's
#              .bNN when the segment is not inside the .mdt.
# Uses only readelf (to check the file is ELF32 little-endian), od (to read header fields) and
# dd (to copy bytes).
mdt_split() {
	local mbn=$1 base=$2 phnum i off filesz hash_index=-1
	require_elf32_le "$mbn"
	phnum=$(e_phnum "$mbn")
	for ((i = 0; i < phnum; i++)); do
		is_hash_segment "$mbn" $i && hash_index=$i
	done
	((hash_index >= 0)) || { echo "build.sh: $mbn has no hash segment to put in the .mdt" >&2; return 1; }
	{
		dd if="$mbn" bs=4096 iflag=count_bytes count="$(phdr_field "$mbn" 0 16)" status=none
		dd if="$mbn" bs=4096 iflag=skip_bytes,count_bytes skip="$(phdr_field "$mbn" "$hash_index" 4)" \
			count="$(phdr_field "$mbn" "$hash_index" 16)" status=none
	} >"$base.mdt"
	for ((i = 0; i < phnum; i++)); do
		off=$(phdr_field "$mbn" $i 4)
		filesz=$(phdr_field "$mbn" $i 16)
		((filesz > 0)) || continue
		dd if="$mbn" bs=4096 iflag=skip_bytes,count_bytes skip="$off" count="$filesz" \
			status=none >"$base.b$(printf %02d "$i")"
	done
}

# ---------------------------------------------------------------------------------------------
# the images
# ---------------------------------------------------------------------------------------------

# 1, 2. TI OMAP4 IPU (Cortex-M3): the same firmware with a version 1 table and a 2011 table
for variant in rsc_table:omap4-ipu rsc_table_2011:omap4-ipu-2011; do
	table=${variant%%:*}
	image=${variant#*:}
	compile "$image" "${ARM_CC[@]}" -mcpu=cortex-m3 -Iomap4-ipu -- \
		common/cortex_m_start.c common/fw.c common/trace.c "omap4-ipu/$table.c"
	arm-none-eabi-gcc -mcpu=cortex-m3 -mthumb "${GNU_LDFLAGS[@]}" -T omap4-ipu/omap4-ipu.ld \
		-o "$OUT/$image.elf" "${objects[@]}"
done

# 3. STM32MP157 Cortex-M4
compile stm32mp157-m4 "${ARM_CC[@]}" -mcpu=cortex-m4 -- \
	common/cortex_m_start.c common/fw.c common/trace.c stm32mp157-m4/rsc_table.c
arm-none-eabi-gcc -mcpu=cortex-m4 -mthumb "${GNU_LDFLAGS[@]}" -T stm32mp157-m4/stm32mp157-m4.ld \
	-o "$OUT/stm32mp157-m4.elf" "${objects[@]}"

# 4. MediaTek MT8183 APU (Xtensa); literals of the reset code sit in its own section
compile mt8183-apu "${XTENSA_CC[@]}" -Imt8183-apu -Wa,--text-section-literals -- mt8183-apu/start.S
start_obj=("${objects[@]}")
compile mt8183-apu "${XTENSA_CC[@]}" -Imt8183-apu -- common/fw.c common/trace.c mt8183-apu/rsc_table.c
xtensa-lx106-elf-gcc "${GNU_LDFLAGS[@]}" -T mt8183-apu/mt8183-apu.ld \
	-o "$OUT/mt8183-apu.elf" "${start_obj[@]}" "${objects[@]}"

# 5. Qualcomm SA8775P ADSP for PAS (Hexagon): .mbn, then .mdt + .bNN
compile sa8775p-adsp "${HEXAGON_CC[@]}" -- \
	qcom-adsp/start.S common/fw.c common/trace.c qcom-adsp/pas_image.c qcom-adsp/hash_segment.c
ld.lld "${LLD_FLAGS[@]}" -T qcom-adsp/sa8775p-adsp.ld -o "$OBJ/sa8775p-adsp.elf" "${objects[@]}"
qcom_finish_pas_image "$OBJ/sa8775p-adsp.elf"
rm -f "$OUT"/sa8775p-adsp.mdt "$OUT"/sa8775p-adsp.b[0-9][0-9]
cp "$OBJ/sa8775p-adsp.elf" "$OUT/sa8775p-adsp.mbn"
mdt_split "$OUT/sa8775p-adsp.mbn" "$OUT/sa8775p-adsp"

# 6. Qualcomm ADSP with a resource table (Hexagon), for the FastRPC iommu-map example
compile qcom-adsp-fastrpc "${HEXAGON_CC[@]}" -- \
	qcom-adsp/start.S common/fw.c common/trace.c qcom-adsp/fastrpc_rsc_table.c
ld.lld "${LLD_FLAGS[@]}" -T qcom-adsp/qcom-adsp-fastrpc.ld -o "$OUT/qcom-adsp-fastrpc.elf" "${objects[@]}"

chmod 0644 "$OUT"/*.elf "$OUT"/*.mbn "$OUT"/*.mdt "$OUT"/*.b[0-9][0-9]

# what built them, and their checksums
{
	arm-none-eabi-gcc --version | head -n 1
	xtensa-lx106-elf-gcc --version | head -n 1
	clang --version | head -n 1
	ld.lld --version | head -n 1
} >"$OUT/toolchains.txt"
(cd "$OUT" && sha256sum -- *.elf *.mbn *.mdt *.b[0-9][0-9] >SHA256SUMS)

# every image must stay small
for f in "$OUT"/*.elf "$OUT"/*.mbn "$OUT"/*.mdt "$OUT"/*.b[0-9][0-9]; do
	size=$(stat -c %s "$f")
	((size < 65536)) || { echo "build.sh: $f is $size bytes (limit 64 KiB)" >&2; exit 1; }
done
echo "build.sh: images in $OUT"
