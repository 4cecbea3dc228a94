/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the kernel answered to a vfmgr request, told to the user: the
 * reason for a refusal, with who holds the VF it names, or a warning.
 */
#ifndef VFCTL_ANSWER_H
#define VFCTL_ANSWER_H

#include <stddef.h>

struct vfctl_genl;

int answer_family(struct vfctl_genl **g, const char *what);
int answer(const struct vfctl_genl *g, int err, const char *what,
	   const char *const *names, size_t n_names);
void answer_perror(const struct vfctl_genl *g, int err, const char *what,
		   const char *const *names, size_t n_names);

#endif /* VFCTL_ANSWER_H */
