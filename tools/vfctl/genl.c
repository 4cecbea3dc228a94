// SPDX-License-Identifier: GPL-2.0
/*
 * Generic netlink transport for vfctl, on libnl-3.
 *
 * libnl has no extended-ACK support: the socket options are set on its file
 * descriptor here, and the ACK's TLVs are parsed here, so that every command
 * can show the reason the kernel gave, not just an errno. Nothing here
 * prints: a request returns its errno and leaves the extended ACK in
 * g->ext, for answer.c to explain.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/vfmgr.h>

#include <netlink/attr.h>
#include <netlink/errno.h>
#include <netlink/genl/genl.h>
#include <netlink/handlers.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>

#include "genl.h"
#include "vfctl.h"

/*
 * A dump of a PF with all its VFs arrives as a burst of messages; a receive
 * buffer overrun would lose some and force the whole dump to be redone.
 */
#define GENL_RCVBUF	(1 << 20)

/* The generic netlink controller's own protocol version. */
#define GENL_CTRL_VERSION	2

/* State of one request, shared by its callbacks. */
struct genl_wait {
	struct vfctl_genl *g;
	genl_reply_fn reply;
	void *arg;
	bool pending;		/* no ACK, error or end of dump seen yet */
	bool dump_intr;		/* a message was flagged NLM_F_DUMP_INTR */
	int error;
};

/* Local libnl failures; errors sent by the kernel arrive as plain errnos. */
static int nlerr_to_errno(int nlerr)
{
	switch (nlerr < 0 ? -nlerr : nlerr) {
	case NLE_NOMEM:
		return -ENOMEM;
	case NLE_PERM:
	case NLE_NOACCESS:
		return -EPERM;
	case NLE_AGAIN:
		return -EAGAIN;
	case NLE_INTR:
	case NLE_DUMP_INTR:
		return -EINTR;
	case NLE_MSGSIZE:
	case NLE_MSG_TRUNC:
	case NLE_MSG_OVERFLOW:
		return -EMSGSIZE;
	case NLE_AF_NOSUPPORT:
		return -EAFNOSUPPORT;
	default:
		return -EPROTO;
	}
}

/*
 * Extended ACK attributes start @off bytes into the payload of an error,
 * ACK or DONE message, and are present only with NLM_F_ACK_TLVS.
 */
static void ext_ack_parse(const struct nlmsghdr *nlh, size_t off,
			  struct vfctl_ext_ack *ext)
{
	static const struct nla_policy policy[NLMSGERR_ATTR_MAX + 1] = {
		[NLMSGERR_ATTR_MSG]		= { .type = NLA_STRING },
		[NLMSGERR_ATTR_OFFS]		= { .type = NLA_U32 },
		[NLMSGERR_ATTR_MISS_TYPE]	= { .type = NLA_U32 },
		[NLMSGERR_ATTR_MISS_NEST]	= { .type = NLA_U32 },
		[NLMSGERR_ATTR_COOKIE]		= { .maxlen = GENL_COOKIE_MAX },
	};
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	char *payload = nlmsg_data(nlh);

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS) ||
	    nlh->nlmsg_len < NLMSG_HDRLEN + off)
		return;
	if (nla_parse(tb, NLMSGERR_ATTR_MAX, (struct nlattr *)(payload + off),
		      (int)(nlh->nlmsg_len - NLMSG_HDRLEN - off), policy))
		return;

	if (tb[NLMSGERR_ATTR_MSG])
		snprintf(ext->msg, sizeof(ext->msg), "%s",
			 nla_get_string(tb[NLMSGERR_ATTR_MSG]));
	if (tb[NLMSGERR_ATTR_OFFS]) {
		ext->has_offset = true;
		ext->offset = nla_get_u32(tb[NLMSGERR_ATTR_OFFS]);
	}
	if (tb[NLMSGERR_ATTR_MISS_TYPE]) {
		ext->has_miss_type = true;
		ext->miss_type = nla_get_u32(tb[NLMSGERR_ATTR_MISS_TYPE]);
	}
	if (tb[NLMSGERR_ATTR_MISS_NEST]) {
		ext->has_miss_nest = true;
		ext->miss_nest = nla_get_u32(tb[NLMSGERR_ATTR_MISS_NEST]);
	}
	if (tb[NLMSGERR_ATTR_COOKIE]) {
		ext->cookie_len = (size_t)nla_len(tb[NLMSGERR_ATTR_COOKIE]);
		memcpy(ext->cookie, nla_data(tb[NLMSGERR_ATTR_COOKIE]), ext->cookie_len);
	}
}

static int on_error(struct sockaddr_nl *nla __maybe_unused,
		    struct nlmsgerr *err, void *arg)
{
	/* libnl hands over the payload; the flags are in the header before it. */
	const struct nlmsghdr *nlh =
		(const struct nlmsghdr *)((const char *)err - NLMSG_HDRLEN);
	struct genl_wait *w = arg;
	size_t off = sizeof(*err);

