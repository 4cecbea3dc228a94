/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Intel 82576 register offsets and bits used by vfmgr.  Offsets are from
 * BAR0 of the physical function.
 */
#ifndef _VFMGR_HW_82576_REGS_H
#define _VFMGR_HW_82576_REGS_H

#include <linux/bits.h>
#include <linux/types.h>

#define VFMGR_82576_DEV_ID_PF	0x10c9
#define VFMGR_82576_DEV_ID_VF	0x10ca

/* Pools: VF n owns pool n (queues n and n + 8); pool 7 is the PF's. */
#define VFMGR_82576_POOLS	8
#define VFMGR_82576_MAX_VFS	7
#define VFMGR_82576_PF_POOL	7
#define VFMGR_82576_RAR_ENTRIES	24
#define VFMGR_82576_VLVF_ENTRIES 32
#define VFMGR_82576_MTA_REGS	128
#define VFMGR_82576_VFTA_REGS	128
#define VFMGR_82576_UTA_REGS	128
#define VFMGR_82576_MBX_WORDS	16

/* General */
#define VFMGR_REG_CTRL		0x00000
#define   VFMGR_CTRL_SLU	BIT(6)
#define   VFMGR_CTRL_RST	BIT(26)
#define   VFMGR_CTRL_VME	BIT(30)
#define VFMGR_REG_STATUS	0x00008
#define   VFMGR_STATUS_FD	BIT(0)
#define   VFMGR_STATUS_LU	BIT(1)
#define   VFMGR_STATUS_SPEED	GENMASK(7, 6)
#define   VFMGR_STATUS_SPEED_100	1
#define   VFMGR_STATUS_SPEED_1000	2
#define VFMGR_REG_EERD		0x00014
#define   VFMGR_EERD_START	BIT(0)
#define   VFMGR_EERD_DONE	BIT(1)
#define   VFMGR_EERD_ADDR	GENMASK(15, 2)
#define   VFMGR_EERD_DATA	GENMASK(31, 16)
#define VFMGR_REG_CTRL_EXT	0x00018
#define   VFMGR_CTRL_EXT_PFRSTD	BIT(14)
#define   VFMGR_CTRL_EXT_DRV_LOAD BIT(28)
#define VFMGR_REG_MDIC		0x00020
#define   VFMGR_MDIC_REG(r)	((r) << 16)
#define   VFMGR_MDIC_PHY(a)	((a) << 21)
#define   VFMGR_MDIC_OP_WRITE	BIT(26)
#define   VFMGR_MDIC_READY	BIT(28)
#define   VFMGR_MDIC_ERROR	BIT(30)
#define VFMGR_REG_VET		0x00038

/*
 * NVM (EEPROM) words, 16 bits each.  The image version word is
 * major (15:12), minor (11:4) and image id (3:0) unless the two EETRACK
 * words hold an id, marked by 0x8 in the top nibble of the high word;
 * then the minor is two decimal digits written as hex nibbles.
 */
#define VFMGR_NVM_VERSION	0x05
#define   VFMGR_NVM_VER_MAJOR	GENMASK(15, 12)
#define   VFMGR_NVM_VER_MINOR	GENMASK(11, 4)
#define   VFMGR_NVM_VER_IMAGE	GENMASK(3, 0)
#define   VFMGR_NVM_VER_NEW_DEC	GENMASK(11, 8)
#define   VFMGR_NVM_VER_MINOR_OLD GENMASK(7, 0)
#define VFMGR_NVM_ETRACK_LO	0x42
#define VFMGR_NVM_ETRACK_HI	0x43
#define   VFMGR_NVM_ETRACK_MARK	GENMASK(15, 12)
#define   VFMGR_NVM_ETRACK_VALID 0x8

