// SPDX-License-Identifier: GPL-2.0
/*
 * Out-of-line parts of compat.h, for kernels older than the API the
 * driver is written against.  On a kernel that has everything, this file
 * compiles to nothing.
 */
#include <linux/atomic.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include <net/netlink.h>

#ifdef VFMGR_COMPAT_EXTACK_FMT

#define VFMGR_COMPAT_MSGS	16
#define VFMGR_COMPAT_MSG_LEN	80

/*
 * The last byte of each buffer is never written, so a reader always finds
 * the end of the string even while the buffer is being reused.
 */
static char vfmgr_compat_msgs[VFMGR_COMPAT_MSGS][VFMGR_COMPAT_MSG_LEN];
static atomic_t vfmgr_compat_msg_next = ATOMIC_INIT(0);

/**
 * vfmgr_compat_extack_msg - format an extack message
 * @fmt: printf format
 *
 * Context: any context.
 * Return: the message, valid until VFMGR_COMPAT_MSGS more are formatted.
 */
const char *vfmgr_compat_extack_msg(const char *fmt, ...)
{
	unsigned int i = (unsigned int)atomic_inc_return(&vfmgr_compat_msg_next);
	char *buf = vfmgr_compat_msgs[i % VFMGR_COMPAT_MSGS];
	va_list args;
	int len;

	va_start(args, fmt);
	len = vsnprintf(buf, VFMGR_COMPAT_MSG_LEN - 1, fmt, args);
	va_end(args);
	if (len >= VFMGR_COMPAT_MSG_LEN - 1)
		net_warn_ratelimited("truncated extack: %s\n", buf);
	do_trace_netlink_extack(buf);
	return buf;
}

#endif /* VFMGR_COMPAT_EXTACK_FMT */

#ifndef HAVE_GENL_SPLIT_OPS

#define VFMGR_COMPAT_CAPS (GENL_CMD_CAP_DO | GENL_CMD_CAP_DUMP | GENL_CMD_CAP_HASPOL)

/*
 * The family as generated (one entry per do or dump, as split ops) and
 * the merged table registered in its place.  The module has one family.
 */
static const struct genl_family *vfmgr_compat_family;
static const struct genl_ops *vfmgr_compat_split;
static unsigned int vfmgr_compat_n_split;
static struct genl_ops *vfmgr_compat_ops;

/* What the split ops give with no policy: no attribute at all. */
static const struct nla_policy vfmgr_compat_reject_all[] = {
	{ .type = NLA_REJECT },
	{ .type = NLA_REJECT },
};

static const struct genl_ops *vfmgr_compat_find(u8 cmd, u8 cap)
{
	unsigned int i;

	for (i = 0; i < vfmgr_compat_n_split; i++)
		if (vfmgr_compat_split[i].cmd == cmd && vfmgr_compat_split[i].flags & cap)
			return &vfmgr_compat_split[i];
	return NULL;
}

/*
 * The core parsed the request with the merged operation's policy, the
 * widest of the command's; check it against the policy of the do or
 * dump entry itself, as split ops do.
 */
static int vfmgr_compat_validate(const struct genl_ops *op, const struct nlmsghdr *nlh,
				 struct netlink_ext_ack *extack)
{
	int hdrlen = GENL_HDRLEN + vfmgr_compat_family->hdrsize;
	const struct nla_policy *policy = op->policy;
	unsigned int maxattr = op->maxattr;

	if (!policy) {
		policy = vfmgr_compat_reject_all;
		maxattr = ARRAY_SIZE(vfmgr_compat_reject_all) - 1;
	}
	return __nla_validate(nlmsg_attrdata(nlh, hdrlen), nlmsg_attrlen(nlh, hdrlen),
			      maxattr, policy, NL_VALIDATE_STRICT, extack);
}

static int vfmgr_compat_doit(struct sk_buff *skb, struct genl_info *info)
{
	const struct genl_ops *op = vfmgr_compat_find(info->genlhdr->cmd, GENL_CMD_CAP_DO);
	int err;

	if (WARN_ON_ONCE(!op))
		return -EOPNOTSUPP;
	err = vfmgr_compat_validate(op, info->nlhdr, info->extack);
	if (err)
		return err;
	return op->doit(skb, info);
}

