/*
 * decode.h — bytes in any supported encoding to validated UTF-8, in
 * chunks.  Placeholder: the streaming decoder is built in decode.c.
 */
#ifndef ROLEAUDIT_DECODE_H
#define ROLEAUDIT_DECODE_H
#endif
