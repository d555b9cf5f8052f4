/*
 * read.c: the GDAL helper's raster readers.
 *
 * main.c opens a raster and hands it here.  This file chooses what to
 * count (one band, or with --colors three 8-bit bands as colours), refuses
 * what cannot hold labels (lossy compression, sample types that are not
 * integers or floats), works out the nodata, and reads every block in the
 * band's native data type, never converted, into hist.c's histogram.  It
 * fills the facts of G.reply (size, bits, nodata, status) and, on failure,
 * G.reason.  A large single-band raster is cut into parts (cut.h): asked
 * for the whole, the reply is the number of parts; asked for a part, only
 * that part's block rows are read.
 */
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "helper.h"

/*
 * Largest block buffer.  GDAL drivers use blocks of one row (PNG, BMP,
 * GIF, stripped GTiff), 64x64 (HFA), 1024x1024 (JPEG 2000 by default) or
 * tiles of at most a few thousand pixels square; 64 MiB is a 4096x4096
 * Float32 tile.
 */
#define MAX_BLOCK ((uint64_t)64 << 20)

static int pick_kind(GDALRasterBandH, GDALDataType, enum kind *);
static void get_nodata(GDALRasterBandH, GDALDataType);
static int lossy(GDALDatasetH, GDALRasterBandH);

/* Map a GDAL data type to a sample kind; 0 and a reason if none fits. */
static int
pick_kind(GDALRasterBandH b, GDALDataType dt, enum kind *k)
{
	const char *pt;

	switch (dt) {
	case GDT_Byte:
		pt = GDALGetMetadataItem(b, "PIXELTYPE", "IMAGE_STRUCTURE");
		*k = pt && strcmp(pt, "SIGNEDBYTE") == 0 ? K_I8 : K_U8;
		return 1;
#if GDAL_VERSION_NUM >= GDAL_COMPUTE_VERSION(3, 7, 0)
	case GDT_Int8:
		*k = K_I8;
		return 1;
#endif
	case GDT_UInt16:
		*k = K_U16;
		return 1;
	case GDT_Int16:
		*k = K_I16;
		return 1;
	case GDT_UInt32:
		*k = K_U32;
		return 1;
	case GDT_Int32:
		*k = K_I32;
		return 1;
#if GDAL_VERSION_NUM >= GDAL_COMPUTE_VERSION(3, 5, 0)
	case GDT_UInt64:
		*k = K_U64;
		return 1;
	case GDT_Int64:
		*k = K_I64;
		return 1;
#endif
	case GDT_Float32:
		*k = K_F32;
		return 1;
	case GDT_Float64:
		*k = K_F64;
		return 1;
	default:
		set_reason(
		    "%s samples cannot be labels", GDALGetDataTypeName(dt));
		return 0;
	}
}

/*
 * The band's nodata, unless --no-nodata.  An integral value is reported
 * for the main process to exclude; a NaN, fractional or out-of-range one
 * on a float band makes matching samples nodata_extra.  A PNG's tRNS,
 * which GDAL reports as nodata, is transparency, never nodata.
 */
static void
get_nodata(GDALRasterBandH b, GDALDataType dt)
{
	int has = 0;
	double d;

	if (G.opt.no_nodata)
		return;
#if GDAL_VERSION_NUM >= GDAL_COMPUTE_VERSION(3, 5, 0)
	if (dt == GDT_Int64) {
		int64_t v = GDALGetRasterNoDataValueAsInt64(b, &has);

		if (has) {
			G.reply.has_nodata = 1;
			G.reply.nodata = v;
		}
		return;
	}
	if (dt == GDT_UInt64) {
		uint64_t u = GDALGetRasterNoDataValueAsUInt64(b, &has);

		if (has && u <= (uint64_t)INT64_MAX) {
			G.reply.has_nodata = 1;
			G.reply.nodata = (int64_t)u;
		} else if (has) {
			G.hist.nd_u64_on = 1;
			G.hist.nd_u64 = u;
		}
		return;
	}
#endif
	d = GDALGetRasterNoDataValue(b, &has);
	if (!has)
		return;
	if (isfinite(d) && d == trunc(d) && d >= -0x1p63 && d < 0x1p63) {
		G.reply.has_nodata = 1;
		G.reply.nodata = (int64_t)d;
	} else if (dt == GDT_Float32 || dt == GDT_Float64) {
		G.hist.nd_on = 1;
		G.hist.nd_nan = isnan(d);
		/* Float32 samples compare with the value as stored. */
		G.hist.nd_val = dt == GDT_Float32 ? (double)(float)d : d;
	}
}

