// SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause)
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/vfmgr.yaml */
/* YNL-GEN kernel source */

#include <net/netlink.h>
#include <net/genetlink.h>

#include "netlink-gen.h"

#include <uapi/linux/vfmgr.h>

/* Integer value ranges */
static const struct netlink_range_validation vfmgr_a_vf_max_tx_rate_range = {
	.max	= 100000ULL,
};

static const struct netlink_range_validation vfmgr_a_vf_max_frame_range = {
	.max	= 65535ULL,
};

/* VFMGR_CMD_PF_GET - do */
static const struct nla_policy vfmgr_pf_get_nl_policy[VFMGR_A_PF_PCI + 1] = {
	[VFMGR_A_PF_PCI] = { .type = NLA_NUL_STRING, .len = 31, },
};

/* VFMGR_CMD_VF_GET - do */
static const struct nla_policy vfmgr_vf_get_do_nl_policy[VFMGR_A_VF_ID + 1] = {
	[VFMGR_A_VF_PF_PCI] = { .type = NLA_NUL_STRING, .len = 31, },
	[VFMGR_A_VF_ID] = NLA_POLICY_MAX(NLA_U32, 255),
};

/* VFMGR_CMD_VF_GET - dump */
static const struct nla_policy vfmgr_vf_get_dump_nl_policy[VFMGR_A_VF_PF_PCI + 1] = {
	[VFMGR_A_VF_PF_PCI] = { .type = NLA_NUL_STRING, .len = 31, },
};

/* VFMGR_CMD_VF_SET - do */
static const struct nla_policy vfmgr_vf_set_nl_policy[VFMGR_A_VF_MAX_FRAME + 1] = {
	[VFMGR_A_VF_PF_PCI] = { .type = NLA_NUL_STRING, .len = 31, },
	[VFMGR_A_VF_ID] = NLA_POLICY_MAX(NLA_U32, 255),
	[VFMGR_A_VF_MAC] = NLA_POLICY_EXACT_LEN(6),
	[VFMGR_A_VF_VLAN] = NLA_POLICY_MAX(NLA_U16, 4095),
	[VFMGR_A_VF_QOS] = NLA_POLICY_MAX(NLA_U8, 7),
	[VFMGR_A_VF_SPOOFCHK] = NLA_POLICY_MAX(NLA_U8, 1),
	[VFMGR_A_VF_TRUST] = NLA_POLICY_MAX(NLA_U8, 1),
	[VFMGR_A_VF_LINK_STATE] = NLA_POLICY_MAX(NLA_U32, 2),
	[VFMGR_A_VF_MAX_TX_RATE] = NLA_POLICY_FULL_RANGE(NLA_U32, &vfmgr_a_vf_max_tx_rate_range),
	[VFMGR_A_VF_MAX_FRAME] = NLA_POLICY_FULL_RANGE(NLA_U32, &vfmgr_a_vf_max_frame_range),
};

/* Ops table for vfmgr */
static const struct genl_split_ops vfmgr_nl_ops[] = {
	{
		.cmd		= VFMGR_CMD_PF_GET,
		.doit		= vfmgr_nl_pf_get_doit,
		.policy		= vfmgr_pf_get_nl_policy,
		.maxattr	= VFMGR_A_PF_PCI,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd	= VFMGR_CMD_PF_GET,
		.dumpit	= vfmgr_nl_pf_get_dumpit,
		.flags	= GENL_ADMIN_PERM | GENL_CMD_CAP_DUMP,
	},
	{
		.cmd		= VFMGR_CMD_VF_GET,
		.doit		= vfmgr_nl_vf_get_doit,
		.policy		= vfmgr_vf_get_do_nl_policy,
		.maxattr	= VFMGR_A_VF_ID,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= VFMGR_CMD_VF_GET,
		.dumpit		= vfmgr_nl_vf_get_dumpit,
		.policy		= vfmgr_vf_get_dump_nl_policy,
		.maxattr	= VFMGR_A_VF_PF_PCI,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DUMP,
	},
	{
		.cmd		= VFMGR_CMD_VF_SET,
		.doit		= vfmgr_nl_vf_set_doit,
		.policy		= vfmgr_vf_set_nl_policy,
		.maxattr	= VFMGR_A_VF_MAX_FRAME,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
};

struct genl_family vfmgr_nl_family __ro_after_init = {
	.name		= VFMGR_FAMILY_NAME,
	.version	= VFMGR_FAMILY_VERSION,
	.netnsok	= true,
	.parallel_ops	= true,
	.module		= THIS_MODULE,
	.split_ops	= vfmgr_nl_ops,
	.n_split_ops	= ARRAY_SIZE(vfmgr_nl_ops),
};