	/* Unless the kernel capped it, the request is echoed before the TLVs. */
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED) &&
	    err->msg.nlmsg_len >= NLMSG_HDRLEN)
		off += NLMSG_ALIGN(err->msg.nlmsg_len - NLMSG_HDRLEN);

	w->g->ext.error = err->error;
	ext_ack_parse(nlh, off, &w->g->ext);
	if (!w->error)
		w->error = err->error;
	w->pending = false;
	return NL_STOP;
}

/* A successful ACK can still carry a message: the kernel's warning. */
static int on_ack(struct nl_msg *msg, void *arg)
{
	struct genl_wait *w = arg;

	ext_ack_parse(nlmsg_hdr(msg), sizeof(struct nlmsgerr), &w->g->ext);
	w->pending = false;
	return NL_STOP;
}

/* libnl ignores the errno a dump's DONE message carries; honour it here. */
static int on_done(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct genl_wait *w = arg;
	int err;

	if (nlh->nlmsg_len >= NLMSG_HDRLEN + sizeof(err)) {
		memcpy(&err, nlmsg_data(nlh), sizeof(err));
		if (err < 0) {
			w->g->ext.error = err;
			ext_ack_parse(nlh, sizeof(err), &w->g->ext);
			if (!w->error)
				w->error = err;
		}
	}
	w->pending = false;
	return NL_STOP;
}

/*
 * Without this callback libnl turns the flag into an error part-way through
 * the dump; note it and keep going, so the dump is read to its end first.
 */
static int on_dump_intr(struct nl_msg *msg __maybe_unused, void *arg)
{
	struct genl_wait *w = arg;

	w->dump_intr = true;
	return NL_OK;
}

static int on_reply(struct nl_msg *msg, void *arg)
{
	struct genl_wait *w = arg;
	int err;

	/*
	 * After a failed parse keep reading without parsing, so the rest of
	 * the answer is drained and cannot be mistaken for the next reply.
	 */
	if (!w->error) {
		err = w->reply(msg, w->arg);
		if (err < 0)
			w->error = err;
	}
	return NL_OK;
}

/* Returns 0 or a negative errno; g is zeroed first so close is always safe. */
int genl_open(struct vfctl_genl *g)
{
	int one = 1, rcvbuf = GENL_RCVBUF;
	int fd, err;

	memset(g, 0, sizeof(*g));
	g->sk = nl_socket_alloc();
	if (!g->sk)
		return -ENOMEM;
	err = genl_connect(g->sk);
	if (err) {
		err = nlerr_to_errno(err);
		goto err_free;
	}
	fd = nl_socket_get_fd(g->sk);

	/* FORCE lets root go past net.core.rmem_max; others get the cap. */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf)) &&
	    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf)))
		goto err_errno;
	if (setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one)))
		goto err_errno;
	/* Errors need not echo the request: it can be large, the reply less so. */
	if (setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one)))
		goto err_errno;
	/* Size each read to the message waiting instead of a fixed buffer. */
	nl_socket_enable_msg_peek(g->sk);
	return 0;

err_errno:
	err = -errno;
err_free:
	nl_socket_free(g->sk);
	g->sk = NULL;
	return err;
}

void genl_close(struct vfctl_genl *g)
{
	if (g->sk)
		nl_socket_free(g->sk);
	g->sk = NULL;
}

/* A request header with libnl filling in port and sequence number at send. */
struct nl_msg *genl_msg_new(int family, uint8_t version, uint8_t cmd, int flags)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (!msg)
		return NULL;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, family, 0, flags, cmd,
			 version)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

/*
 * The extended ACK points at the bad attribute by its offset in the request
 * (not echoed back, see NETLINK_CAP_ACK); find which attribute that was.
 */
static void ext_ack_attr(struct nl_msg *req, struct vfctl_ext_ack *ext)
{
	struct nlmsghdr *nlh = nlmsg_hdr(req);
	struct nlattr *nla;
	int rem;

	ext->bad_attr = -1;
	if (!ext->has_offset)
		return;
	nlmsg_for_each_attr(nla, nlh, GENL_HDRLEN, rem) {
		if ((size_t)((char *)nla - (char *)nlh) == ext->offset) {
			ext->bad_attr = nla_type(nla);
			return;
		}
	}
}

/*
 * The PF a failed vfmgr request named, to find the VF a refusal's cookie
 * names: every PF and VF request carries its address as attribute 1 of
 * either set.
 */
_Static_assert((int)VFMGR_A_PF_PCI == (int)VFMGR_A_VF_PF_PCI,
	       "pf-get/set and vf-* name the PF with the same attribute type");

static void ext_ack_pf(const struct vfctl_genl *g, struct nl_msg *req,
		       struct vfctl_ext_ack *ext)
{
	struct nlmsghdr *nlh = nlmsg_hdr(req);
	struct nlattr *nla;

