/*
 * sample.c: sampling weights written out (sample.h).
 *
 * Two passes over the records: the first sums what the method needs over
 * the whole data set (sampling.c) and checks the records against the
 * counts they must match; the second writes one weight per record, in
 * the order records.c gives (walk order).  Memory holds per-class sums
 * only, never a line per image.  A run with --sampling copies its
 * --per-image lines to a spool, an unlinked temporary file beside the
 * weights file (which holds a line per image, so has room for it), and
 * after the join reads it back as `mfweights sample` reads its files.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "emit.h"
#include "enums.h"
#include "msg.h"
#include "output.h"
#include "records.h"
#include "sample.h"
#include "sampling.h"
#include "util.h"

struct sample_run {
	const struct mfw_opts *o;
	struct outfile *out;
	FILE *spool;
};

/* Rare-class: the classes that are never drawn, in one notice line. */
static void
list_never(const struct samp_model *m)
{
	char buf[512];
	size_t c, o = 0, k = 0;

	for (c = 0; c < m->n; c++) {
		if (m->state[c] != SAMP_NEVER)
			continue;
		if (o < sizeof(buf) - 32)
			o += (size_t)snprintf(buf + o, sizeof(buf) - o, "%s%zu",
			    k ? ", " : "", c);
		else if (o < sizeof(buf) - 8)
			o +=
			    (size_t)snprintf(buf + o, sizeof(buf) - o, ", ...");
		k++;
	}
	if (k > 0)
		msg_notice("rare-class sampling: class%s %s never drawn: no "
			   "image has more pixels of it than --min-pixels",
		    k == 1 ? "" : "es", buf);
}

static void
write_line(FILE *f, const struct mfw_opts *o, const struct rec *r, double w)
{
	char b[64];

	emit_double(b, sizeof(b), w, -1);
	if (o->sample_format == SFMT_CSV) {
		emit_csv_string(f, r->path);
		fprintf(f, ",%s\n", b);
		return;
	}
	putc('{', f);
	emit_json_path(f, r->path);
	fprintf(f, ", \"weight\": %s}\n", b);
}

/*
 * The two passes: records in, weights to f.  ri, if not NULL, holds the
 * counts documents to check the records against; classes, if not 0, is
 * the number of classes the records may use.  Returns 0 or an exit
 * level after a message.
 */
static int
compute(struct rec_in *in, const struct mfw_opts *o,
    const struct rec_inputs *ri, size_t classes, FILE *f)
{
	struct samp_params sp = {
	    o->sampling, o->temperature, o->min_pixels, o->repeat_threshold};
	struct samp_stats st;
	struct samp_model m;
	struct rec r;
	uint64_t zero = 0, n1;
	double w;
	int rc = 0, got;

	memset(&r, 0, sizeof(r));
	memset(&m, 0, sizeof(m));
	samp_stats_init(&st);
	if (rec_rewind(in) != 0)
		goto fail;
	while ((got = rec_next(in, &r)) > 0)
		samp_stats_add(&st, &sp, &r);
	if (got < 0)
		goto fail;
	n1 = rec_count(in);
	if (classes > 0 && st.n > classes) {
		msg_err("the per-image lines hold class %zu, but there are %zu "
			"classes (--classes or the counts documents)",
		    st.n - 1, classes);
		rc = MFW_BADINPUT;
		goto out;
	}
	if (ri != NULL && ri->have_counts &&
	    rec_inputs_check(
		ri, st.images, st.P, st.I, st.n, st.ignored, st.nodata) != 0) {
		rc = MFW_BADINPUT;
		goto out;
	}
	if (st.images == 0) {
		msg_err("no image to weight: the per-image lines are empty");
		rc = MFW_BADINPUT;
		goto out;
	}
	if (samp_model(&sp, &st, &m) == 0) {
		if (o->sampling == SAMPLING_RARE_CLASS && st.n > 0)
			msg_err("rare-class sampling: no image has more than "
				"%llu pixels of any class; lower --min-pixels",
			    (unsigned long long)o->min_pixels);
		else
			msg_err("no image holds a counted class: every pixel "
				"is ignored or nodata; no sampling weights");
		rc = MFW_BADINPUT;
		goto out;
	}
	if (o->sampling == SAMPLING_RARE_CLASS)
		list_never(&m);
	if (rec_rewind(in) != 0)
		goto fail;
	if (o->sample_format == SFMT_CSV)
		fputs("path,weight\n", f);
	while ((got = rec_next(in, &r)) > 0) {
		w = samp_weight(&m, &r);
		zero += w == 0;
		write_line(f, o, &r, w);
	}
	if (got < 0)
		goto fail;
	if (rec_count(in) != n1) {
		msg_err("the per-image lines changed while they were read");
		rc = MFW_BADINPUT;
		goto out;
	}
	if (zero > 0)
		msg_notice("%llu image%s get weight 0: %s",
		    (unsigned long long)zero, zero == 1 ? "" : "s",
		    o->sampling == SAMPLING_RARE_CLASS
			? "no class of theirs has more pixels than "
			  "--min-pixels"
			: "they hold no counted class");
	goto out;
fail:
	rc = msg_status() > MFW_BADINPUT ? msg_status() : MFW_BADINPUT;
out:
	rec_free(&r);
	samp_model_free(&m);
	samp_stats_free(&st);
	return rc;
}

