/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/vfmgr.yaml */
/* YNL-GEN uapi header */

#ifndef _UAPI_LINUX_VFMGR_H
#define _UAPI_LINUX_VFMGR_H

#define VFMGR_FAMILY_NAME	"vfmgr"
#define VFMGR_FAMILY_VERSION	1

/**
 * enum vfmgr_link_state - How a VF's link follows the port's (values as
 *   IFLA_VF_LINK_STATE_*).
 * @VFMGR_LINK_STATE_AUTO: The VF's link follows the port's.
 * @VFMGR_LINK_STATE_ENABLE: Up whenever possible (on the 82576 this is the
 *   same as auto).
 * @VFMGR_LINK_STATE_DISABLE: Down; the VF may neither send nor receive.
 */
enum vfmgr_link_state {
	VFMGR_LINK_STATE_AUTO,
	VFMGR_LINK_STATE_ENABLE,
	VFMGR_LINK_STATE_DISABLE,
};

enum {
	VFMGR_A_PF_PCI = 1,
	VFMGR_A_PF_IFINDEX,
	VFMGR_A_PF_IFNAME,
	VFMGR_A_PF_NUM_VFS,
	VFMGR_A_PF_TOTAL_VFS,
	VFMGR_A_PF_LINK_UP,
	VFMGR_A_PF_LINK_SPEED,

	__VFMGR_A_PF_MAX,
	VFMGR_A_PF_MAX = (__VFMGR_A_PF_MAX - 1)
};

enum {
	VFMGR_A_VF_PF_PCI = 1,
	VFMGR_A_VF_ID,
	VFMGR_A_VF_PCI,
	VFMGR_A_VF_MAC,
	VFMGR_A_VF_CUR_MAC,
	VFMGR_A_VF_VLAN,
	VFMGR_A_VF_QOS,
	VFMGR_A_VF_SPOOFCHK,
	VFMGR_A_VF_TRUST,
	VFMGR_A_VF_LINK_STATE,
	VFMGR_A_VF_MAX_TX_RATE,
	VFMGR_A_VF_MAX_FRAME,
	VFMGR_A_VF_CTS,
	VFMGR_A_VF_DRIVER,
	VFMGR_A_VF_MBX_REQUESTS,
	VFMGR_A_VF_MBX_ACCEPTED,
	VFMGR_A_VF_MBX_REFUSED,
	VFMGR_A_VF_RESETS,
	VFMGR_A_VF_RX_PACKETS,
	VFMGR_A_VF_TX_PACKETS,
	VFMGR_A_VF_RX_BYTES,
	VFMGR_A_VF_TX_BYTES,
	VFMGR_A_VF_MULTICAST,

	__VFMGR_A_VF_MAX,
	VFMGR_A_VF_MAX = (__VFMGR_A_VF_MAX - 1)
};

enum {
	VFMGR_CMD_PF_GET = 1,
	VFMGR_CMD_VF_GET,
	VFMGR_CMD_VF_SET,

	__VFMGR_CMD_MAX,
	VFMGR_CMD_MAX = (__VFMGR_CMD_MAX - 1)
};

#endif /* _UAPI_LINUX_VFMGR_H */
