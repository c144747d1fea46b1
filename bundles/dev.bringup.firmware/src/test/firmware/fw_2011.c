/*
 * A firmware with a 2011-format resource table (seed 004): an array of fixed 96-byte
 * struct fw_resource entries in .resource_table.
 */
typedef unsigned int u32;
typedef unsigned long long u64;
typedef unsigned char u8;

enum fw_resource_type { RSC_CARVEOUT = 0, RSC_DEVMEM = 1, RSC_TRACE = 2, RSC_VRING = 3, RSC_VIRTIO_DEV = 4,
	RSC_VIRTIO_CFG = 5 };

struct fw_resource {
	u32 type;
	u32 id;
	u64 da;
	u64 pa;
	u32 len;
	u32 flags;
	u8 reserved[16];
	u8 name[48];
} __attribute__((packed));

char trace_buf[512];
volatile u32 counter;

struct fw_resource resources[] __attribute__((section(".resource_table"), used)) = {
	{ RSC_CARVEOUT, 0, 0x10000000ull, 0, 0x40000, 0, { 0 }, "text" },
	{ RSC_DEVMEM, 1, 0x40000000ull, 0x4a000000ull, 0x1000, 0, { 0 }, "uart3" },
	{ RSC_TRACE, 0, 0x10001000ull, 0, sizeof(trace_buf), 0, { 0 }, "trace0" },
	/* virtio header: da = device features, pa = guest features, len = status, flags = device id */
	{ RSC_VIRTIO_DEV, 0, 0x1, 0, 0, 7, { 0 }, "rpmsg" },
	/* vrings: da = address, len = number of buffers */
	{ RSC_VRING, 0, 0x10040000ull, 0, 256, 0, { 0 }, "vring0" },
	{ RSC_VRING, 1, 0x10041000ull, 0, 256, 0, { 0 }, "vring1" },
};

void _start(void)
{
	for (;;) {
		counter++;
		trace_buf[counter & 511] = (char)counter;
	}
}
