#include "trace.h"

static char *ring_buf;
static uint32_t ring_len;
static uint32_t ring_pos;

void trace_init(char *buf, uint32_t len)
{
	ring_buf = buf;
	ring_len = len;
	ring_pos = 0;
	if (len > 0)
		buf[0] = '\0';
}

void trace_putc(char c)
{
	if (ring_len < 2)
		return;
	if (ring_pos + 1 >= ring_len)
		ring_pos = 0;              /* wrap: the last byte only ever holds a NUL */
	ring_buf[ring_pos] = c;
	ring_buf[ring_pos + 1] = '\0';
	ring_pos++;
}

void trace_puts(const char *s)
{
	while (*s)
		trace_putc(*s++);
}

void trace_hex32(uint32_t v)
{
	static const char digits[] = "0123456789abcdef";
	int shift;

	trace_putc('0');
	trace_putc('x');
	for (shift = 28; shift >= 0; shift -= 4)
		trace_putc(digits[(v >> shift) & 0xf]);
}