/* Interrupts */
#define VFMGR_REG_ICR		0x000c0
#define VFMGR_REG_IMS		0x000d0
#define VFMGR_REG_IMC		0x000d8
#define   VFMGR_ICR_LSC		BIT(2)
#define   VFMGR_ICR_VMMB	BIT(8)
#define   VFMGR_ICR_DOUTSYNC	BIT(28)
#define VFMGR_REG_GPIE		0x01514
#define   VFMGR_GPIE_NSICR	BIT(0)
#define   VFMGR_GPIE_MSIX_MODE	BIT(4)
#define   VFMGR_GPIE_EIAME	BIT(30)
#define   VFMGR_GPIE_PBA	BIT(31)
#define VFMGR_REG_EICS		0x01520
#define VFMGR_REG_EIMS		0x01524
#define VFMGR_REG_EIMC		0x01528
#define VFMGR_REG_EIAC		0x0152c
#define VFMGR_REG_EIAM		0x01530
#define VFMGR_REG_EICR		0x01580
#define VFMGR_REG_EITR(n)	(0x01680 + 4 * (n))
#define VFMGR_REG_IVAR0(n)	(0x01700 + 4 * (n))
#define VFMGR_REG_IVAR_MISC	0x01740
#define   VFMGR_IVAR_VALID	0x80

/* Receive */
#define VFMGR_REG_RCTL		0x00100
#define   VFMGR_RCTL_EN		BIT(1)
#define   VFMGR_RCTL_UPE	BIT(3)
#define   VFMGR_RCTL_MPE	BIT(4)
#define   VFMGR_RCTL_LPE	BIT(5)
#define   VFMGR_RCTL_RDMTS_HALF	0
#define   VFMGR_RCTL_BAM	BIT(15)
#define   VFMGR_RCTL_VFE	BIT(18)
#define   VFMGR_RCTL_SECRC	BIT(26)
#define VFMGR_REG_RLPML		0x05004
#define VFMGR_REG_RXCSUM	0x05000
#define VFMGR_REG_MTA(n)	(0x05200 + 4 * (n))
#define VFMGR_REG_VFTA(n)	(0x05600 + 4 * (n))
#define VFMGR_REG_MRQC		0x05818
#define   VFMGR_MRQC_VMDQ	3
#define VFMGR_REG_VT_CTL	0x0581c
#define   VFMGR_VT_CTL_DEF_PL_SHIFT 7
#define   VFMGR_VT_CTL_DIS_DEF_POOL BIT(29)
#define   VFMGR_VT_CTL_VM_REPL_EN BIT(30)
#define VFMGR_REG_QDE		0x02408
#define VFMGR_REG_UTA(n)	(0x0a000 + 4 * (n))

/* Per-queue registers: queues 0-3 and 4-15 sit in two blocks. */
static inline u32 vfmgr_rxq_reg(unsigned int q, u32 lo, u32 hi)
{
	return q < 4 ? lo + 0x100 * q : hi + 0x40 * (q - 4);
}

#define VFMGR_REG_RDBAL(q)	vfmgr_rxq_reg(q, 0x02800, 0x0c100)
#define VFMGR_REG_RDBAH(q)	vfmgr_rxq_reg(q, 0x02804, 0x0c104)
#define VFMGR_REG_RDLEN(q)	vfmgr_rxq_reg(q, 0x02808, 0x0c108)
#define VFMGR_REG_SRRCTL(q)	vfmgr_rxq_reg(q, 0x0280c, 0x0c10c)
#define   VFMGR_SRRCTL_BSIZEPKT_1K 1
#define   VFMGR_SRRCTL_DESCTYPE_ADV_ONEBUF BIT(25)
#define   VFMGR_SRRCTL_DROP_EN	BIT(31)
#define VFMGR_REG_RDH(q)	vfmgr_rxq_reg(q, 0x02810, 0x0c110)
#define VFMGR_REG_RDT(q)	vfmgr_rxq_reg(q, 0x02818, 0x0c118)
#define VFMGR_REG_RXDCTL(q)	vfmgr_rxq_reg(q, 0x02828, 0x0c128)
#define VFMGR_REG_TDBAL(q)	vfmgr_rxq_reg(q, 0x03800, 0x0e100)
#define VFMGR_REG_TDBAH(q)	vfmgr_rxq_reg(q, 0x03804, 0x0e104)
#define VFMGR_REG_TDLEN(q)	vfmgr_rxq_reg(q, 0x03808, 0x0e108)
#define VFMGR_REG_TDH(q)	vfmgr_rxq_reg(q, 0x03810, 0x0e110)
#define VFMGR_REG_TDT(q)	vfmgr_rxq_reg(q, 0x03818, 0x0e118)
#define VFMGR_REG_TXDCTL(q)	vfmgr_rxq_reg(q, 0x03828, 0x0e128)
#define   VFMGR_XDCTL_ENABLE	BIT(25)

