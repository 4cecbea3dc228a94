/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The batch file "vfctl save" writes, from what the family reported about
 * every PF and VF. No I/O beyond the stream given and no netlink, so the
 * host unit tests can check the format and that batch mode reads it back.
 */
#ifndef VFCTL_SAVEFMT_H
#define VFCTL_SAVEFMT_H

#include <stddef.h>
#include <stdio.h>

#include "pfinfo.h"
#include "vfinfo.h"

/* Room for the longest message the functions below write. */
#define SAVE_WHY_LEN 256

void save_header(FILE *f);
int save_pf_line(FILE *f, const struct pf_info *pf, char *why, size_t len);
int save_vf_line(FILE *f, const struct vf_info *vf, char *why, size_t len);
int save_bind_line(FILE *f, const struct vf_info *vf, char *why, size_t len);
int save_write(FILE *f, struct pf_info *pfs, size_t n_pfs, struct vf_info *vfs,
	       size_t n_vfs, char *why, size_t len);

#endif /* VFCTL_SAVEFMT_H */
