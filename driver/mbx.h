/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The PF<->VF mailbox protocol of the 82576, as the stock igbvf driver
 * speaks it.  One 16-word buffer per VF carries a request one way and
 * the reply the other.  Word 0 holds the message type, an info byte and
 * the reply flags; there is no version negotiation.
 */
#ifndef _VFMGR_MBX_H
#define _VFMGR_MBX_H

#include <linux/bits.h>

#define VFMGR_MBX_WORDS		16

/* Word 0 */
#define VFMGR_MBX_TYPE		GENMASK(15, 0)
#define VFMGR_MBX_INFO		GENMASK(23, 16)
#define VFMGR_MBX_CTS		BIT(29)	/* PF: the VF may send requests */
#define VFMGR_MBX_NACK		BIT(30)
#define VFMGR_MBX_ACK		BIT(31)

/* Requests from the VF */
#define VFMGR_MBX_VF_RESET	0x01	/* reply: 3 words, MAC in 1-2 */
#define VFMGR_MBX_SET_MAC_ADDR	0x02	/* info: 0 primary, 1 clear filters, 2 add filter */
#define   VFMGR_MBX_MAC_PRIMARY	0
#define   VFMGR_MBX_MAC_FILTER_CLR 1
#define   VFMGR_MBX_MAC_FILTER_ADD 2
#define VFMGR_MBX_SET_MULTICAST	0x03	/* info: hash count; words 1.. hold u16 hashes */
#define   VFMGR_MBX_MC_HASHES	30
#define VFMGR_MBX_SET_VLAN	0x04	/* info: 1 add, 0 remove; word 1: VID */
#define VFMGR_MBX_SET_LPE	0x05	/* word 1: largest frame, bytes */
#define VFMGR_MBX_SET_PROMISC	0x06	/* info: flags below */
#define   VFMGR_MBX_PROMISC_UNICAST	BIT(0)
#define   VFMGR_MBX_PROMISC_MULTICAST	BIT(1)

/* Notice from the PF */
#define VFMGR_MBX_PF_CONTROL	0x0100

#endif /* _VFMGR_MBX_H */
