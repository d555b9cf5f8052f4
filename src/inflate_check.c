/*
 * inflate_check.c: does zlib accept the block structure of a DEFLATE
 * stream that libdeflate decoded?
 *
 * The fast PNG path inflates with libdeflate, which accepts some streams
 * that zlib, and so libpng, the reference, refuse.  Debian's libdeflate
 * 1.14 takes a dynamic block header declaring 287 or 288 literal/length
 * codes or 31 or 32 distance codes (zlib 1.2.13, inflate.c: "too many
 * length or distance symbols" above 286 and 30), a code length repeat
 * running past the last code (inflate.c: "invalid bit length repeat";
 * libdeflate checks it from 1.16 on), a code-length code of one code of
 * one bit (inftrees.c allows an incomplete code only for literal/lengths
 * and distances, and only when its longest code has one bit: "incomplete
 * set"), the unused codeword '1' of such a one-code code, and in fixed
 * blocks the literal/length symbols 286 and 287 and the distance symbols
 * 30 and 31 (inffixed.h marks them invalid).  And zlib keeps only the
 * window that the zlib header declares (CINFO), while libdeflate reaches
 * back to the start of its output.
 *
 * So zcheck_stream walks the stream as zlib would: it checks every block
 * header (stored: LEN and NLEN; dynamic: counts, the code-length code,
 * the repeats, the end-of-block code, and each code over-subscribed or
 * incomplete as inftrees.c judges it), and decodes each symbol (without
 * writing anything: code lengths and extra bits are only skipped) to
 * find where the block ends.  Whatever it cannot prove valid makes it
 * answer 0, and libpng then decodes the file and gives its own verdict:
 * a file that zlib refuses always ends up with libpng.  A small window
 * (CINFO below 7) is proven only when it covers the whole image data:
 * then no distance that libdeflate accepts reaches past it.
 *
 * The walk costs a table lookup or two per symbol, about half of what
 * libdeflate spends on a block of a mask.  But the last block needs no
 * walk when its codes are complete: nothing in it can be what zlib
 * refuses and libdeflate takes, and where it ends is libdeflate's to
 * check.  Masks of a few megapixels are usually one block (zlib ends a
 * block every 16384 symbols), so the check costs well under 1 % of the
 * inflate on bench/'s gray3, street, gray16 and 5 % on palette (several
 * blocks); on 2048 x 2048 masks of about 6 blocks each, 38 % of the
 * inflate, which is a small part of counting them (measured with a
 * driver timing libdeflate and zcheck_stream alone on the same files).
 */
#include <stdint.h>
#include <string.h>

#include "inflate_check.h"

/* Bits of the first-level tables; longer codes are decoded bit by bit. */
#define LBITS 10
#define DBITS 8
/* A table entry: bits to drop (code and extra bits), kind, symbol. */
/* Kinds: K_X marks those the fast loop leaves to zc_slow_step. */
enum { K_LIT = 0, K_LEN = 1, K_X = 2, K_EOB = 2, K_BAD = 6, K_LONG = 10 };
#define ENT(bits, kind, sym)                                                   \
	((uint32_t)(bits) | (uint32_t)(kind) << 8 | (uint32_t)(sym) << 16)
#define E_BITS(e) ((e)&0xff)
#define E_KIND(e) ((e) >> 8 & 0xff)
#define E_SYM(e)  ((e) >> 16)

/* Zero bytes a walk may read past the end before it gives up. */
#define ZC_MAXPAD 16

struct zc_br {
	const unsigned char *p, *end;
	uint64_t bb;  /* bits not yet consumed, the first in bit 0 */
	unsigned nb;  /* how many */
	unsigned pad; /* zero bytes loaded past the end */
};

/* A canonical Huffman code as zlib reads it: its lengths, its
 * first-level table and what a longer code needs. */
struct zc_code {
	const uint8_t *len;
	unsigned n;         /* symbols */
	uint16_t count[16]; /* codes of each length (count[0]: unused) */
	uint16_t sym[288];  /* symbols in canonical order */
	uint32_t *t;        /* first-level table of tb bits */
	unsigned tb;
	int kind;     /* 0: code lengths, 1: literal/length, 2: distance */
	int complete; /* no unused codeword */
};

static int zc_judge(struct zc_code *);
static void zc_table(struct zc_code *);
static uint32_t zc_entry(const struct zc_code *, unsigned, unsigned);
static uint32_t zc_decode(uint64_t, const struct zc_code *);
static unsigned zc_slow_step(
    uint64_t, const struct zc_code *, const struct zc_code *, int *);
