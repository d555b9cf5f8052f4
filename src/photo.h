/*
 * photo.h: telling a photograph from a colour-coded label mask (photo.c).
 */
#ifndef PHOTO_H
#define PHOTO_H

#include <stdint.h>

#define PHOTO_SLOTS 4096
/* Colours above which an image may be a photograph. */
#define PHOTO_MANY  512

/* What the rows seen so far hold.  Zero it before the first row. */
struct photo {
	uint64_t pairs;  /* neighbouring pixels compared */
	uint64_t smooth; /* of them, close but not equal */
	uint32_t ncol;   /* distinct colours, up to PHOTO_SLOTS / 2 */
	uint32_t slot[PHOTO_SLOTS];
};

/* Add a row of w pixels of ch (3 or 4) 8-bit samples; alpha is left
 * out. */
void photo_row(struct photo *, const unsigned char *row, uint32_t w, int ch);
/* 1 if the rows look like a photograph: many distinct colours and
 * smooth shading between neighbours. */
int photo_is(const struct photo *);

#endif