/* Non-zero, with a reason, if the raster's compression loses data. */
static int
lossy(GDALDatasetH ds, GDALRasterBandH b)
{
	const char *rev, *comp;

	rev = GDALGetMetadataItem(
	    ds, "COMPRESSION_REVERSIBILITY", "IMAGE_STRUCTURE");
	comp = GDALGetMetadataItem(ds, "COMPRESSION", "IMAGE_STRUCTURE");
	if (comp == NULL)
		comp = GDALGetMetadataItem(b, "COMPRESSION", "IMAGE_STRUCTURE");
	if (rev != NULL && strncasecmp(rev, "LOSSY", 5) == 0) {
		set_reason("lossy %s compression: labels would be altered",
		    comp ? comp : "");
		return 1;
	}
	if (comp != NULL &&
	    (strcasecmp(comp, "JPEG") == 0 ||
		strcasecmp(comp, "YCbCr JPEG") == 0 ||
		strcasecmp(comp, "OJPEG") == 0)) {
		set_reason("JPEG-compressed mask: lossy compression alters "
			   "label values");
		return 1;
	}
	return 0;
}

/*
 * Choose the band: --band B, else the only band, else band 1 of a
 * gray+alpha pair.  NULL with a reason otherwise.
 */
GDALRasterBandH
read_pick_band(GDALDatasetH ds)
{
	int nb = GDALGetRasterCount(ds), nsub = 0;
	char **sub;

	if (nb <= 0) {
		sub = GDALGetMetadata(ds, "SUBDATASETS");
		while (sub != NULL && sub[nsub] != NULL)
			nsub++;
		if (nsub > 0)
			set_reason("no raster band: the file holds %d "
				   "subdatasets",
			    nsub / 2);
		else
			set_reason("no raster band");
		return NULL;
	}
	if (G.opt.band > 0) {
		if (G.opt.band > nb) {
			set_reason("no band %d: the image has %d band%s",
			    G.opt.band, nb, nb == 1 ? "" : "s");
			return NULL;
		}
		return GDALGetRasterBand(ds, G.opt.band);
	}
	if (nb == 1)
		return GDALGetRasterBand(ds, 1);
	if (nb == 2 &&
	    GDALGetRasterColorInterpretation(GDALGetRasterBand(ds, 2)) ==
		GCI_AlphaBand)
		return GDALGetRasterBand(ds, 1);
	set_reason("multi-band image (%d bands); use --band to count one "
		   "band",
	    nb);
	return NULL;
}

/*
 * With --colors and no --band, is ds a colour raster: 3 or 4 bands whose
 * colour interpretations are red, green, blue (and alpha or none), or that
 * carry no interpretation at all?  1 with bands 1-3 in rgb if so, 0 if
 * not; -1 with a reason if it is one but its samples are not 8-bit.
 */
int
read_colour_bands(GDALDatasetH ds, GDALRasterBandH *rgb)
{
	static const GDALColorInterp want[3] = {
	    GCI_RedBand, GCI_GreenBand, GCI_BlueBand};
	int nb = GDALGetRasterCount(ds), i, named = 1, none = 1;
	GDALColorInterp ci;
	GDALDataType dt;

	if (!G.opt.colors || G.opt.band > 0 || (nb != 3 && nb != 4))
		return 0;
	for (i = 0; i < nb; i++) {
		ci = GDALGetRasterColorInterpretation(
		    GDALGetRasterBand(ds, i + 1));
		if (ci != GCI_Undefined)
			none = 0;
		if (i < 3 ? ci != want[i]
			  : ci != GCI_AlphaBand && ci != GCI_Undefined)
			named = 0;
	}
	if (!named && !none)
		return 0;
	for (i = 0; i < 3; i++) {
		rgb[i] = GDALGetRasterBand(ds, i + 1);
		dt = GDALGetRasterDataType(rgb[i]);
		if (dt != GDT_Byte) {
			set_reason("%d-bit colour raster: --colors reads "
				   "8-bit RGB(A) only",
			    GDALGetDataTypeSizeBits(dt));
			return -1;
		}
	}
	return 1;
}

/*
 * Count the colours of bands rgb[0..2] into G.hist and G.reply, block by
 * block as read_band() does, the three bands' blocks at the same offset
 * together.  The alpha band, if any, is not read.  Set a reason on
 * failure.  Colour rasters are never cut into parts.
 */
