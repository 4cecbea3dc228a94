// SPDX-License-Identifier: GPL-2.0
/*
 * Files of command lines: "vfctl -batch FILE" and the lines "vfctl
 * restore" picks from a saved configuration. Each line is split into
 * words as a shell would (line_tokenise()) and run by the command runner
 * main.c gave batch_init(); messages name the file and the line
 * (report_pos_set()).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "report.h"
#include "util.h"
#include "vfctl.h"

/* Enough for any command line a batch file will need. */
#define BATCH_MAX_WORDS 128

static const struct batch_commands *batch_cmds;

/* The runner for every batch_run(); main() sets it before any command runs. */
void batch_init(const struct batch_commands *cmds)
{
	batch_cmds = cmds;
}

/* The filter's verdict on a line, given the names of what the line runs. */
static int batch_filter(int argc, char **words, batch_filter_fn filter, void *ctx)
{
	const char *obj, *cmd;

	if (batch_cmds->names(argc, words, &obj, &cmd))
		obj = cmd = NULL;
	return filter(argc, words, obj, cmd, ctx);
}

/*
 * Runs the lines of f, named name in messages, in order; filter, if given,
 * picks those that run. Without keep_going the first failure stops them,
 * so a batch never goes on past an error it reported; with it, a failing
 * line is reported and the next one runs. Any failure, usage errors
 * included, makes the result VFCTL_FAIL: the file as a whole failed.
 * A batch inside a batch (restore in a -batch file) reports its own lines
 * and gives the outer position back when it ends.
 */
int batch_run(FILE *f, const char *name, batch_filter_fn filter, void *ctx,
	      bool keep_going)
{
	struct report_pos outer = report_pos_get(), at = { name, 0 };
	char *words[BATCH_MAX_WORDS], *line = NULL;
	int argc, err, verdict, ret = VFCTL_OK;
	const char *why;
	size_t cap = 0;
	ssize_t len;

	while ((len = getline(&line, &cap, f)) >= 0) {
		at.line++;
		report_pos_set(at);
		if (strlen(line) != (size_t)len) {
			vfctl_err("NUL byte in line");
			ret = VFCTL_FAIL;
		} else if ((argc = line_tokenise(line, words, BATCH_MAX_WORDS, &why)) < 0) {
			vfctl_err("%s", why);
			ret = VFCTL_FAIL;
		} else if (!argc) {
			continue;
		} else {
			verdict = filter ? batch_filter(argc, words, filter, ctx) :
				  BATCH_LINE_RUN;
			if (verdict == BATCH_LINE_SKIP)
				continue;
			if (verdict != BATCH_LINE_RUN || batch_cmds->run(argc, words))
				ret = VFCTL_FAIL;
		}
		if (ret && !keep_going)
			break;
	}
	/* Said of the file, not of a line: reading a directory fails at once. */
	err = ferror(f) ? errno : 0;
	report_pos_set(outer);
	if (err) {
		vfctl_err("cannot read %s: %s", name, strerror(err));
		ret = VFCTL_FAIL;
	}
	free(line);
	return ret;
}