/* The spool: an unlinked file beside the weights file, else tmpfile(). */
static FILE *
spool_open(const char *near)
{
	char path[4096];
	const char *slash;
	struct stat sb;
	FILE *f;
	int fd;

	if (near == NULL || strcmp(near, "-") == 0 ||
	    (stat(near, &sb) == 0 && !S_ISREG(sb.st_mode)))
		return tmpfile();
	slash = strrchr(near, '/');
	if (slash == NULL)
		snprintf(path, sizeof(path), ".mfweights-spool-XXXXXX");
	else if ((size_t)(slash - near) + 32 < sizeof(path))
		snprintf(path, sizeof(path), "%.*s/.mfweights-spool-XXXXXX",
		    (int)(slash - near), near);
	else
		return tmpfile();
	/* Unlinked at once: nothing is left behind, whatever ends us. */
	if ((fd = mkstemp(path)) < 0)
		return tmpfile();
	unlink(path);
	if ((f = fdopen(fd, "w+")) == NULL)
		close(fd);
	return f;
}

struct sample_run *
sample_start(const struct mfw_opts *o)
{
	struct sample_run *s = xcalloc(1, sizeof(*s));

	s->o = o;
	if ((s->out = output_open(o->sample_weights)) == NULL) {
		free(s);
		return NULL;
	}
	if ((s->spool = spool_open(o->sample_weights)) == NULL) {
		msg_err("cannot create a temporary file for --sampling: %s",
		    strerror(errno));
		output_abort(s->out);
		free(s);
		return NULL;
	}
	return s;
}

FILE *
sample_spool(struct sample_run *s)
{
	return s->spool;
}

int
sample_prepare(struct sample_run *s, const struct totals *t)
{
	struct rec_in *in = rec_from_stream(s->spool, "(--sampling spool)");
	int rc;

	rc = compute(in, s->o, NULL, t->n, output_stream(s->out));
	rec_close(in);
	return rc;
}

int
sample_end(struct sample_run *s, int ok)
{
	int rc = 0;

	if (s == NULL)
		return 0;
	if (ok)
		rc = output_commit(s->out);
	else
		output_abort(s->out);
	fclose(s->spool);
	free(s);
	return rc;
}

int
mfw_sample(const struct mfw_opts *o)
{
	struct rec_inputs ri;
	struct rec_in *in = NULL;
	struct outfile *out = NULL;
	size_t classes;
	int rc;

	rc = rec_inputs_read(&ri, o->paths, o->npaths);
	if (rc == 0 && ri.nperimg == 0) {
		msg_err("sample: no per-image file among the files given "
			"(write them with --per-image)");
		rc = MFW_USAGE;
	}
	if (rc != 0)
		goto out;
	if ((in = rec_open(ri.perimg, ri.nperimg)) == NULL) {
		rc = msg_status() ? msg_status() : MFW_SYSERR; /* its level */
		goto out;
	}
	classes = o->classes ? (size_t)o->classes : ri.have_counts ? ri.t.n : 0;
	if (o->classes && ri.have_counts && ri.p.classes_given &&
	    (size_t)o->classes != ri.p.classes) {
		msg_err("--classes %ld differs from the counts documents' %zu",
		    o->classes, ri.p.classes);
		rc = MFW_BADINPUT;
		goto out;
	}
	if ((out = output_open(
		 o->sample_weights ? o->sample_weights : o->output)) == NULL) {
		rc = MFW_SYSERR;
		goto out;
	}
	rc = compute(in, o, &ri, classes, output_stream(out));
	if (rc == 0 && output_commit(out) != 0)
		rc = MFW_SYSERR;
	else if (rc != 0)
		output_abort(out);
out:
	rec_close(in);
	rec_inputs_free(&ri);
	if (rc != 0)
		msg_level(rc);
	return msg_status() > rc ? msg_status() : rc;
}