void
read_rgb(GDALDatasetH ds, GDALRasterBandH *rgb, const char *drv)
{
	int w, h, bx, by, cx, cy, nbx, nby, ix, iy, ax, ay, y, i;
	unsigned char *buf[3] = {NULL, NULL, NULL};
	size_t off;
	uint64_t bytes;

	G.reply.status = MFWG_BAD;
	if (G.req_nparts != 0) {
		set_reason("changed while it was read");
		return;
	}
	if (lossy(ds, rgb[0]))
		return;
	G.reply.bits = 8;
	w = GDALGetRasterBandXSize(rgb[0]);
	h = GDALGetRasterBandYSize(rgb[0]);
	if (w <= 0 || h <= 0) {
		set_reason("image has zero width or height (%d x %d)", w, h);
		return;
	}
	G.reply.width = (uint32_t)w;
	G.reply.height = (uint32_t)h;
	if (G.opt.max_pixels != 0 &&
	    (uint64_t)w * (uint64_t)h > G.opt.max_pixels) {
		G.reply.status = MFWG_TOOBIG;
		return;
	}
	GDALGetBlockSize(rgb[0], &bx, &by);
	for (i = 1; i < 3; i++) {
		GDALGetBlockSize(rgb[i], &cx, &cy);
		if (cx != bx || cy != by ||
		    GDALGetRasterBandXSize(rgb[i]) != w ||
		    GDALGetRasterBandYSize(rgb[i]) != h) {
			set_reason("colour bands of different sizes or "
				   "block sizes");
			return;
		}
	}
	bytes = (uint64_t)(bx > 0 ? bx : 0) * (uint64_t)(by > 0 ? by : 0);
	if (bytes == 0) {
		set_reason("invalid block size %d x %d", bx, by);
		return;
	}
	if (3 * bytes > MAX_BLOCK) {
		set_reason("blocks of %d x %d x 3 samples (%" PRIu64 " bytes) "
			   "are larger than the limit of %" PRIu64 " bytes",
		    bx, by, 3 * bytes, MAX_BLOCK);
		return;
	}
	for (i = 0; i < 3; i++)
		if ((buf[i] = malloc((size_t)bytes)) == NULL) {
			set_reason("out of memory for a %" PRIu64 "-byte block",
			    bytes);
			goto out;
		}
	nbx = (int)(((int64_t)w + bx - 1) / bx);
	nby = (int)(((int64_t)h + by - 1) / by);
	for (iy = 0; iy < nby; iy++)
		for (ix = 0; ix < nbx; ix++) {
			for (i = 0; i < 3; i++)
				if (GDALReadBlock(rgb[i], ix, iy, buf[i]) !=
				    CE_None)
					break;
			if (i < 3 ||
			    GDALGetActualBlockSize(rgb[0], ix, iy, &ax, &ay) !=
				CE_None) {
				set_reason("GDAL %s driver: %s", drv,
				    G.gdalerr[0] ? G.gdalerr
						 : "cannot read a block");
				goto out;
			}
			/* Edge blocks are padded: count only the image. */
			for (y = 0; y < ay; y++) {
				off = (size_t)y * (size_t)bx;
				hist_rgb(buf[0] + off, buf[1] + off,
				    buf[2] + off, (size_t)ax);
			}
			if (G.hist.full || G.hist.oom)
				goto done;
		}
done:
	if (G.hist.oom)
		set_reason("out of memory in the GDAL reader");
	else if (G.hist.full)
		set_reason("more than %d distinct colours: not a colour mask",
		    MFWG_MAX_PAIRS);
	else {
		G.reply.status = MFWG_OK;
		G.reply.colour = 1;
		G.reply.rows = (uint32_t)h;
	}
out:
	for (i = 0; i < 3; i++)
		free(buf[i]);
}

/*
 * Count every sample of band b (or of the requested part) into G.hist and
 * G.reply; set a reason on failure.  Asked for a whole raster that cut.h
 * would cut, with MFWG_F_PARTS_OK, reply MFWG_PARTS and count nothing.
 */