static int zc_dynamic(struct zc_br *, uint8_t *, unsigned *, unsigned *);
static int zc_symbols(
    struct zc_br *, const struct zc_code *, const struct zc_code *);
static void zc_fixed(uint8_t *);

/* Extra bits of length symbols 257..285 and distance symbols 0..29. */
static const uint8_t lext[29] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2,
    3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
static const uint8_t dext[30] = {0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6,
    7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13};

/* At least 56 bits in b->bb (zeros past the end, counted in b->pad).
 * Inlined whole, so that a walk keeps its reader in registers. */
static inline __attribute__((always_inline)) void
zc_refill(struct zc_br *b)
{
	uint64_t w;

	if (b->end - b->p >= 8) {
		memcpy(&w, b->p, 8);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
		w = __builtin_bswap64(w);
#endif
		b->bb |= w << b->nb;
		b->p += (63 - b->nb) >> 3;
		b->nb |= 56;
		return;
	}
	/* Drop the bits that the last word loaded ahead. */
	b->bb &= b->nb == 0 ? 0 : UINT64_MAX >> (64 - b->nb);
	while (b->nb <= 56) {
		if (b->p < b->end)
			b->bb |= (uint64_t)*b->p++ << b->nb;
		else
			b->pad++;
		b->nb += 8;
	}
}

static inline void
zc_drop(struct zc_br *b, unsigned k)
{
	b->bb >>= k;
	b->nb -= k;
}

static inline unsigned
zc_bits(const struct zc_br *b, unsigned k)
{
	return (unsigned)(b->bb & ((UINT64_C(1) << k) - 1));
}

/* The table entry of symbol s, of code length l, in code c. */
static uint32_t
zc_entry(const struct zc_code *c, unsigned s, unsigned l)
{
	if (c->kind == 0 || (c->kind == 1 && s < 256))
		return ENT(l, K_LIT, s);
	if (c->kind == 1 && s == 256)
		return ENT(l, K_EOB, s);
	if (c->kind == 1 && s <= 285)
		return ENT(l + lext[s - 257], K_LEN, s);
	if (c->kind == 2 && s < 30)
		return ENT(l + dext[s], K_LIT, s);
	return ENT(l, K_BAD, s); /* 286, 287; distances 30, 31 */
}

/*
 * Judge the code c (c->len, c->n, c->kind) as zlib's inftrees.c does:
 * 1 if zlib accepts it, 0 if not (over-subscribed, or incomplete but
 * for zlib's exception: literal/length and distance codes whose longest
 * code has one bit).  An empty or incomplete code-length code is 0 as
 * well: zlib then fails, or decodes only zeros, which leave no
 * end-of-block code.  Sets c->count and c->complete.
 */
static int
zc_judge(struct zc_code *c)
{
	unsigned s, l;
	int left = 1, max;

	memset(c->count, 0, sizeof(c->count));
	for (s = 0; s < c->n; s++)
		c->count[c->len[s]]++;
	for (max = 15; max > 0 && c->count[max] == 0; max--)
		;
	for (l = 1; l <= 15; l++) {
		left = 2 * left - c->count[l];
		if (left < 0)
			return 0;
	}
	if (left > 0 && (c->kind == 0 || max > 1))
		return 0;
	c->complete = left == 0;
	return 1;
}

/*
 * The table of a code that zc_judge accepted, and its symbols in
 * canonical order (for codes longer than the table).  Bit patterns that
 * no code starts with are K_BAD (zlib: "invalid ... code"); codes longer
 * than the table, K_LONG.
 */
static void
zc_table(struct zc_code *c)
{
	uint16_t offs[16];
	unsigned s, l, i, code, r, next[16], size = 1u << c->tb;

	offs[1] = 0;
	next[1] = 0;
	for (l = 1; l < 15; l++) {
		offs[l + 1] = (uint16_t)(offs[l] + c->count[l]);
		next[l + 1] = (next[l] + c->count[l]) << 1;
	}
	for (i = 0; i < size; i++)
		c->t[i] = ENT(0, K_BAD, 0);
	for (s = 0; s < c->n; s++) {
		if ((l = c->len[s]) == 0)
			continue;
		c->sym[offs[l]++] = (uint16_t)s;
		code = next[l]++;
		/* DEFLATE sends codes first bit first: reverse them. */
		for (r = 0, i = 0; i < l; i++)
			r |= ((code >> i) & 1) << (l - 1 - i);
		if (l > c->tb) {
			c->t[r & (size - 1)] = ENT(0, K_LONG, 0);
			continue;
		}
		for (i = r; i < size; i += 1u << l)
			c->t[i] = zc_entry(c, s, l);
	}
}

