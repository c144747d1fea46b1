#!/usr/bin/env python3
"""Split an ELF into a Qualcomm-style split image: NAME.mdt holds the ELF header and the program
headers (section headers dropped: e_shoff, e_shnum, e_shstrndx set to 0), and NAME.bNN holds the
file bytes of program header NN (only for segments with p_filesz > 0)."""
import struct
import sys

src, base = sys.argv[1], sys.argv[2]
data = open(src, 'rb').read()
cls, end = data[4], data[5]
e = '<' if end == 1 else '>'
if cls == 1:
    phoff, shoff = struct.unpack_from(e + 'II', data, 28)
    phentsize, phnum = struct.unpack_from(e + 'HH', data, 42)
    hdr = bytearray(data[:phoff + phentsize * phnum])
    struct.pack_into(e + 'I', hdr, 32, 0)
    struct.pack_into(e + 'HHH', hdr, 46, 0, 0, 0)
else:
    phoff, shoff = struct.unpack_from(e + 'QQ', data, 32)
    phentsize, phnum = struct.unpack_from(e + 'HH', data, 54)
    hdr = bytearray(data[:phoff + phentsize * phnum])
    struct.pack_into(e + 'Q', hdr, 40, 0)
    struct.pack_into(e + 'HHH', hdr, 58, 0, 0, 0)
open(base + '.mdt', 'wb').write(hdr)
for i in range(phnum):
    at = phoff + i * phentsize
    if cls == 1:
        _, off, _, _, filesz = struct.unpack_from(e + 'IIIII', data, at)
    else:
        off, = struct.unpack_from(e + 'Q', data, at + 8)
        filesz, = struct.unpack_from(e + 'Q', data, at + 32)
    if filesz and off + filesz > len(hdr):
        open(base + '.b%02d' % i, 'wb').write(data[off:off + filesz])
