/*
 * Qualcomm ADSP with a resource table version 1 (qcom-adsp-fastrpc.elf), for the example
 * whose FastRPC sessions reach memory through the SMMU via iommu-map
 * (qcom-adsp-fastrpc-iommu-map.dts). Everything sits in adspslpi@8a700000 (0x3c00000 bytes),
 * the remoteproc's memory-region there: one carveout at that fixed da, named like the
 * reserved-memory node so a host that registers the node as a carveout matches it by name, and
 * an rpmsg vdev whose vrings the host places (FW_RSC_ADDR_ANY).
 */
#include <stddef.h>
#include "fw.h"
#include "trace.h"
#include "rsc_table.h"

#define ADSPSLPI        0x8a700000u
#define ADSPSLPI_SIZE   0x03c00000u
#define VRING_NUM       64u
#define VRING_ALIGN     0x1000u

static TRACE_BUFFER char log_buf[0x400];

struct adsp_resource_table {
	struct resource_table_hdr hdr;
	uint32_t offset[2];
	struct fw_rsc_carveout adspslpi;
	struct fw_rsc_vdev2 rpmsg;
} RSC_PACKED;

#define OFFSET(member) offsetof(struct adsp_resource_table, member)

RESOURCE_TABLE struct adsp_resource_table resource_table = {
	.hdr = { .ver = 1, .num = 2 },
	.offset = { OFFSET(adspslpi), OFFSET(rpmsg) },
	.adspslpi = { RSC_CARVEOUT, ADSPSLPI, FW_RSC_ADDR_ANY, ADSPSLPI_SIZE, 0, 0, "adspslpi" },
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
};

const struct fw_image fw_image = {
	.name = "qcom-adsp",
	.table_format = "v1",
	.table = &resource_table,
	.trace = log_buf,
	.trace_len = sizeof(log_buf),
	.vdev_status = &resource_table.rpmsg.status,
	.vring_da = { &resource_table.rpmsg.vring[0].da, &resource_table.rpmsg.vring[1].da },
};
