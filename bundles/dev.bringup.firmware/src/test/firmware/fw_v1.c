/*
 * A small remote-processor firmware with a version 1 resource table holding a carveout, a
 * devmem, a trace buffer, an rpmsg vdev (two vrings, 4 bytes of config space) and an OpenAMP
 * vendor entry. Compile-time switches (-DVARIANT_...) make the malformed variants, one per
 * diagnostic code; see build.sh.
 */
#include "rsc_table.h"

#define NUM_ENTRIES 5

#ifndef NUM_VRINGS
#define NUM_VRINGS 2
#endif

char trace_buf[1024] __attribute__((aligned(16)));
volatile u32 counter;
volatile u32 boot_magic = 0xb007u;

struct my_vdev {
	struct fw_rsc_vdev_hdr hdr;
	struct fw_rsc_vdev_vring vring[NUM_VRINGS];
	u8 config[4];
} __attribute__((packed));

struct my_vendor {
	struct fw_rsc_vendor_hdr hdr;
	u32 payload[2];
} __attribute__((packed));

struct resource_table {
	u32 ver;
	u32 num;
	u32 reserved[2];
#ifdef VARIANT_RSC_TOO_LARGE
	u32 offset[4097];
#else
	u32 offset[NUM_ENTRIES];
#endif
	struct fw_rsc_carveout carveout;
	struct fw_rsc_carveout devmem;
	struct fw_rsc_trace trace;
	struct my_vdev vdev;
	struct my_vendor vendor;
} __attribute__((packed));

#define OFF(member) __builtin_offsetof(struct resource_table, member)

#ifdef VARIANT_RSC_NAME_NOT_TERMINATED
#define CARVEOUT_NAME { 'a','b','c','d','e','f','g','h','i','j','k','l','m','n','o','p', \
	'q','r','s','t','u','v','w','x','y','z','0','1','2','3','4','5' }
#else
#define CARVEOUT_NAME "firmware"
#endif

#if defined(__LP64__)
/* a 64-bit target cannot put a pointer into a u32 at link time: use the buffer's fixed address */
#define TRACE_DA 0x10001000u
#elif defined(VARIANT_TRACE_MISALIGNED)
#define TRACE_DA ((u32)&trace_buf[1])
#else
#define TRACE_DA ((u32)&trace_buf[0])
#endif

#ifdef VARIANT_VRING_MISALIGNED
#define VRING0_DA 0x10040010u
#else
#define VRING0_DA 0x10040000u
#endif

struct resource_table resource_table __attribute__((section(".resource_table"), used)) = {
#ifdef VARIANT_RSC_BAD_VERSION
	.ver = 2,
#else
	.ver = 1,
#endif
#if defined(VARIANT_RSC_NUM_MISMATCH)
	.num = NUM_ENTRIES - 1,
#elif defined(VARIANT_RSC_TRUNCATED)
	.num = 100,
#elif defined(VARIANT_RSC_TOO_LARGE)
	.num = 4097,
#else
	.num = NUM_ENTRIES,
#endif
#ifdef VARIANT_RSC_RESERVED_NONZERO
	.reserved = { 0, 0x5a },
#endif
#ifdef VARIANT_RSC_TOO_LARGE
	.offset = { [0 ... 4096] = OFF(carveout) },
#else
	.offset = {
		OFF(carveout),
#if defined(VARIANT_RSC_ENTRIES_OVERLAP)
		OFF(carveout) + 8,
#else
		OFF(devmem),
#endif
		OFF(trace),
#if defined(VARIANT_RSC_OFFSET_OUT_OF_TABLE)
		0x1000,
#else
		OFF(vdev),
#endif
		OFF(vendor),
	},
#endif
	.carveout = { RSC_CARVEOUT, 0x10000000u, 0x10000000u, 0x40000u, 0, 0, CARVEOUT_NAME },
	.devmem = {
#ifdef VARIANT_RSC_UNKNOWN_TYPE
		7,
#else
		RSC_DEVMEM,
#endif
		0x40000000u, 0x40000000u, 0x1000u, 0, 0, "uart" },
	.trace = { RSC_TRACE, TRACE_DA, sizeof(trace_buf), 0, "trace0" },
	.vdev = {
		.hdr = { RSC_VDEV, VIRTIO_ID_RPMSG, 0, 1, 0, 4, 0, NUM_VRINGS, { 0, 0 } },
		.vring = {
#if defined(VARIANT_VRING_NUM_ZERO)
			{ VRING0_DA, 4096, 0, 0, 0 },
#elif defined(VARIANT_VRING_ALIGN_ZERO)
			{ VRING0_DA, 0, 16, 0, 0 },
#else
			{ VRING0_DA, 4096, 16, 0, 0 },
#endif
			{ 0x10041000u, 4096, 16, 1, 0 },
#if NUM_VRINGS > 2
			{ 0x10042000u, 4096, 16, 2, 0 },
#endif
		},
		.config = { 1, 2, 3, 4 },
	},
	.vendor = { { 128, sizeof(struct my_vendor) }, { 0xcafe0001u, 0xcafe0002u } },
};

/* An ELF note (SHT_NOTE), so that the reader's note parsing has a fixture: name "BringUp", type 1. */
__asm__(".pushsection .note.bringup, \"\", %note\n"
	".balign 4\n"
	".word 8, 8, 1\n"
	".asciz \"BringUp\"\n"
	".word 0x00010002, 0x00000003\n"
	".popsection\n");

void _start(void)
{
	for (;;) {
		counter += boot_magic;
		trace_buf[counter & 1023] = (char)counter;
	}
}
