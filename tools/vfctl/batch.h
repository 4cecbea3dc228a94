/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The lines of a -batch or restore file, each run as a command line. The
 * commands themselves are main.c's, which hands them over as function
 * pointers (batch_init()), so that a command may run a file of commands
 * (restore does) without calling back into main.c.
 */
#ifndef VFCTL_BATCH_H
#define VFCTL_BATCH_H

#include <stdbool.h>
#include <stdio.h>

/* Runs one command line (argv[0] is the object); returns VFCTL_*. */
typedef int (*batch_run_fn)(int argc, char **argv);

/*
 * The full names of the object and command a line names, *cmd NULL for an
 * object that is one command and for help; nothing printed. Returns
 * VFCTL_OK, or VFCTL_USAGE when running the line would be a usage error.
 */
typedef int (*batch_names_fn)(int argc, char **argv, const char **obj,
			      const char **cmd);

struct batch_commands {
	batch_run_fn run;
	batch_names_fn names;
};

/* What a batch_run() filter says of a line, once it is split into words. */
enum {
	BATCH_LINE_RUN,		/* run it */
	BATCH_LINE_SKIP,	/* not for this run: go on without a word */
	BATCH_LINE_FAILED,	/* the filter reported why it cannot run */
};

/*
 * Decides whether a line runs: obj and cmd are its object and command as
 * batch_names_fn finds them, obj NULL when the line is a usage error.
 */
typedef int (*batch_filter_fn)(int argc, char **argv, const char *obj,
			       const char *cmd, void *ctx);

void batch_init(const struct batch_commands *cmds);
int batch_run(FILE *f, const char *name, batch_filter_fn filter, void *ctx,
	      bool keep_going);

#endif /* VFCTL_BATCH_H */