/*
 * The entry of the symbol of c at the start of bb, its bits (code and
 * extra bits) in E_BITS; a code longer than the table is decoded bit by
 * bit.  K_BAD if no code matches (an incomplete code's unused codeword).
 */
static uint32_t
zc_decode(uint64_t bb, const struct zc_code *c)
{
	uint32_t e = c->t[bb & ((1u << c->tb) - 1)];
	int code = 0, first = 0, index = 0, l, cnt;

	if (E_KIND(e) != K_LONG)
		return e;
	for (l = 1; l <= 15; l++, bb >>= 1) {
		code |= (int)(bb & 1);
		cnt = c->count[l];
		if (code - first < cnt)
			return zc_entry(
			    c, c->sym[index + code - first], (unsigned)l);
		index += cnt;
		first = (first + cnt) << 1;
		code <<= 1;
	}
	return ENT(0, K_BAD, 0);
}

/*
 * One literal/length symbol, with its distance, from bb (at least 48
 * bits): the bits it takes, or 0 for a code zlib calls invalid; *eob is
 * set at the end-of-block code.
 */
static unsigned
zc_slow_step(
    uint64_t bb, const struct zc_code *lc, const struct zc_code *dc, int *eob)
{
	uint32_t e = zc_decode(bb, lc), d;

	switch (E_KIND(e)) {
	case K_LIT:
		return E_BITS(e);
	case K_EOB:
		*eob = 1;
		return E_BITS(e);
	case K_LEN:
		d = zc_decode(bb >> E_BITS(e), dc);
		return E_KIND(d) == K_LIT ? E_BITS(e) + E_BITS(d) : 0;
	default:
		return 0;
	}
}

/*
 * A dynamic block header into lens (literal/length then distance code
 * lengths), *nlen and *ndist: 1 if zlib accepts it, 0 if not proven.
 */
static int
zc_dynamic(struct zc_br *b, uint8_t *lens, unsigned *nlen, unsigned *ndist)
{
	static const uint8_t order[19] = {
	    16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};
	uint8_t cl[19];
	uint32_t ct[128];
	struct zc_code c;
	unsigned ncl, i, have = 0, total, rep, sym;
	uint32_t e;
	uint8_t v;

	zc_refill(b);
	*nlen = zc_bits(b, 5) + 257;
	*ndist = (zc_bits(b, 10) >> 5) + 1;
	ncl = (zc_bits(b, 14) >> 10) + 4;
	zc_drop(b, 14);
	/* inflate.c: "too many length or distance symbols" */
	if (*nlen > 286 || *ndist > 30)
		return 0;
	memset(cl, 0, sizeof(cl));
	for (i = 0; i < ncl; i++) {
		if (b->nb < 3)
			zc_refill(b);
		cl[order[i]] = (uint8_t)zc_bits(b, 3);
		zc_drop(b, 3);
	}
	c.len = cl;
	c.n = 19;
	c.t = ct;
	c.tb = 7;
	c.kind = 0;
	if (!zc_judge(&c))
		return 0; /* "invalid code lengths set" */
	zc_table(&c);
	total = *nlen + *ndist;
	while (have < total) {
		zc_refill(b);
		if (b->pad > ZC_MAXPAD)
			return 0;
		/* A complete code of at most 7 bits: never bad or long. */
		e = ct[zc_bits(b, 7)];
		zc_drop(b, E_BITS(e));
		sym = E_SYM(e);
		if (sym < 16) {
			lens[have++] = (uint8_t)sym;
			continue;
		}
		if (sym == 16) {
			if (have == 0)
				return 0; /* "invalid bit length repeat" */
			v = lens[have - 1];
			rep = 3 + zc_bits(b, 2);
			zc_drop(b, 2);
		} else if (sym == 17) {
			v = 0;
			rep = 3 + zc_bits(b, 3);
			zc_drop(b, 3);
		} else {
			v = 0;
			rep = 11 + zc_bits(b, 7);
			zc_drop(b, 7);
		}
		if (rep > total - have)
			return 0; /* "invalid bit length repeat" */
		memset(lens + have, v, rep);
		have += rep;
	}
	/* "invalid code -- missing end-of-block" */
	return lens[256] != 0;
}

/*
 * The symbols of one block, up to its end-of-block code: 1, or 0 if a
 * code zlib calls invalid comes up (or the input runs out).  The loop
 * takes a literal/length symbol and, if it is a length, its distance,
 * with no branch on which it is; what the tables do not settle (long
 * codes, end of block, bad codes) goes to zc_slow_step.
 */