/* Transmit */
#define VFMGR_REG_TCTL		0x00400
#define   VFMGR_TCTL_EN		BIT(1)
#define   VFMGR_TCTL_PSP	BIT(3)
#define   VFMGR_TCTL_CT		(0xf << 4)
#define   VFMGR_TCTL_RTLC	BIT(24)

/* Virtualization */
#define VFMGR_REG_DTXSWC	0x03500
#define   VFMGR_DTXSWC_MAC_SPOOF(pool)	BIT(pool)
#define   VFMGR_DTXSWC_VLAN_SPOOF(pool)	BIT(8 + (pool))
#define   VFMGR_DTXSWC_LOOPBACK_EN	BIT(31)
#define VFMGR_REG_DTXCTL	0x03590
#define   VFMGR_DTXCTL_VLAN_ADDED BIT(3)
#define VFMGR_REG_RTTDQSEL	0x03604
#define VFMGR_REG_RTTBCNRM	0x03690
#define VFMGR_REG_RTTBCNRC	0x036b0
#define   VFMGR_RTTBCNRC_RS_ENA	BIT(31)
#define   VFMGR_RTTBCNRC_RF_INT_SHIFT 14
#define   VFMGR_RTTBCNRC_RF_DEC	GENMASK(13, 0)
#define VFMGR_REG_VMVIR(pool)	(0x03700 + 4 * (pool))
#define   VFMGR_VMVIR_VLANA_DEFAULT BIT(30)
#define VFMGR_REG_VMOLR(pool)	(0x05ad0 + 4 * (pool))
#define   VFMGR_VMOLR_RLPML	GENMASK(13, 0)
#define   VFMGR_VMOLR_LPE	BIT(16)
#define   VFMGR_VMOLR_AUPE	BIT(24)
#define   VFMGR_VMOLR_ROMPE	BIT(25)
#define   VFMGR_VMOLR_ROPE	BIT(26)
#define   VFMGR_VMOLR_BAM	BIT(27)
#define   VFMGR_VMOLR_MPME	BIT(28)
#define   VFMGR_VMOLR_STRVLAN	BIT(30)
#define   VFMGR_VMOLR_STRCRC	BIT(31)
#define VFMGR_REG_RPLOLR	0x05af0
#define   VFMGR_RPLOLR_STRVLAN	BIT(30)
#define VFMGR_REG_VLVF(n)	(0x05d00 + 4 * (n))
#define   VFMGR_VLVF_VID	GENMASK(11, 0)
#define   VFMGR_VLVF_POOLSEL(pool) BIT(12 + (pool))
#define   VFMGR_VLVF_POOLSEL_MASK GENMASK(19, 12)
#define   VFMGR_VLVF_VLANID_EN	BIT(31)
#define VFMGR_REG_VFRE		0x00c8c
#define VFMGR_REG_VFTE		0x00c90
#define VFMGR_REG_WVBR		0x03554
#define VFMGR_REG_IOVCTL	0x05bbc

