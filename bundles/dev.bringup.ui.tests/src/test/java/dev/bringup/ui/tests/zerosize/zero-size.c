/*
 * A firmware whose layout has things of no size: an empty output section (.marker) in a PT_LOAD
 * of its own (p_memsz 0, see zero-size.ld) and a carveout of len 0 in its resource table.
 * ZeroSizeBlocksTest builds it with arm-none-eabi-gcc and opens it in the layout editor.
 */
#include <stdint.h>

struct fw_rsc_carveout {
	uint32_t type; /* RSC_CARVEOUT = 0 */
	uint32_t da;
	uint32_t pa;
	uint32_t len;
	uint32_t flags;
	uint32_t reserved;
	uint8_t name[32];
};

struct table {
	uint32_t ver;
	uint32_t num;
	uint32_t reserved[2];
	uint32_t offset[2];
	struct fw_rsc_carveout empty;
	struct fw_rsc_carveout heap;
};

#define OFFSET(f) ((uint32_t)__builtin_offsetof(struct table, f))

__attribute__((section(".resource_table"), used)) const struct table resource_table = {
	.ver = 1,
	.num = 2,
	.offset = { OFFSET(empty), OFFSET(heap) },
	.empty = { 0, 0x30000000, 0, 0, 0, 0, "empty_pool" },
	.heap = { 0, 0x30001000, 0, 0x1000, 0, 0, "heap" },
};

/* an input section of no bytes: its output section .marker is empty */
__attribute__((section(".marker"), used)) static char marker[0];

int counter = 1;

int main(void)
{
	return counter;
}
