/*
 * Resource table, version 1: the layout Linux (include/linux/remoteproc.h) and OpenAMP read
 * from a firmware's ".resource_table" section. Little-endian like the firmware, packed.
 *
 *   header:  u32 ver (1), u32 num, u32 reserved[2] (0), u32 offset[num] (from the table start)
 *   entry:   u32 type, then the body of that type
 *
 * Each entry struct below starts with its u32 type, so a firmware's table is one struct whose
 * members are the header, the offsets and the entries in order.
 */
#ifndef BRINGUP_RSC_TABLE_H
#define BRINGUP_RSC_TABLE_H

#include <stdint.h>

#define RSC_CARVEOUT 0u
#define RSC_DEVMEM   1u
#define RSC_TRACE    2u
#define RSC_VDEV     3u

/* the host chooses the address (vrings, carveouts) and writes it back */
#define FW_RSC_ADDR_ANY 0xffffffffu

#define VIRTIO_ID_RPMSG            7u
#define VIRTIO_RPMSG_F_NS          0u   /* feature bit: name-service announcements */
#define VIRTIO_CONFIG_S_DRIVER_OK  4u   /* vdev status bit the host sets when the driver runs */

/* packed as Linux declares them; every entry is a multiple of 4 bytes, so 4-byte alignment
 * keeps the layout and lets the firmware take the address of a u32 member */
#define RSC_PACKED __attribute__((packed, aligned(4)))

struct resource_table_hdr {
	uint32_t ver;
	uint32_t num;
	uint32_t reserved[2];
} RSC_PACKED;

/* RSC_CARVEOUT and RSC_DEVMEM share this body (52 bytes after the type) */
struct fw_rsc_carveout {
	uint32_t type;
	uint32_t da;
	uint32_t pa;
	uint32_t len;
	uint32_t flags;
	uint32_t reserved;
	char name[32];
} RSC_PACKED;

struct fw_rsc_devmem {
	uint32_t type;
	uint32_t da;
	uint32_t pa;
	uint32_t len;
	uint32_t flags;
	uint32_t reserved;
	char name[32];
} RSC_PACKED;

struct fw_rsc_trace {
	uint32_t type;
	uint32_t da;
	uint32_t len;
	uint32_t reserved;
	char name[32];
} RSC_PACKED;

struct fw_rsc_vdev_vring {
	uint32_t da;
	uint32_t align;
	uint32_t num;
	uint32_t notifyid;
	uint32_t pa;
} RSC_PACKED;

/* a vdev with two vrings and no config space (config_len 0), the rpmsg case */
struct fw_rsc_vdev2 {
	uint32_t type;
	uint32_t id;
	uint32_t notifyid;
	uint32_t dfeatures;
	uint32_t gfeatures;
	uint32_t config_len;
	uint8_t status;
	uint8_t num_of_vrings;
	uint8_t reserved[2];
	struct fw_rsc_vdev_vring vring[2];
} RSC_PACKED;

/* what the loader expects of the sizes (type included) */
_Static_assert(sizeof(struct resource_table_hdr) == 16, "resource_table header");
_Static_assert(sizeof(struct fw_rsc_carveout) == 56, "fw_rsc_carveout");
_Static_assert(sizeof(struct fw_rsc_devmem) == 56, "fw_rsc_devmem");
_Static_assert(sizeof(struct fw_rsc_trace) == 48, "fw_rsc_trace");
_Static_assert(sizeof(struct fw_rsc_vdev_vring) == 20, "fw_rsc_vdev_vring");
_Static_assert(sizeof(struct fw_rsc_vdev2) == 28 + 2 * 20, "fw_rsc_vdev with 2 vrings");

/* the table lives in its own section, inside a PT_LOAD, where the host finds the loaded copy */
#define RESOURCE_TABLE __attribute__((section(".resource_table"), used, aligned(4)))

#endif