	ext->pf[0] = '\0';
	if (!g->family || nlh->nlmsg_type != g->family)
		return;
	nla = nlmsg_find_attr(nlh, GENL_HDRLEN, VFMGR_A_PF_PCI);
	if (nla && nla_len(nla) > 0 && nla_len(nla) <= (int)sizeof(ext->pf) &&
	    memchr(nla_data(nla), '\0', (size_t)nla_len(nla)))
		snprintf(ext->pf, sizeof(ext->pf), "%s", (const char *)nla_data(nla));
}

/*
 * Sends @msg (always consumed) and waits for the ACK, error or end of dump,
 * calling @reply, if set, for each reply message. Returns 0 or a negative
 * errno, GENL_DUMP_INTR for a dump the kernel marked inconsistent. The
 * kernel's extended ACK is left in g->ext: an error's reason, or on
 * success a warning (ext.error 0, ext.msg set).
 */
int genl_request(struct vfctl_genl *g, struct nl_msg *msg, genl_reply_fn reply,
		 void *arg)
{
	struct genl_wait w = {
		.g = g, .reply = reply, .arg = arg, .pending = true,
	};
	struct nl_cb *cb;
	int err;

	memset(&g->ext, 0, sizeof(g->ext));
	g->ext.bad_attr = -1;
	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	nl_cb_err(cb, NL_CB_CUSTOM, on_error, &w);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, on_ack, &w);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, on_done, &w);
	nl_cb_set(cb, NL_CB_DUMP_INTR, NL_CB_CUSTOM, on_dump_intr, &w);
	if (reply)
		nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_reply, &w);

	err = nl_send_auto(g->sk, msg);
	if (err < 0) {
		w.error = nlerr_to_errno(err);
		goto out;
	}
	while (w.pending) {
		err = nl_recvmsgs(g->sk, cb);
		if (err < 0 && w.pending) {
			if (!w.error)
				w.error = nlerr_to_errno(err);
			/* The rest of the answer may still be queued. */
			g->broken = true;
			break;
		}
	}
	if (w.error && w.error == g->ext.error) {
		ext_ack_attr(msg, &g->ext);
		ext_ack_pf(g, msg, &g->ext);
	}
	if (!w.error && w.dump_intr)
		w.error = GENL_DUMP_INTR;
out:
	nlmsg_free(msg);
	nl_cb_put(cb);
	return w.error;
}

static int family_reply(struct nl_msg *msg, void *arg)
{
	static const struct nla_policy policy[CTRL_ATTR_MAX + 1] = {
		[CTRL_ATTR_FAMILY_ID]	= { .type = NLA_U16 },
		[CTRL_ATTR_VERSION]	= { .type = NLA_U32 },
	};
	struct nlattr *tb[CTRL_ATTR_MAX + 1];
	struct vfctl_genl *g = arg;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, CTRL_ATTR_MAX, policy) < 0 ||
	    !tb[CTRL_ATTR_FAMILY_ID])
		return -EPROTO;
	g->family = nla_get_u16(tb[CTRL_ATTR_FAMILY_ID]);
	g->version = tb[CTRL_ATTR_VERSION] ?
		     nla_get_u32(tb[CTRL_ATTR_VERSION]) : 0;
	return 0;
}

/*
 * Looks vfmgr up by name through the controller, which also reports the
 * family's version. Returns -ENOENT when the module is not loaded.
 */
int genl_resolve(struct vfctl_genl *g)
{
	struct nl_msg *msg;

	msg = genl_msg_new(GENL_ID_CTRL, GENL_CTRL_VERSION, CTRL_CMD_GETFAMILY, 0);
	if (!msg)
		return -ENOMEM;
	if (nla_put_string(msg, CTRL_ATTR_FAMILY_NAME, VFCTL_GENL_FAMILY) < 0) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	return genl_request(g, msg, family_reply, g);
}

/* genl_open() and genl_resolve(); -ENOENT: the module is not loaded. */
int genl_open_family(struct vfctl_genl *g)
{
	int err = genl_open(g);

	if (!err)
		err = genl_resolve(g);
	if (err)
		genl_close(g);
	return err;
}

/*
 * One connection serves every command of a process, so a batch file of a
 * thousand lines opens one socket and asks the controller for vfmgr once.
 * Only a success is kept: a later line may load the module (pf claim).
 */
static struct vfctl_genl shared;
static bool shared_open;

/*
 * The process's connection to vfmgr, opened on first use and again after a
 * request that left its answer half read. Returns 0 or a negative errno,
 * -ENOENT when the module is not loaded.
 */
int genl_shared(struct vfctl_genl **g)
{
	int err;

	if (shared_open && shared.broken)
		genl_shared_close();
	if (!shared_open) {
		err = genl_open_family(&shared);
		if (err)
			return err;
		shared_open = true;
	}
	*g = &shared;
	return 0;
}

void genl_shared_close(void)
{
	if (shared_open)
		genl_close(&shared);
	shared_open = false;
}
