/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The vfmgr family's pf-get and vf-get replies, parsed for the commands
 * that read them: pf show, vf list and show, and save.
 */
#ifndef VFCTL_FAMILY_H
#define VFCTL_FAMILY_H

#include <stddef.h>
#include <stdint.h>

#include <netlink/msg.h>

#include "pfinfo.h"
#include "vfinfo.h"

/* A dump the kernel marks inconsistent is read again, this many times. */
#define DUMP_TRIES 3

/* The PFs of a dump, or the one PF of a get, in arrival order. */
struct pf_replies {
	struct pf_info *pfs;
	size_t n;
	size_t cap;
};

/* The VFs of a dump, or the one VF of a get, in arrival order. */
struct vf_replies {
	struct vf_info *vfs;
	size_t n;
	size_t cap;
};

/* genl_reply_fn callbacks adding one reply each; arg is the *_replies. */
int pf_reply(struct nl_msg *msg, void *arg);
int vf_reply(struct nl_msg *msg, void *arg);

struct vfctl_genl;

/* A vfmgr request naming a PF (if any) and a VF (if id); NULL without memory. */
struct nl_msg *vf_msg(const struct vfctl_genl *g, uint8_t cmd, int flags,
		      const char *pf, const uint32_t *id);

#endif /* VFCTL_FAMILY_H */
