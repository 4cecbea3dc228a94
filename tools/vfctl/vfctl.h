/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Declarations shared by vfctl's command files and main.c: exit codes, the
 * global output options, error reporting and the command entry points.
 */
#ifndef VFCTL_H
#define VFCTL_H

#include <stdbool.h>
#include <stdio.h>

#define __maybe_unused __attribute__((unused))

/* Exit status, and what every command function returns. */
enum {
	VFCTL_OK = 0,
	VFCTL_FAIL = 1,		/* runtime, sysfs or kernel error */
	VFCTL_USAGE = 2,	/* bad command line; the caller prints usage */
};

struct vfctl_opts {
	bool json;
	bool pretty;
};

extern struct vfctl_opts vfctl_opts;

/* "vfctl: [FILE:LINE: ]message" on stderr; the location only in a file's lines. */
void vfctl_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* What a batch_run() filter says of a line, once it is split into words. */
enum {
	BATCH_LINE_RUN,		/* run it */
	BATCH_LINE_SKIP,	/* not for this run: go on without a word */
	BATCH_LINE_FAILED,	/* the filter reported why it cannot run */
};

typedef int (*batch_filter_fn)(int argc, char **argv, void *ctx);

int batch_run(FILE *f, const char *name, batch_filter_fn filter, void *ctx,
	      bool keep_going);
int command_names(int argc, char **argv, const char **obj, const char **cmd);

/* Command entry points; argv holds only the arguments after the command. */
int pf_list(int argc, char **argv);
int pf_show(int argc, char **argv);
int pf_set(int argc, char **argv);
int pf_claim(int argc, char **argv);
int pf_release(int argc, char **argv);
int vf_list(int argc, char **argv);
int vf_show(int argc, char **argv);
int vf_set(int argc, char **argv);
int vf_clear(int argc, char **argv);
int vf_reset(int argc, char **argv);
int vf_bind(int argc, char **argv);
int monitor(int argc, char **argv);
int save(int argc, char **argv);
int restore(int argc, char **argv);
int check(int argc, char **argv);
int hostdev_xml(int argc, char **argv);

#endif /* VFCTL_H */
