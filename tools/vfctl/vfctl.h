/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Declarations shared by vfctl's command files and main.c: exit codes, the
 * global output options and the command entry points (vfctl_err() is
 * report.h's).
 */
#ifndef VFCTL_H
#define VFCTL_H

#include <stdbool.h>
#include <stdio.h>

#include "report.h"

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
