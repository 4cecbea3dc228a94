/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/vfmgr.yaml */
/* YNL-GEN kernel header */

#ifndef _LINUX_VFMGR_GEN_H
#define _LINUX_VFMGR_GEN_H

#include <net/netlink.h>
#include <net/genetlink.h>

#include <uapi/linux/vfmgr.h>

int vfmgr_nl_pf_get_doit(struct sk_buff *skb, struct genl_info *info);
int vfmgr_nl_pf_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int vfmgr_nl_vf_get_doit(struct sk_buff *skb, struct genl_info *info);
int vfmgr_nl_vf_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int vfmgr_nl_vf_set_doit(struct sk_buff *skb, struct genl_info *info);

extern struct genl_family vfmgr_nl_family;

#endif /* _LINUX_VFMGR_GEN_H */
