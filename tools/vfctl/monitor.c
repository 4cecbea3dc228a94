// SPDX-License-Identifier: GPL-2.0
/*
 * "vfctl monitor": join the vfmgr family's "events" multicast group and
 * print each vf-event as one line (event.c has the formats) until SIGINT
 * or SIGTERM, which end it with status 0.
 *
 * Events are read straight from the socket, not through nl_recvmsgs():
 * libnl retries recvmsg() on EINTR, so a signal could never end the wait,
 * and it reports a receive buffer overrun (ENOBUFS) as NLE_NOMEM, the same
 * as running out of memory. An overrun loses events but not the socket:
 * it is reported on stderr and monitoring goes on.
 *
 * The socket carries nothing but notifications once it joined the group,
 * so there are no sequence numbers to check: a message counts if the
 * kernel sent it and it is a vf-event of vfmgr.
 */
#define _GNU_SOURCE		/* ppoll() */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/vfmgr.h>

#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>
#include <netlink/socket.h>

#include "event.h"
#include "genl.h"
#include "vfctl.h"

/*
 * Events come in bursts (numvfs 7 on two ports: creation, binding and a
 * reset for each VF), and a slow reader of the pipe must not lose them.
 */
#define MONITOR_RCVBUF	(8 << 20)

/* One notification is small; more than this is not a vf-event. */
#define MONITOR_MSG_MAX	32768

static volatile sig_atomic_t monitor_stop;

static void on_signal(int sig)
{
	monitor_stop = sig;
}

/* Root may go past net.core.rmem_max; others get what it allows. */
static void monitor_rcvbuf(int fd)
{
	int size = MONITOR_RCVBUF;

	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)))
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
}

/* Joins vfmgr's events group on g's socket; reports its own failures. */
static int monitor_join(struct vfctl_genl *g)
{
	int grp, fd;

	grp = genl_ctrl_resolve_grp(g->sk, VFCTL_GENL_FAMILY, VFMGR_MCGRP_EVENTS);
	if (grp == -NLE_OBJ_NOTFOUND) {
		vfctl_err("monitor: the vfmgr module has no \"%s\" multicast group (it is older than this vfctl)",
			  VFMGR_MCGRP_EVENTS);
		return VFCTL_FAIL;
	}
	if (grp < 0) {
		vfctl_err("monitor: cannot look up the \"%s\" multicast group: %s",
			  VFMGR_MCGRP_EVENTS, nl_geterror(grp));
		return VFCTL_FAIL;
	}
	fd = nl_socket_get_fd(g->sk);
	monitor_rcvbuf(fd);
	if (setsockopt(fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &grp, sizeof(grp))) {
		if (errno == EPERM)
			vfctl_err("monitor: %s (needs CAP_NET_ADMIN)", strerror(errno));
		else
			vfctl_err("monitor: cannot join the \"%s\" multicast group: %s",
				  VFMGR_MCGRP_EVENTS, strerror(errno));
		return VFCTL_FAIL;
	}
	return VFCTL_OK;
}

/* Prints the vf-events in one datagram; VFCTL_FAIL if stdout failed. */
static int monitor_print(const struct vfctl_genl *g, void *buf, int len)
{
	struct nlmsghdr *nlh;
	struct vf_event ev;

	for (nlh = buf; nlmsg_ok(nlh, len); nlh = nlmsg_next(nlh, &len)) {
		if (nlh->nlmsg_type != g->family ||
		    !genlmsg_valid_hdr(nlh, 0) ||
		    genlmsg_hdr(nlh)->cmd != VFMGR_CMD_VF_EVENT)
			continue;
		if (vf_event_parse(nlh, &ev)) {
			vfctl_err("monitor: warning: skipped a malformed vf-event");
			continue;
		}
		if (vfctl_opts.json)
			vf_event_json(stdout, &ev);
		else
			vf_event_text(stdout, &ev);
		/* A reader at the other end of a pipe sees each event at once. */
		if (fflush(stdout) || ferror(stdout)) {
			vfctl_err("monitor: cannot write output: %s", strerror(errno));
			return VFCTL_FAIL;
		}
	}
	return VFCTL_OK;
}

/*
 * Waits for events with SIGINT and SIGTERM blocked except inside ppoll(),
 * so a signal either ends the wait or is seen by the check before it.
 */
static int monitor_loop(const struct vfctl_genl *g, const sigset_t *wait_mask)
{
	static union {
		struct nlmsghdr align;
		char buf[MONITOR_MSG_MAX];
	} u;
	struct sockaddr_nl from;
	socklen_t from_len;
	struct pollfd pfd = { .fd = nl_socket_get_fd(g->sk), .events = POLLIN };
	ssize_t n;

	while (!monitor_stop) {
		if (ppoll(&pfd, 1, NULL, wait_mask) < 0) {
			if (errno == EINTR)
				continue;
			vfctl_err("monitor: poll: %s", strerror(errno));
			return VFCTL_FAIL;
		}
		from_len = sizeof(from);
		n = recvfrom(pfd.fd, u.buf, sizeof(u.buf), MSG_DONTWAIT | MSG_TRUNC,
			     (struct sockaddr *)&from, &from_len);
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			continue;
		if (n < 0 && errno == ENOBUFS) {
			vfctl_err("monitor: warning: events were lost (receive buffer overrun)");
			continue;
		}
		if (n < 0) {
			vfctl_err("monitor: receive: %s", strerror(errno));
			return VFCTL_FAIL;
		}
		if ((size_t)n > sizeof(u.buf)) {
			vfctl_err("monitor: warning: skipped a message of %zd bytes", n);
			continue;
		}
		/* Only the kernel speaks for vfmgr. */
		if (from.nl_pid)
			continue;
		if (monitor_print(g, u.buf, (int)n))
			return VFCTL_FAIL;
	}
	return VFCTL_OK;
}

int monitor(int argc __maybe_unused, char **argv __maybe_unused)
{
	struct sigaction sa = { .sa_handler = on_signal }, old_int, old_term;
	sigset_t block, old_mask, wait_mask;
	struct vfctl_genl g;
	int err, ret;

	/* A socket of its own: it is never used for requests again. */
	err = genl_open_family(&g);
	if (err == -ENOENT) {
		vfctl_err("vfmgr module not loaded (no \"%s\" generic netlink family)",
			  VFCTL_GENL_FAMILY);
		return VFCTL_FAIL;
	}
	if (err) {
		vfctl_err("monitor: cannot reach the %s generic netlink family: %s",
			  VFCTL_GENL_FAMILY, strerror(-err));
		return VFCTL_FAIL;
	}
	ret = monitor_join(&g);
	if (ret)
		goto out;

	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigprocmask(SIG_BLOCK, &block, &old_mask);
	wait_mask = old_mask;
	sigdelset(&wait_mask, SIGINT);
	sigdelset(&wait_mask, SIGTERM);
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	monitor_stop = 0;

	ret = monitor_loop(&g, &wait_mask);

	/* In a batch file, the lines after this one run as usual. */
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	sigprocmask(SIG_SETMASK, &old_mask, NULL);
out:
	genl_close(&g);
	return ret;
}
