/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Everything vfctl says on stderr goes through here: its own errors, with
 * the position in a -batch or restore file, and what the kernel answered
 * to a failed request. This file calls nothing else of vfctl's, so any
 * file may report through it without the calls going round in a loop.
 */
#ifndef VFCTL_REPORT_H
#define VFCTL_REPORT_H

#include <stddef.h>

struct vfctl_ext_ack;

/* A line of a -batch or restore file; file is NULL outside one. */
struct report_pos {
	const char *file;
	unsigned long line;
};

/* "vfctl: [FILE:LINE: ]message" on stderr; the location only in a file's lines. */
void vfctl_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

struct report_pos report_pos_get(void);
void report_pos_set(struct report_pos pos);

void report_kernel_error(const struct vfctl_ext_ack *ext, int err,
			 const char *what, const char *const *names,
			 size_t n_names, const char *held);
void report_kernel_warning(const struct vfctl_ext_ack *ext);

#endif /* VFCTL_REPORT_H */
