/*
 * STM32MP157 Cortex-M4: resource table version 1 (stm32mp157-m4.elf), the layout of ST's
 * OpenAMP examples: one rpmsg vdev whose vrings the host places (FW_RSC_ADDR_ANY; Linux takes
 * them from the reserved-memory nodes vdev0vring0@10040000 and vdev0vring1@10041000 and the
 * buffers from vdev0buffer@10042000), then the trace buffer "cm4_log".
 */
#include <stddef.h>
#include "fw.h"
#include "trace.h"
#include "rsc_table.h"

#define VRING_ALIGN  16u
#define VRING_NUM    16u
#define TRACE_SIZE   0x400u

static TRACE_BUFFER char trace_buf[TRACE_SIZE];

struct stm32_m4_resource_table {
	struct resource_table_hdr hdr;
	uint32_t offset[2];
	struct fw_rsc_vdev2 rpmsg;
	struct fw_rsc_trace trace;
} RSC_PACKED;

#define OFFSET(member) offsetof(struct stm32_m4_resource_table, member)

RESOURCE_TABLE struct stm32_m4_resource_table resource_table = {
	.hdr = { .ver = 1, .num = 2 },
	.offset = { OFFSET(rpmsg), OFFSET(trace) },
	.rpmsg = {
		.type = RSC_VDEV,
		.id = VIRTIO_ID_RPMSG,
		.notifyid = 0,
		.dfeatures = 1u << VIRTIO_RPMSG_F_NS,
		.config_len = 0,
		.num_of_vrings = 2,
		.vring = {
			{ FW_RSC_ADDR_ANY, VRING_ALIGN, VRING_NUM, 0, 0 },
			{ FW_RSC_ADDR_ANY, VRING_ALIGN, VRING_NUM, 1, 0 },
		},
	},
	.trace = { RSC_TRACE, (uint32_t)trace_buf, TRACE_SIZE, 0, "cm4_log" },
};

const struct fw_image fw_image = {
	.name = "stm32mp157-m4",
	.table_format = "v1",
	.table = &resource_table,
	.trace = trace_buf,
	.trace_len = sizeof(trace_buf),
	.vdev_status = &resource_table.rpmsg.status,
	.vring_da = { &resource_table.rpmsg.vring[0].da, &resource_table.rpmsg.vring[1].da },
};
