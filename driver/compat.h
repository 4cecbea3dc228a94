/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Force-included into every object of the module (see Kbuild).  Kernel
 * differences are handled here, so that the .c files are written against
 * one API: the newest.  The supported range (6.1 and newer) is stated in
 * dkms.conf.
 *
 * Every difference is decided by a feature probe, never by version
 * number: driver/compat-probe.sh compiles a small program per feature
 * against the target kernel and writes compat-probes.h, which defines
 * HAVE_<FEATURE> for what the kernel has.  Stable and distribution
 * kernels carry backports that their version numbers do not show:
 * Debian's 6.1 has the multicast group flags of 6.7, Debian's 6.12 has
 * device_set_driver_override().
 *
 * Out-of-line helpers are in compat.c.
 */
#ifndef _VFMGR_COMPAT_H
#define _VFMGR_COMPAT_H

/* The probes themselves compile against the bare kernel. */
#ifndef VFMGR_COMPAT_PROBE

#include "compat-probes.h"

/*
 * The events group must be closed to unprivileged listeners, and before
 * the group flags there is no way to do that (struct genl_family has no
 * bind callback from 5.x until 6.8): refuse to build rather than leak.
 */
#ifndef HAVE_GENL_MCAST_FLAGS
#error "vfmgr needs GENL_MCAST_CAP_NET_ADMIN (Linux 6.7, or a backport)"
#endif

/*
 * Policies point at const range tables since 6.2; before, the pointer was
 * not const but the tables were only ever read.
 */
#ifndef HAVE_NLA_CONST_RANGE
#include <net/netlink.h>
#undef NLA_POLICY_FULL_RANGE
#define NLA_POLICY_FULL_RANGE(tp, _range) {				\
	.type = NLA_ENSURE_UINT_OR_BINARY_TYPE(tp),			\
	.validation_type = NLA_VALIDATE_RANGE_PTR,			\
	.range = (struct netlink_range_validation *)(_range),		\
}
#endif

/*
 * Formatted extack messages (6.2).  Before, struct netlink_ext_ack has no
 * buffer of its own, so the message is formatted into one of a small ring
 * of buffers kept by compat.c; it is read when the request is answered,
 * long before the ring comes round again.
 */
#ifndef HAVE_NL_SET_ERR_MSG_FMT
#include <linux/netlink.h>
#define VFMGR_COMPAT_EXTACK_FMT

__printf(1, 2) const char *vfmgr_compat_extack_msg(const char *fmt, ...);

#define NL_SET_ERR_MSG_FMT(extack, fmt, args...) do {			\
	struct netlink_ext_ack *__extack = (extack);			\
									\
	if (__extack)							\
		__extack->_msg = vfmgr_compat_extack_msg(fmt, ##args);	\
} while (0)

#define NL_SET_ERR_MSG_ATTR_FMT(extack, attr, fmt, args...) do {	\
	struct netlink_ext_ack *__extack = (extack);			\
									\
	if (__extack) {							\
		__extack->_msg = vfmgr_compat_extack_msg(fmt, ##args);	\
		__extack->bad_attr = (attr);				\
		__extack->policy = NULL;				\
	}								\
} while (0)
#endif

/*
 * genl_info_dump() (6.6): a struct genl_info for dump callbacks.  Before,
 * the dump has only the parsed attributes; the info is filled in a
 * compound literal that lives until the end of the block the call is in,
 * so the result must not be kept beyond it (initialise a pointer at the
 * top of the dumpit, as netlink.c does).
 */
#ifndef HAVE_GENL_INFO_DUMP
#include <net/genetlink.h>
#include <net/sock.h>

static inline struct genl_info *
vfmgr_compat_genl_info_dump(struct genl_info *info, struct netlink_callback *cb)
{
	info->snd_seq = cb->nlh->nlmsg_seq;
	info->snd_portid = NETLINK_CB(cb->skb).portid;
	info->nlhdr = (struct nlmsghdr *)cb->nlh;
	info->genlhdr = nlmsg_data(cb->nlh);
	info->userhdr = nlmsg_data(cb->nlh) + GENL_HDRLEN;
	info->attrs = genl_dumpit_info(cb)->attrs;
	info->extack = cb->extack;
	genl_info_net_set(info, sock_net(cb->skb->sk));
	return info;
}

#define genl_info_dump(cb) vfmgr_compat_genl_info_dump(&(struct genl_info){}, (cb))
#endif

/*
 * Split operations (6.2): a do and a dump of one command are separate
 * entries, each with its own policy.  Before, a command is one struct
 * genl_ops with one policy for both.  The generated table is then
 * compiled as an array of struct genl_ops (same field names), one entry
 * per do or dump, and registering the family goes through compat.c,
 * which merges the entries per command and checks each request against
 * the policy of its own entry.  netlink.c calls genl_register_family()
 * and genl_unregister_family() as usual, from module init and exit.
 */
#ifndef HAVE_GENL_SPLIT_OPS
#include <net/genetlink.h>

#define genl_split_ops	genl_ops
#define split_ops	ops
#define n_split_ops	n_ops

int vfmgr_compat_genl_register_family(struct genl_family *family);
int vfmgr_compat_genl_unregister_family(const struct genl_family *family);

#define genl_register_family(family)	vfmgr_compat_genl_register_family(family)
#define genl_unregister_family(family)	vfmgr_compat_genl_unregister_family(family)
#endif