/* Runs before the first dumpit; an error here answers the request. */
static int vfmgr_compat_start(struct netlink_callback *cb)
{
	const struct genl_ops *op = vfmgr_compat_find(genl_dumpit_info(cb)->op.cmd,
						      GENL_CMD_CAP_DUMP);
	int err;

	if (WARN_ON_ONCE(!op))
		return -EOPNOTSUPP;
	err = vfmgr_compat_validate(op, cb->nlh, cb->extack);
	if (err)
		return err;
	return op->start ? op->start(cb) : 0;
}

static bool vfmgr_compat_same_policy(const struct genl_ops *a, const struct genl_ops *b)
{
	return a->policy == b->policy && a->maxattr == b->maxattr;
}

/* Merge the split entry @s into the command's operation @o. */
static void vfmgr_compat_merge(struct genl_ops *o, const struct genl_ops *s)
{
	o->cmd = s->cmd;
	o->flags |= s->flags & ~VFMGR_COMPAT_CAPS;
	o->internal_flags |= s->internal_flags;
	o->validate |= s->validate;
	if (s->flags & GENL_CMD_CAP_DO) {
		o->doit = s->doit;
	} else {
		o->start = s->start;
		o->dumpit = s->dumpit;
		o->done = s->done;
	}
	if (s->policy && s->maxattr > o->maxattr) {
		o->policy = s->policy;
		o->maxattr = s->maxattr;
	}
}

/**
 * vfmgr_compat_genl_register_family - genl_register_family() for split ops
 * @family: the family, its ops and n_ops holding the split table
 *
 * Registers the family with one operation per command.  A do or dump
 * whose policy is not the one the core parses with is checked again
 * against its own before its callback runs.
 *
 * Context: module init (the family may be __ro_after_init).
 * Return: 0 or a negative errno.
 */
int vfmgr_compat_genl_register_family(struct genl_family *family)
{
	const struct genl_ops *split = family->ops;
	unsigned int n = family->n_ops, m = 0, i, j;
	struct genl_ops *ops;
	int err;

	if (WARN_ON(vfmgr_compat_family))
		return -EBUSY;
	ops = kcalloc(n, sizeof(*ops), GFP_KERNEL);
	if (!ops)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		for (j = 0; j < m && ops[j].cmd != split[i].cmd; j++)
			;
		if (j == m)
			m++;
		vfmgr_compat_merge(&ops[j], &split[i]);
	}

	vfmgr_compat_family = family;
	vfmgr_compat_split = split;
	vfmgr_compat_n_split = n;
	for (j = 0; j < m; j++) {
		const struct genl_ops *d = vfmgr_compat_find(ops[j].cmd, GENL_CMD_CAP_DO);
		const struct genl_ops *s = vfmgr_compat_find(ops[j].cmd, GENL_CMD_CAP_DUMP);

		if (d && !vfmgr_compat_same_policy(d, &ops[j]))
			ops[j].doit = vfmgr_compat_doit;
		if (s && !vfmgr_compat_same_policy(s, &ops[j]))
			ops[j].start = vfmgr_compat_start;
	}

	family->ops = ops;
	family->n_ops = m;
	err = (genl_register_family)(family);
	if (err) {
		family->ops = split;
		family->n_ops = n;
		vfmgr_compat_family = NULL;
		kfree(ops);
		return err;
	}
	vfmgr_compat_ops = ops;
	return 0;
}

/**
 * vfmgr_compat_genl_unregister_family - undo vfmgr_compat_genl_register_family()
 * @family: the family
 *
 * Context: module init or exit.
 * Return: 0 or a negative errno.
 */
int vfmgr_compat_genl_unregister_family(const struct genl_family *family)
{
	int err = (genl_unregister_family)(family);

	if (!err && family == vfmgr_compat_family) {
		kfree(vfmgr_compat_ops);
		vfmgr_compat_ops = NULL;
		vfmgr_compat_family = NULL;
	}
	return err;
}

#endif /* HAVE_GENL_SPLIT_OPS */
