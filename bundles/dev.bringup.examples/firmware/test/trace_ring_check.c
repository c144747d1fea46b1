/*
 * Host-side check of the trace writer (common/trace.c), compiled with the host's C compiler by
 * the examples bundle's TraceRingTest: writes each argument after the first as one line into a
 * ring of the size given first, then prints the ring's raw bytes on stdout.
 *
 *   trace_ring_check 32 "first line" "second line" > ring.bin
 */
#include <stdio.h>
#include <stdlib.h>
#include "trace.h"

int main(int argc, char **argv)
{
	unsigned long len;
	char *buf;
	int i;

	if (argc < 2 || (len = strtoul(argv[1], NULL, 0)) == 0) {
		fprintf(stderr, "usage: %s SIZE [LINE...]\n", argv[0]);
		return 2;
	}
	buf = malloc(len);
	if (!buf)
		return 1;
	for (unsigned long j = 0; j < len; j++)
		buf[j] = '.';          /* shows which bytes the writer touched */
	trace_init(buf, (uint32_t)len);
	for (i = 2; i < argc; i++) {
		trace_puts(argv[i]);
		trace_putc('\n');
	}
	if (argc == 2)
		trace_hex32(0x1234abcd);
	fwrite(buf, 1, len, stdout);
	free(buf);
	return 0;
}
