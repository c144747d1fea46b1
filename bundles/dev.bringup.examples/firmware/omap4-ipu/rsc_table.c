/*
 * OMAP4 IPU: resource table version 1 (omap4-ipu.elf).
 */
#include <stddef.h>
#include "fw.h"
#include "trace.h"
#include "omap4_ipu.h"
#include "rsc_table.h"

static TRACE_BUFFER char trace_buf[IPU_TRACE_SIZE];

struct omap4_ipu_resource_table {
	struct resource_table_hdr hdr;
	uint32_t offset[7];
	struct fw_rsc_carveout text;
	struct fw_rsc_carveout data;
	struct fw_rsc_carveout ipc_vring;
	struct fw_rsc_devmem l4cfg;
	struct fw_rsc_devmem l4per;
	struct fw_rsc_trace trace;
	struct fw_rsc_vdev2 rpmsg;
} RSC_PACKED;

#define OFFSET(member) offsetof(struct omap4_ipu_resource_table, member)

RESOURCE_TABLE struct omap4_ipu_resource_table resource_table = {
	.hdr = { .ver = 1, .num = 7 },
	.offset = { OFFSET(text), OFFSET(data), OFFSET(ipc_vring), OFFSET(l4cfg), OFFSET(l4per),
		    OFFSET(trace), OFFSET(rpmsg) },
	.text = { RSC_CARVEOUT, IPU_MEM_TEXT, 0, IPU_MEM_TEXT_SIZE, 0, 0, "IPU_MEM_TEXT" },
	.data = { RSC_CARVEOUT, IPU_MEM_DATA, 0, IPU_MEM_DATA_SIZE, 0, 0, "IPU_MEM_DATA" },
	.ipc_vring = { RSC_CARVEOUT, IPU_MEM_IPC_VRING, 0, IPU_MEM_IPC_VRING_SIZE, 0, 0,
		       "IPU_MEM_IPC_VRING" },
	.l4cfg = { RSC_DEVMEM, IPU_PERIPHERAL_L4CFG, L4_PERIPHERAL_L4CFG, L4_PERIPHERAL_SIZE, 0, 0,
		   "IPU_PERIPHERAL_L4CFG" },
	.l4per = { RSC_DEVMEM, IPU_PERIPHERAL_L4PER, L4_PERIPHERAL_L4PER, L4_PERIPHERAL_SIZE, 0, 0,
		   "IPU_PERIPHERAL_L4PER" },
	.trace = { RSC_TRACE, (uint32_t)trace_buf, IPU_TRACE_SIZE, 0, "trace:sysm3" },
	.rpmsg = {
		.type = RSC_VDEV,
		.id = VIRTIO_ID_RPMSG,
		.notifyid = 0,
		.dfeatures = 1u << VIRTIO_RPMSG_F_NS,
		.config_len = 0,
		.num_of_vrings = 2,
		.vring = {
			{ IPU_MEM_RPMSG_VRING0, IPU_RPMSG_VRING_ALIGN, IPU_RPMSG_VQ_SIZE, 0, 0 },
			{ IPU_MEM_RPMSG_VRING1, IPU_RPMSG_VRING_ALIGN, IPU_RPMSG_VQ_SIZE, 1, 0 },
		},
	},
};

const struct fw_image fw_image = {
	.name = "omap4-ipu",
	.table_format = "v1",
	.table = &resource_table,
	.trace = trace_buf,
	.trace_len = sizeof(trace_buf),
	.vdev_status = &resource_table.rpmsg.status,
	.vring_da = { &resource_table.rpmsg.vring[0].da, &resource_table.rpmsg.vring[1].da },
};
