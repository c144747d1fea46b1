/*
 * Firmware trace writer: lines of text into the buffer a TRACE resource announces.
 *
 * The buffer is a ring that always holds a NUL right after the newest character: writing a
 * character stores it at the write position and a NUL after it. When the next NUL would fall
 * on the last byte of the buffer, writing starts again at offset 0. So the text from offset 0
 * up to the first NUL is the newest part (what Linux shows in debugfs trace0), and after a
 * wrap the text from that NUL + 1 up to the next NUL is the older lap.
 */
#ifndef BRINGUP_TRACE_H
#define BRINGUP_TRACE_H

#include <stdint.h>

/* the buffer a TRACE entry announces: its own section, which each linker script places at the
 * first 4 KiB boundary after the resource table and .data, so its da stays put when code changes */
#define TRACE_BUFFER __attribute__((section(".trace_buffer"), aligned(16)))

void trace_init(char *buf, uint32_t len);
void trace_putc(char c);
void trace_puts(const char *s);
/* "0x" and 8 lower-case hex digits */
void trace_hex32(uint32_t v);

#endif
