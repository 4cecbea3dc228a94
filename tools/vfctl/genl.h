/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vfctl's generic netlink layer over libnl-3: one socket with extended ACKs,
 * the vfmgr family resolved by name, and a request helper that waits for the
 * kernel's answer and keeps its extended ACK. Transport only: nothing here
 * prints; answer.c turns what the kernel said into messages.
 */
#ifndef VFCTL_GENL_H
#define VFCTL_GENL_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include "util.h"

#define VFCTL_GENL_FAMILY "vfmgr"

/* The longest extended ACK cookie the kernel sends (NETLINK_MAX_COOKIE_LEN). */
#define GENL_COOKIE_MAX	20

/* What the kernel said about the last request, beyond its errno. */
struct vfctl_ext_ack {
	int error;		/* negative errno, 0 on success */
	char msg[256];		/* NLMSGERR_ATTR_MSG, "" if none */
	bool has_offset;
	uint32_t offset;	/* NLMSGERR_ATTR_OFFS: bad attribute's offset */
	bool has_miss_type;
	uint32_t miss_type;	/* NLMSGERR_ATTR_MISS_TYPE */
	bool has_miss_nest;
	uint32_t miss_nest;	/* NLMSGERR_ATTR_MISS_NEST: nest it was missing in */
	int bad_attr;		/* type of the request's attribute at offset, or -1 */
	uint8_t cookie[GENL_COOKIE_MAX];	/* NLMSGERR_ATTR_COOKIE */
	size_t cookie_len;	/* 0: no cookie */
	char pf[PCI_ADDR_STRLEN];	/* the PF the failed request named, or "" */
};

struct vfctl_genl {
	struct nl_sock *sk;
	int family;		/* vfmgr's id, valid after genl_resolve() */
	uint32_t version;	/* vfmgr's version as the kernel reports it */
	bool broken;		/* a request ended before its answer did */
	struct vfctl_ext_ack ext;
};

/*
 * genl_request()'s answer when a dump was complete but the kernel flagged it
 * inconsistent (NLM_F_DUMP_INTR): what it dumped changed meanwhile.
 */
#define GENL_DUMP_INTR	(-EINTR)

/* Called for each reply message; a negative errno aborts the request. */
typedef int (*genl_reply_fn)(struct nl_msg *msg, void *arg);

int genl_open(struct vfctl_genl *g);
void genl_close(struct vfctl_genl *g);
int genl_resolve(struct vfctl_genl *g);
int genl_open_family(struct vfctl_genl *g);
int genl_shared(struct vfctl_genl **g);
void genl_shared_close(void);

struct nl_msg *genl_msg_new(int family, uint8_t version, uint8_t cmd, int flags);
int genl_request(struct vfctl_genl *g, struct nl_msg *msg, genl_reply_fn reply,
		 void *arg);

#endif /* VFCTL_GENL_H */