/* PF<->VF mailbox */
#define VFMGR_REG_P2VMAILBOX(vf) (0x00c00 + 4 * (vf))
#define   VFMGR_P2VMB_STS	BIT(0)
#define   VFMGR_P2VMB_ACK	BIT(1)
#define   VFMGR_P2VMB_VFU	BIT(2)
#define   VFMGR_P2VMB_PFU	BIT(3)
#define   VFMGR_P2VMB_RVFU	BIT(4)
#define VFMGR_REG_VMBMEM(vf)	(0x00800 + 0x40 * (vf))
#define VFMGR_REG_MBVFICR	0x00c80
#define   VFMGR_MBVFICR_VFREQ(vf) BIT(vf)
#define   VFMGR_MBVFICR_VFACK(vf) BIT(16 + (vf))
#define VFMGR_REG_MBVFIMR	0x00c84
#define VFMGR_REG_VFLRE		0x00c88

/* Statistics (clear on read) */
#define VFMGR_REG_CRCERRS	0x04000
#define VFMGR_REG_MPC		0x04010
#define VFMGR_REG_GPRC		0x04074
#define VFMGR_REG_BPRC		0x04078
#define VFMGR_REG_MPRC		0x0407c
#define VFMGR_REG_GPTC		0x04080
#define VFMGR_REG_GORCL		0x04088
#define VFMGR_REG_GORCH		0x0408c
#define VFMGR_REG_GOTCL		0x04090
#define VFMGR_REG_GOTCH		0x04094

/* Per-VF counters, PF view (not cleared on read) */
#define VFMGR_REG_PVFGPRC(vf)	(0x10010 + 0x100 * (vf))
#define VFMGR_REG_PVFGPTC(vf)	(0x10014 + 0x100 * (vf))
#define VFMGR_REG_PVFGORC(vf)	(0x10018 + 0x100 * (vf))
#define VFMGR_REG_PVFGOTC(vf)	(0x10034 + 0x100 * (vf))
#define VFMGR_REG_PVFMPRC(vf)	(0x1003c + 0x100 * (vf))

/*
 * Receive address (station MAC) filters, 24 of them: the low 32 bits, then
 * the high 16 bits with the valid flag and pool select.  Entries 16 and up
 * sit in a second block.
 */
static inline u32 vfmgr_reg_ral(unsigned int i)
{
	return i < 16 ? 0x05400 + 8 * i : 0x054e0 + 8 * (i - 16);
}

static inline u32 vfmgr_reg_rah(unsigned int i)
{
	return vfmgr_reg_ral(i) + 4;
}

#define VFMGR_RAH_POOL(pool)	BIT(18 + (pool))
#define VFMGR_RAH_POOL_MASK	GENMASK(25, 18)
#define VFMGR_RAH_AV		BIT(31)

/* Advanced descriptors */
struct vfmgr_adv_tx_desc {
	__le64 addr;
	__le32 cmd_type_len;
	__le32 olinfo_status;
};

#define VFMGR_TXD_DTYP_DATA	(3 << 20)
#define VFMGR_TXD_CMD_EOP	BIT(24)
#define VFMGR_TXD_CMD_IFCS	BIT(25)
#define VFMGR_TXD_CMD_RS	BIT(27)
#define VFMGR_TXD_CMD_DEXT	BIT(29)
#define VFMGR_TXD_PAYLEN_SHIFT	14
#define VFMGR_TXD_STAT_DD	BIT(0)

union vfmgr_adv_rx_desc {
	struct {
		__le64 pkt_addr;
		__le64 hdr_addr;
	} read;
	struct {
		__le32 info;
		__le32 rss;
		__le32 status_error;
		__le16 length;
		__le16 vlan;
	} wb;
};

#define VFMGR_RXD_STAT_DD	BIT(0)
#define VFMGR_RXD_STAT_EOP	BIT(1)
#define VFMGR_RXD_STAT_VP	BIT(3)
#define VFMGR_RXD_ERR_MASK	GENMASK(31, 20)

#endif /* _VFMGR_HW_82576_REGS_H */