static int
zc_symbols(struct zc_br *b, const struct zc_code *lc, const struct zc_code *dc)
{
	struct zc_br r = *b;
	const uint32_t *lt = lc->t, *dt = dc->t;
	const uint64_t lm = (1u << lc->tb) - 1, dm = (1u << dc->tb) - 1;
	uint32_t e, d;
	unsigned k;
	int eob = 0;

	for (;;) {
		zc_refill(&r);
		if (r.pad > ZC_MAXPAD)
			return 0;
		/* 56 bits or more; a step takes at most 48. */
		do {
			e = lt[r.bb & lm];
			d = dt[(r.bb >> E_BITS(e)) & dm] &
			    (0u - (e >> 8 & K_LEN));
			if (((e | d) & (uint32_t)K_X << 8) != 0) {
				if ((k = zc_slow_step(r.bb, lc, dc, &eob)) == 0)
					return 0;
			} else
				k = E_BITS(e) + E_BITS(d);
			zc_drop(&r, k);
			if (eob) {
				*b = r;
				return 1;
			}
		} while (r.nb >= 48);
	}
}

/* The code lengths of the fixed block codes (RFC 1951, 3.2.6). */
static void
zc_fixed(uint8_t *lens)
{
	memset(lens, 8, 144);
	memset(lens + 144, 9, 112);
	memset(lens + 256, 7, 24);
	memset(lens + 280, 8, 8);
	memset(lens + 288, 5, 32);
}

int
zcheck_stream(const unsigned char *p, size_t n, size_t rawn)
{
	uint8_t lens[288 + 32];
	uint32_t lt[1u << LBITS], dt[1u << DBITS];
	struct zc_code lc, dc;
	struct zc_br b;
	unsigned final, type, nlen, ndist, cinfo;
	size_t pos, len;

	/* The zlib header: deflate, a window of at most 32 KiB, check
	 * bits, no preset dictionary.  A window smaller than 32 KiB must
	 * hold all the data. */
	if (n < 2 || (p[0] & 0x0f) != 8 || (p[0] >> 4) > 7 ||
	    ((unsigned)p[0] << 8 | p[1]) % 31 != 0 || (p[1] & 0x20) != 0)
		return 0;
	cinfo = p[0] >> 4;
	if (cinfo < 7 && ((size_t)1 << (cinfo + 8)) < rawn)
		return 0;
	memset(&b, 0, sizeof(b));
	b.p = p + 2;
	b.end = p + n;
	lc.len = lens;
	lc.t = lt;
	lc.tb = LBITS;
	lc.kind = 1;
	dc.t = dt;
	dc.tb = DBITS;
	dc.kind = 2;
	do {
		zc_refill(&b);
		if (b.pad > ZC_MAXPAD)
			return 0;
		final = zc_bits(&b, 1);
		type = zc_bits(&b, 3) >> 1;
		zc_drop(&b, 3);
		if (type == 0) {
			/* Stored: to a byte boundary, LEN, NLEN, data. */
			zc_drop(&b, b.nb & 7);
			if ((zc_bits(&b, 16) ^ 0xffff) != zc_bits(&b, 32) >> 16)
				return 0; /* "invalid stored block lengths" */
			len = zc_bits(&b, 16);
			zc_drop(&b, 32);
			pos = (size_t)(b.p - p) + b.pad - b.nb / 8;
			if (b.pad * 8 > b.nb || len > n - pos)
				return 0;
			b.p = p + pos + len;
			b.bb = 0;
			b.nb = 0;
			continue;
		}
		if (type == 3)
			return 0; /* "invalid block type" */
		if (type == 1) {
			zc_fixed(lens);
			nlen = 288;
			ndist = 32;
		} else if (!zc_dynamic(&b, lens, &nlen, &ndist))
			return 0;
		lc.n = nlen;
		dc.len = lens + nlen;
		dc.n = ndist;
		if (!zc_judge(&lc) || !zc_judge(&dc))
			return 0;
		/* The last block of a valid dynamic header with complete
		 * codes holds nothing zlib refuses that libdeflate takes
		 * (symbols 0..285, distances 0..29 within the window): its
		 * end is libdeflate's to check.  Other blocks are walked to
		 * find their end (or a bad code). */
		if (final && type == 2 && lc.complete && dc.complete)
			return 1;
		zc_table(&lc);
		zc_table(&dc);
		if (!zc_symbols(&b, &lc, &dc))
			return 0;
	} while (!final);
	/* Nothing read past the end. */
	return (size_t)(b.p - p) * 8 + (size_t)b.pad * 8 - b.nb <= n * 8;
}
