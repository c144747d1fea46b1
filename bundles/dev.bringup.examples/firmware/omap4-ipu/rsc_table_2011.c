/*
 * OMAP4 IPU: the 2011 fixed-entry table (omap4-ipu-2011.elf), the same resources as
 * rsc_table.c in the format of seed 004 (see rsc_table_2011.h for the per-type fields).
 */
#include "fw.h"
#include "trace.h"
#include "omap4_ipu.h"
#include "rsc_table.h"
#include "rsc_table_2011.h"

static TRACE_BUFFER char trace_buf[IPU_TRACE_SIZE];

#define ENTRY(type, id, da, pa, len, flags, name) \
	{ (type), (id), (da), 0, (pa), 0, (len), (flags), { 0 }, name }

enum {
	TEXT, DATA, IPC_VRING, L4CFG, L4PER, TRACE, VIRTIO_DEV, VRING0, VRING1, ENTRIES
};

RESOURCE_TABLE struct fw_resource resource_table[ENTRIES] = {
	[TEXT] = ENTRY(RSC2011_CARVEOUT, 0, IPU_MEM_TEXT, 0, IPU_MEM_TEXT_SIZE, 0, "IPU_MEM_TEXT"),
	[DATA] = ENTRY(RSC2011_CARVEOUT, 1, IPU_MEM_DATA, 0, IPU_MEM_DATA_SIZE, 0, "IPU_MEM_DATA"),
	[IPC_VRING] = ENTRY(RSC2011_CARVEOUT, 2, IPU_MEM_IPC_VRING, 0, IPU_MEM_IPC_VRING_SIZE, 0,
			    "IPU_MEM_IPC_VRING"),
	[L4CFG] = ENTRY(RSC2011_DEVMEM, 0, IPU_PERIPHERAL_L4CFG, L4_PERIPHERAL_L4CFG,
			L4_PERIPHERAL_SIZE, 0, "IPU_PERIPHERAL_L4CFG"),
	[L4PER] = ENTRY(RSC2011_DEVMEM, 1, IPU_PERIPHERAL_L4PER, L4_PERIPHERAL_L4PER,
			L4_PERIPHERAL_SIZE, 0, "IPU_PERIPHERAL_L4PER"),
	[TRACE] = ENTRY(RSC2011_TRACE, 0, (uint32_t)trace_buf, 0, IPU_TRACE_SIZE, 0, "trace:sysm3"),
	/* da: device features, pa: guest features, len: status, flags: virtio device id */
	[VIRTIO_DEV] = ENTRY(RSC2011_VIRTIO_DEV, 0, 1u << VIRTIO_RPMSG_F_NS, 0, 0, VIRTIO_ID_RPMSG,
			     "rpmsg"),
	/* da: vring address, len: number of buffers, id: vring index */
	[VRING0] = ENTRY(RSC2011_VRING, 0, IPU_MEM_RPMSG_VRING0, 0, IPU_RPMSG_VQ_SIZE, 0,
			 "IPU_MEM_RPMSG_VRING0"),
	[VRING1] = ENTRY(RSC2011_VRING, 1, IPU_MEM_RPMSG_VRING1, 0, IPU_RPMSG_VQ_SIZE, 0,
			 "IPU_MEM_RPMSG_VRING1"),
};

const struct fw_image fw_image = {
	.name = "omap4-ipu",
	.table_format = "2011",
	.table = resource_table,
	.trace = trace_buf,
	.trace_len = sizeof(trace_buf),
	/* the virtio status is the low byte of the VIRTIO_DEV entry's len */
	.vdev_status = (const volatile uint8_t *)&resource_table[VIRTIO_DEV].len,
	.vring_da = { &resource_table[VRING0].da_lo, &resource_table[VRING1].da_lo },
};
