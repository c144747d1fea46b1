/*
 * SA8775P ADSP for PAS (sa8775p-adsp.mbn / .mdt + .bNN): no resource table; under PAS the
 * secure world authenticates the image and, where there is one, provides the table. The log
 * buffer is only the firmware's own (no TRACE entry announces it).
 */
#include <stddef.h>
#include "fw.h"
#include "trace.h"

static TRACE_BUFFER char log_buf[0x400];

const struct fw_image fw_image = {
	.name = "sa8775p-adsp",
	.table_format = "none",
	.table = NULL,
	.trace = log_buf,
	.trace_len = sizeof(log_buf),
	.vdev_status = NULL,
	.vring_da = { NULL, NULL },
};
