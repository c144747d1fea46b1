/*
 * The 2011 resource table of the first remoteproc posting (seed 004): no header, an array of
 * fixed 96-byte entries filling the ".resource_table" section; the host counts the entries by
 * the section size.
 *
 *   u32 type, u32 id, u64 da, u64 pa, u32 len, u32 flags, u8 reserved[16], u8 name[48]
 *
 * Per-type meaning of the fields (as the seed documents them):
 *   RSC_CARVEOUT    allocate physically contiguous memory of len bytes, map it at da
 *   RSC_DEVMEM      iommu_map the peripheral at pa to da, len bytes
 *   RSC_TRACE       trace buffer at da, len bytes
 *   RSC_VRING       a vring at da; len = number of buffers; id = vring index (0, 1)
 *   RSC_VIRTIO_DEV  da = virtio device features, pa = guest features (host writes them),
 *                   len = virtio status, flags = virtio device id (VIRTIO_ID_RPMSG)
 *   RSC_VIRTIO_CFG  listed in the enum; the seed gives it no meaning (not used here)
 *
 * The u64 da and pa are written as two u32 halves (low first: little-endian), because a 32-bit
 * compiler can place an address only in a 32-bit word of a static initializer.
 */
#ifndef BRINGUP_RSC_TABLE_2011_H
#define BRINGUP_RSC_TABLE_2011_H

#include <stdint.h>

#define RSC2011_CARVEOUT    0u
#define RSC2011_DEVMEM      1u
#define RSC2011_TRACE       2u
#define RSC2011_VRING       3u
#define RSC2011_VIRTIO_DEV  4u
#define RSC2011_VIRTIO_CFG  5u

struct fw_resource {
	uint32_t type;
	uint32_t id;
	uint32_t da_lo, da_hi;   /* u64 da */
	uint32_t pa_lo, pa_hi;   /* u64 pa */
	uint32_t len;
	uint32_t flags;
	uint8_t reserved[16];
	char name[48];
} __attribute__((packed, aligned(4)));

_Static_assert(sizeof(struct fw_resource) == 96, "2011 fw_resource entry");

#endif