/*
 * device_set_driver_override(): driver_override kept in struct device.
 * Before, each bus kept its own; vfmgr sets it only on PCI devices.
 */
#ifndef HAVE_DEVICE_SET_DRIVER_OVERRIDE
#include <linux/pci.h>

static inline int vfmgr_compat_set_driver_override(struct device *dev, const char *s)
{
	if (WARN_ON_ONCE(!dev_is_pci(dev)))
		return -EINVAL;
	return driver_set_override(dev, &to_pci_dev(dev)->driver_override,
				   s ? s : "", s ? strlen(s) : 0);
}

#define device_set_driver_override(dev, s) vfmgr_compat_set_driver_override(dev, s)
#endif

/*
 * The driver's name in devlink info.  From 6.2 the core puts the name of
 * the bound driver itself and devlink_info_driver_name_put() is gone
 * (the helper went in the same series, so its presence is the probe);
 * before, each driver's info_get put it.  info_get calls this, which is
 * nothing on newer kernels.
 */
#ifdef HAVE_DEVLINK_INFO_DRIVER_NAME_PUT
#include <net/devlink.h>

static inline int vfmgr_compat_devlink_info_driver(struct devlink_info_req *req,
						   const char *name)
{
	return devlink_info_driver_name_put(req, name);
}
#else
struct devlink_info_req;

static inline int vfmgr_compat_devlink_info_driver(struct devlink_info_req *req,
						   const char *name)
{
	return 0;
}
#endif

/*
 * A devlink param's callbacks changed shape: set takes an extack since
 * 6.10, get one in newer kernels still, and validate there takes the
 * value by reference instead of by value.  devlink.c writes its
 * callbacks in the newest form and names them in its param table
 * through vfmgr_compat_param_get(), _set() and _validate();
 * VFMGR_COMPAT_PARAM_GET(), _SET() and _VALIDATE() after a callback
 * check its type and, on older kernels, define the adapter of the older
 * shape that calls it.
 */
#include <linux/build_bug.h>
#include <net/devlink.h>

typedef int vfmgr_compat_param_gset_fn(struct devlink *devlink, u32 id,
				       struct devlink_param_gset_ctx *ctx,
				       struct netlink_ext_ack *extack);
typedef int vfmgr_compat_param_validate_fn(struct devlink *devlink, u32 id,
					   union devlink_param_value *val,
					   struct netlink_ext_ack *extack);

/* A get or set callback checked; where the op has no extack, its adapter. */
#define VFMGR_COMPAT_PARAM_GSET(fn)						\
	static_assert(__builtin_types_compatible_p(typeof(fn), vfmgr_compat_param_gset_fn))
#define VFMGR_COMPAT_PARAM_GSET_NOEXTACK(fn)					\
static int fn##_noextack(struct devlink *devlink, u32 id,			\
			 struct devlink_param_gset_ctx *ctx)			\
{										\
	return fn(devlink, id, ctx, NULL);					\
}										\
static_assert(__builtin_types_compatible_p(typeof(fn), vfmgr_compat_param_gset_fn))

#ifdef HAVE_DEVLINK_PARAM_GET_EXTACK
#define VFMGR_COMPAT_PARAM_GET(fn)	VFMGR_COMPAT_PARAM_GSET(fn)
#define vfmgr_compat_param_get(fn)	fn
#else
#define VFMGR_COMPAT_PARAM_GET(fn)	VFMGR_COMPAT_PARAM_GSET_NOEXTACK(fn)
#define vfmgr_compat_param_get(fn)	fn##_noextack
#endif

#ifdef HAVE_DEVLINK_PARAM_SET_EXTACK
#define VFMGR_COMPAT_PARAM_SET(fn)	VFMGR_COMPAT_PARAM_GSET(fn)
#define vfmgr_compat_param_set(fn)	fn
#else
#define VFMGR_COMPAT_PARAM_SET(fn)	VFMGR_COMPAT_PARAM_GSET_NOEXTACK(fn)
#define vfmgr_compat_param_set(fn)	fn##_noextack
#endif

#ifdef HAVE_DEVLINK_PARAM_VALIDATE_REF
#define VFMGR_COMPAT_PARAM_VALIDATE(fn)						\
	static_assert(__builtin_types_compatible_p(typeof(fn), vfmgr_compat_param_validate_fn))
#define vfmgr_compat_param_validate(fn)	fn
#else
#define VFMGR_COMPAT_PARAM_VALIDATE(fn)						\
static int fn##_byval(struct devlink *devlink, u32 id,				\
		      union devlink_param_value val,				\
		      struct netlink_ext_ack *extack)				\
{										\
	return fn(devlink, id, &val, extack);					\
}										\
static_assert(__builtin_types_compatible_p(typeof(fn), vfmgr_compat_param_validate_fn))

#define vfmgr_compat_param_validate(fn)	fn##_byval
#endif

/*
 * A health reporter's graceful period (the least time between two
 * automatic recoveries) is a default in its ops in newer kernels, and
 * devlink_health_reporter_create() takes none.  Before, it is an
 * argument; vfmgr's reporters are created with the ops' default left at
 * 0, which is what is passed here.
 */
#ifndef HAVE_DEVLINK_HEALTH_OPS_GRACEFUL_PERIOD
#include <net/devlink.h>

#define devlink_health_reporter_create(devlink, ops, priv)			\
	((devlink_health_reporter_create)(devlink, ops, 0, priv))
#endif

#endif /* VFMGR_COMPAT_PROBE */
#endif /* _VFMGR_COMPAT_H */
