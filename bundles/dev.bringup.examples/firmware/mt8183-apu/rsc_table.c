/*
 * MT8183 APU: resource table version 1 (mt8183-apu.elf). Every address is fixed: the host
 * must provide each carveout at exactly its da (pa FW_RSC_ADDR_ANY: the host chooses the
 * memory behind it).
 */
#include <stddef.h>
#include "fw.h"
#include "trace.h"
#include "mt8183_apu.h"
#include "rsc_table.h"

static TRACE_BUFFER char trace_buf[APU_TRACE_SIZE];

struct mt8183_apu_resource_table {
	struct resource_table_hdr hdr;
	uint32_t offset[5];
	struct fw_rsc_carveout code;
	struct fw_rsc_carveout data;
	struct fw_rsc_carveout vring;
	struct fw_rsc_trace trace;
	struct fw_rsc_vdev2 rpmsg;
} RSC_PACKED;

#define OFFSET(member) offsetof(struct mt8183_apu_resource_table, member)

RESOURCE_TABLE struct mt8183_apu_resource_table resource_table = {
	.hdr = { .ver = 1, .num = 5 },
	.offset = { OFFSET(code), OFFSET(data), OFFSET(vring), OFFSET(trace), OFFSET(rpmsg) },
	.code = { RSC_CARVEOUT, APU_CODE, FW_RSC_ADDR_ANY, APU_CODE_SIZE, 0, 0, "apu_code" },
	.data = { RSC_CARVEOUT, APU_DATA, FW_RSC_ADDR_ANY, APU_DATA_SIZE, 0, 0, "apu_data" },
	.vring = { RSC_CARVEOUT, APU_VRING, FW_RSC_ADDR_ANY, APU_VRING_SIZE, 0, 0, "apu_vring" },
	.trace = { RSC_TRACE, (uint32_t)trace_buf, APU_TRACE_SIZE, 0, "apu_log" },
	.rpmsg = {
		.type = RSC_VDEV,
		.id = VIRTIO_ID_RPMSG,
		.notifyid = 0,
		.dfeatures = 1u << VIRTIO_RPMSG_F_NS,
		.config_len = 0,
		.num_of_vrings = 2,
		.vring = {
			{ APU_VRING0, APU_VRING_ALIGN, APU_VRING_NUM, 0, 0 },
			{ APU_VRING1, APU_VRING_ALIGN, APU_VRING_NUM, 1, 0 },
		},
	},
};

const struct fw_image fw_image = {
	.name = "mt8183-apu",
	.table_format = "v1",
	.table = &resource_table,
	.trace = trace_buf,
	.trace_len = sizeof(trace_buf),
	.vdev_status = &resource_table.rpmsg.status,
	.vring_da = { &resource_table.rpmsg.vring[0].da, &resource_table.rpmsg.vring[1].da },
};
