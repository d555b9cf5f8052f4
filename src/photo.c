/*
 * photo.c: a photograph or a colour mask (photo.h).
 *
 * A colour-coded mask holds a few dozen colours, and two neighbouring
 * pixels are either equal or far apart (another class); a photograph
 * holds thousands of colours, and most neighbours differ by a little
 * (shading, noise).  So: more than PHOTO_MANY distinct colours and at
 * least a fifth of the neighbouring pairs close but not equal (every
 * channel within CLOSE).  Resized or JPEG-damaged colour masks gain
 * colours at class edges only, far fewer than a fifth of the pairs.
 */
#include <stdlib.h>

#include "photo.h"

#define CLOSE 12

static void
add_colour(struct photo *p, uint32_t c)
{
	uint32_t h = (c * 2654435761u) >> 20; /* 12 bits: PHOTO_SLOTS */

	if (p->ncol >= PHOTO_SLOTS / 2)
		return;
	while (p->slot[h] != 0) {
		if (p->slot[h] == c + 1)
			return;
		h = (h + 1) % PHOTO_SLOTS;
	}
	p->slot[h] = c + 1;
	p->ncol++;
}

void
photo_row(struct photo *p, const unsigned char *row, uint32_t w, int ch)
{
	uint32_t x;

	for (x = 0; x < w; x++) {
		const unsigned char *a = row + (size_t)x * ch;

		add_colour(
		    p, (uint32_t)a[0] << 16 | (uint32_t)a[1] << 8 | a[2]);
		if (x > 0) {
			const unsigned char *b = a - ch;
			int dr = abs(a[0] - b[0]), dg = abs(a[1] - b[1]);
			int db = abs(a[2] - b[2]);

			p->pairs++;
			if (dr + dg + db > 0 && dr <= CLOSE && dg <= CLOSE &&
			    db <= CLOSE)
				p->smooth++;
		}
	}
}

int
photo_is(const struct photo *p)
{
	return p->ncol > PHOTO_MANY && p->smooth * 5 >= p->pairs;
}