void
read_band(GDALDatasetH ds, GDALRasterBandH b, const char *drv)
{
	GDALDataType dt = GDALGetRasterDataType(b);
	enum kind k;
	int w, h, bx, by, nbx, nby, ix, iy, ax, ay, y, sz, nbits;
	int np, prows, iy0, iy1;
	uint64_t prows64;
	const char *nb;
	unsigned char *buf;
	uint64_t bytes;

	G.reply.status = MFWG_BAD;
	if (lossy(ds, b) || !pick_kind(b, dt, &k))
		return;
	sz = GDALGetDataTypeSizeBytes(dt);
	G.reply.bits = GDALGetDataTypeSizeBits(dt);
	if ((nb = GDALGetMetadataItem(b, "NBITS", "IMAGE_STRUCTURE")) &&
	    (nbits = atoi(nb)) > 0 && nbits < G.reply.bits)
		G.reply.bits = nbits;
	G.reply.sample_float = dt == GDT_Float32 || dt == GDT_Float64;
	w = GDALGetRasterBandXSize(b);
	h = GDALGetRasterBandYSize(b);
	if (w <= 0 || h <= 0) {
		set_reason("image has zero width or height (%d x %d)", w, h);
		return;
	}
	G.reply.width = (uint32_t)w;
	G.reply.height = (uint32_t)h;
	if (G.opt.max_pixels != 0 &&
	    (uint64_t)w * (uint64_t)h > G.opt.max_pixels) {
		G.reply.status = MFWG_TOOBIG;
		return;
	}
	if (strcmp(drv, "PNG") != 0)
		get_nodata(b, dt);
	GDALGetBlockSize(b, &bx, &by);
	bytes = (uint64_t)(bx > 0 ? bx : 0) * (uint64_t)(by > 0 ? by : 0) *
	    (uint64_t)sz;
	if (bytes == 0 || sz <= 0) {
		set_reason("invalid block size %d x %d", bx, by);
		return;
	}
	if (bytes > MAX_BLOCK) {
		set_reason("blocks of %d x %d samples (%" PRIu64 " bytes) are "
			   "larger than the limit of %" PRIu64 " bytes",
		    bx, by, bytes, MAX_BLOCK);
		return;
	}
	if ((buf = malloc((size_t)bytes)) == NULL) {
		set_reason("out of memory for a %" PRIu64 "-byte block", bytes);
		return;
	}
	nbx = (int)(((int64_t)w + bx - 1) / bx);
	nby = (int)(((int64_t)h + by - 1) / by);
	/* Parts are bands of whole block rows (cut.h).  The plan depends
	 * on the raster alone, so recomputing it for each part and finding
	 * another number of parts means the file changed between requests. */
	np = (int)cut_plan(
	    (uint64_t)w, (uint64_t)h, by > 0 ? (uint64_t)by : 0, &prows64);
	prows = (int)prows64;
	iy0 = 0;
	iy1 = nby;
	if (G.req_nparts == 0 && (G.req_flags & MFWG_F_PARTS_OK) && np > 1) {
		free(buf);
		G.reply.status = MFWG_PARTS;
		G.reply.nparts = (uint32_t)np;
		return;
	}
	if (G.req_nparts != 0) {
		if ((uint32_t)np != G.req_nparts ||
		    G.req_part >= G.req_nparts) {
			free(buf);
			set_reason("changed while it was read");
			return;
		}
		/* In 64 bits: part x rows of a raster of nearly 2^31 rows
		 * would overflow an int. */
		{
			int64_t step = prows / by;
			int64_t a = (int64_t)G.req_part * step, z = a + step;

			iy0 = (int)(a < nby ? a : nby);
			iy1 = (int)(z < nby ? z : nby);
		}
	}
	G.reply.rows = (uint32_t)(((int64_t)iy1 * by < h ? (int64_t)iy1 * by
							 : (int64_t)h) -
	    (int64_t)iy0 * by);
	for (iy = iy0; iy < iy1; iy++)
		for (ix = 0; ix < nbx; ix++) {
			if (GDALReadBlock(b, ix, iy, buf) != CE_None ||
			    GDALGetActualBlockSize(b, ix, iy, &ax, &ay) !=
				CE_None) {
				set_reason("GDAL %s driver: %s", drv,
				    G.gdalerr[0] ? G.gdalerr
						 : "cannot read a block");
				free(buf);
				return;
			}
			/* Edge blocks are padded: count only the image.
			 * A full-width block is one run of samples, which
			 * the 8-bit kernel takes in one call (count.c). */
			if (ax == bx)
				hist_row(k, buf, (size_t)ax * (size_t)ay);
			else
				for (y = 0; y < ay; y++)
					hist_row(k,
					    buf +
						(size_t)y * (size_t)bx *
						    (size_t)sz,
					    (size_t)ax);
			if (G.hist.full || G.hist.oom)
				goto out;
		}
out:
	free(buf);
	if (G.hist.oom)
		set_reason("out of memory in the GDAL reader");
	else if (G.hist.full)
		set_reason("more than %d distinct values: not a label mask",
		    MFWG_MAX_PAIRS);
	else if (G.hist.huge > 0 && G.reply.nonint > 0)
		/* The TIFF reader's order (tally.c): fractions first. */
		set_reason("%" PRIu64 " %s (NaN, infinite or fractional)",
		    G.reply.nonint,
		    G.reply.nonint == 1 ? "sample is not a whole number"
					: "samples are not whole numbers");
	else if (G.hist.huge > 0)
		set_reason("%" PRIu64 " %s outside the label range "
			   "-2^63..2^63-1: not a label mask",
		    G.hist.huge,
		    G.hist.huge == 1 ? "sample is a whole number"
				     : "samples are whole numbers");
	else
		G.reply.status = MFWG_OK;
}
