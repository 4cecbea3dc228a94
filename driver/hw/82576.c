// SPDX-License-Identifier: GPL-2.0
/*
 * Intel 82576 registers: reset, global pool switching, PF rings and
 * interrupts, filter tables.  Nothing above this file knows a register.
 *
 * Pool layout: VF n owns pool n (queues n and n + 8) as the hardware
 * fixes it; the PF keeps pool 7 (queues 7 and 15) whatever the number of
 * VFs, so creating or removing VFs never moves the PF's rings and its
 * traffic keeps flowing.  This limits a port to 7 VFs, the same limit the
 * stock driver has.
 */
#include <linux/bitfield.h>
#include <linux/delay.h>
#include <linux/error-injection.h>
#include <linux/etherdevice.h>
#include <linux/ethtool.h>
#include <linux/iopoll.h>
#include <linux/mii.h>

#include "vfmgr.h"
#include "hw/82576_regs.h"

#define PF_POOL		VFMGR_82576_PF_POOL
#define PF_QUEUE	PF_POOL

/*
 * Wait for a device reset to complete.  A point for the kernel's function
 * error injection: real hardware fails here only when it is broken.
 */
static noinline int vfmgr_hw_82576_reset_wait(struct vfmgr_pf *pf)
{
	u32 val;

	/* Silicon reloads its EEPROM defaults (station address) meanwhile. */
	usleep_range(10000, 11000);
	return readl_poll_timeout(pf->hw_addr + VFMGR_REG_CTRL, val,
				  !(val & VFMGR_CTRL_RST), 1000, 100000);
}
ALLOW_ERROR_INJECTION(vfmgr_hw_82576_reset_wait, ERRNO);

static int vfmgr_hw_82576_reset(struct vfmgr_pf *pf)
{
	int err;

	/* Quiesce: no interrupts, no DMA, then reset the whole function. */
	vfmgr_wr32(pf, VFMGR_REG_IMC, ~0U);
	vfmgr_wr32(pf, VFMGR_REG_RCTL, 0);
	vfmgr_wr32(pf, VFMGR_REG_TCTL, VFMGR_TCTL_PSP);
	vfmgr_flush(pf);
	usleep_range(10000, 11000);

	vfmgr_wr32(pf, VFMGR_REG_CTRL, vfmgr_rd32(pf, VFMGR_REG_CTRL) | VFMGR_CTRL_RST);
	err = vfmgr_hw_82576_reset_wait(pf);
	if (err) {
		pci_err(pf->pdev, "device reset did not complete\n");
		return err;
	}
	vfmgr_wr32(pf, VFMGR_REG_IMC, ~0U);
	vfmgr_rd32(pf, VFMGR_REG_ICR);
	return 0;
}

static void vfmgr_hw_82576_read_mac(struct vfmgr_pf *pf, u8 *mac)
{
	vfmgr_mac_from_words(mac, vfmgr_rd32(pf, vfmgr_reg_ral(0)),
			     vfmgr_rd32(pf, vfmgr_reg_rah(0)));
}

static void vfmgr_hw_82576_write_rar(struct vfmgr_pf *pf, unsigned int idx,
				     const u8 *mac, u32 pools)
{
	u32 ral = 0, rah = 0;

	if (mac) {
		vfmgr_mac_to_words(mac, &ral, &rah);
		rah |= VFMGR_RAH_AV | FIELD_PREP(VFMGR_RAH_POOL_MASK, pools);
	}
	/* Clear the valid bit first so a half-written entry never matches. */
	vfmgr_wr32(pf, vfmgr_reg_rah(idx), 0);
	vfmgr_wr32(pf, vfmgr_reg_ral(idx), ral);
	vfmgr_wr32(pf, vfmgr_reg_rah(idx), rah);
}

static void vfmgr_hw_82576_set_pf_mac(struct vfmgr_pf *pf, const u8 *mac)
{
	vfmgr_hw_82576_write_rar(pf, 0, mac, BIT(PF_POOL));
}

/*
 * Restart auto-negotiation on the internal PHY (address 1).  A reset
 * leaves the link down until this is done; the link-change interrupt
 * follows when negotiation completes.
 */
static void vfmgr_hw_82576_restart_autoneg(struct vfmgr_pf *pf)
{
	u32 val;

	vfmgr_wr32(pf, VFMGR_REG_MDIC, VFMGR_MDIC_OP_WRITE | VFMGR_MDIC_PHY(1) |
		   VFMGR_MDIC_REG(MII_BMCR) | BMCR_ANENABLE | BMCR_ANRESTART |
		   BMCR_FULLDPLX | BMCR_SPEED1000);
	if (readl_poll_timeout(pf->hw_addr + VFMGR_REG_MDIC, val,
			       val & (VFMGR_MDIC_READY | VFMGR_MDIC_ERROR), 10, 10000) ||
	    (val & VFMGR_MDIC_ERROR))
		pci_warn(pf->pdev, "PHY did not accept auto-negotiation restart\n");
}

static void vfmgr_hw_82576_init(struct vfmgr_pf *pf)
{
	unsigned int i;

	vfmgr_wr32(pf, VFMGR_REG_CTRL, vfmgr_rd32(pf, VFMGR_REG_CTRL) | VFMGR_CTRL_SLU);
	vfmgr_hw_82576_restart_autoneg(pf);

	/* Empty every filter table; the layers above refill them. */
	for (i = 1; i < VFMGR_82576_RAR_ENTRIES; i++)
		vfmgr_hw_82576_write_rar(pf, i, NULL, 0);
	for (i = 0; i < VFMGR_82576_MTA_REGS; i++)
		vfmgr_wr32(pf, VFMGR_REG_MTA(i), 0);
	for (i = 0; i < VFMGR_82576_VFTA_REGS; i++)
		vfmgr_wr32(pf, VFMGR_REG_VFTA(i), 0);
	for (i = 0; i < VFMGR_82576_VLVF_ENTRIES; i++)
		vfmgr_wr32(pf, VFMGR_REG_VLVF(i), 0);
	for (i = 0; i < VFMGR_82576_UTA_REGS; i++)
		vfmgr_wr32(pf, VFMGR_REG_UTA(i), 0);

	/* Queue 0 comes out of reset enabled; it belongs to VF 0. */
	vfmgr_wr32(pf, VFMGR_REG_TXDCTL(0), 0);
	vfmgr_wr32(pf, VFMGR_REG_RXDCTL(0), 0);

	/*
	 * Pool switching is on from the start, with or without VFs: the PF
	 * lives in its own pool, unmatched unicast goes to it, frames between
	 * pools are switched inside the port, every pool can be sent the same
	 * broadcast.  No pool but the PF's may receive or send until a VF
	 * completes its reset handshake.
	 */
	vfmgr_wr32(pf, VFMGR_REG_MRQC, VFMGR_MRQC_VMDQ);
	vfmgr_wr32(pf, VFMGR_REG_VT_CTL, PF_POOL << VFMGR_VT_CTL_DEF_PL_SHIFT |
		   VFMGR_VT_CTL_VM_REPL_EN);
	vfmgr_wr32(pf, VFMGR_REG_DTXSWC, VFMGR_DTXSWC_LOOPBACK_EN);
	vfmgr_wr32(pf, VFMGR_REG_DTXCTL, vfmgr_rd32(pf, VFMGR_REG_DTXCTL) |
		   VFMGR_DTXCTL_VLAN_ADDED);
	vfmgr_wr32(pf, VFMGR_REG_RPLOLR, VFMGR_RPLOLR_STRVLAN);
	vfmgr_wr32(pf, VFMGR_REG_QDE, 0xffff);
	vfmgr_wr32(pf, VFMGR_REG_VFRE, BIT(PF_POOL));
	vfmgr_wr32(pf, VFMGR_REG_VFTE, BIT(PF_POOL));
	for (i = 0; i < VFMGR_82576_POOLS; i++) {
		vfmgr_wr32(pf, VFMGR_REG_VMOLR(i), VFMGR_VMOLR_STRCRC);
		vfmgr_wr32(pf, VFMGR_REG_VMVIR(i), 0);
	}

	vfmgr_wr32(pf, VFMGR_REG_RLPML, 9728);
	vfmgr_wr32(pf, VFMGR_REG_RCTL, VFMGR_RCTL_EN | VFMGR_RCTL_BAM |
		   VFMGR_RCTL_LPE | VFMGR_RCTL_VFE | VFMGR_RCTL_SECRC);
	vfmgr_wr32(pf, VFMGR_REG_TCTL, VFMGR_TCTL_EN | VFMGR_TCTL_PSP |
		   VFMGR_TCTL_CT | VFMGR_TCTL_RTLC);

	/*
	 * MSI-X: "other" causes (link, mailbox) on vector 0, both directions
	 * of the PF queue on vector 1.  Both are auto-cleared from EICR when
	 * their message is sent, or a cause still set there would hold back
	 * the next interrupt.  Only the PF's bits are touched: the EICR/EIMS
	 * space beyond them belongs to the VFs.
	 */
	vfmgr_wr32(pf, VFMGR_REG_GPIE, VFMGR_GPIE_MSIX_MODE | VFMGR_GPIE_PBA |
		   VFMGR_GPIE_EIAME | VFMGR_GPIE_NSICR);
	vfmgr_wr32(pf, VFMGR_REG_IVAR_MISC, (VFMGR_VEC_OTHER | VFMGR_IVAR_VALID) << 8);
	vfmgr_wr32(pf, VFMGR_REG_IVAR0(PF_QUEUE & 7),
		   (VFMGR_VEC_QUEUE | VFMGR_IVAR_VALID) |
		   (VFMGR_VEC_QUEUE | VFMGR_IVAR_VALID) << 8);
	vfmgr_wr32(pf, VFMGR_REG_EIAC, BIT(VFMGR_VEC_OTHER) | BIT(VFMGR_VEC_QUEUE));
	vfmgr_wr32(pf, VFMGR_REG_EIAM, BIT(VFMGR_VEC_QUEUE));
	vfmgr_wr32(pf, VFMGR_REG_EITR(VFMGR_VEC_QUEUE), 0);

	/*
	 * Tell the VFs the PF is ready.  Each write with PFRSTD set signals
	 * "reset done" to every VF again; see vfmgr_hw_82576_mbx_kick().
	 */
	vfmgr_wr32(pf, VFMGR_REG_CTRL_EXT, vfmgr_rd32(pf, VFMGR_REG_CTRL_EXT) |
		   VFMGR_CTRL_EXT_DRV_LOAD | VFMGR_CTRL_EXT_PFRSTD);
	vfmgr_flush(pf);
}

static bool vfmgr_hw_82576_link_up(struct vfmgr_pf *pf, u32 *speed,
				   bool *full_duplex)
{
	u32 status = vfmgr_rd32(pf, VFMGR_REG_STATUS);

	switch (FIELD_GET(VFMGR_STATUS_SPEED, status)) {
	case VFMGR_STATUS_SPEED_1000:
		*speed = SPEED_1000;
		break;
	case VFMGR_STATUS_SPEED_100:
		*speed = SPEED_100;
		break;
	default:
		*speed = SPEED_10;
		break;
	}
	*full_duplex = status & VFMGR_STATUS_FD;
	return status & VFMGR_STATUS_LU;
}

static void vfmgr_hw_82576_rx_ring_enable(struct vfmgr_pf *pf,
					  struct vfmgr_ring *ring,
					  unsigned int max_frame)
{
	unsigned int q = ring->qidx;
	u32 vmolr, rctl;

	vfmgr_wr32(pf, VFMGR_REG_RXDCTL(q), 0);
	vfmgr_wr32(pf, VFMGR_REG_RDBAL(q), lower_32_bits(ring->dma));
	vfmgr_wr32(pf, VFMGR_REG_RDBAH(q), upper_32_bits(ring->dma));
	vfmgr_wr32(pf, VFMGR_REG_RDLEN(q), ring->count * sizeof(union vfmgr_adv_rx_desc));
	vfmgr_wr32(pf, VFMGR_REG_RDH(q), 0);
	vfmgr_wr32(pf, VFMGR_REG_RDT(q), 0);
	vfmgr_wr32(pf, VFMGR_REG_SRRCTL(q),
		   VFMGR_RX_BUF_LEN / 1024 * VFMGR_SRRCTL_BSIZEPKT_1K |
		   VFMGR_SRRCTL_DESCTYPE_ADV_ONEBUF | VFMGR_SRRCTL_DROP_EN);

	/*
	 * Untagged frames, broadcast and hashed multicast for the PF pool,
	 * and the promiscuous and all-multicast modes set_pf_rx_mode() keeps
	 * in RCTL: disabling the ring cleared them from the pool.
	 */
	vmolr = VFMGR_VMOLR_AUPE | VFMGR_VMOLR_BAM | VFMGR_VMOLR_ROMPE |
		VFMGR_VMOLR_LPE | VFMGR_VMOLR_STRCRC;
	vmolr |= FIELD_PREP(VFMGR_VMOLR_RLPML, max_frame);
	rctl = vfmgr_rd32(pf, VFMGR_REG_RCTL);
	if (rctl & VFMGR_RCTL_UPE)
		vmolr |= VFMGR_VMOLR_ROPE;
	if (rctl & VFMGR_RCTL_MPE)
		vmolr |= VFMGR_VMOLR_MPME;
	vfmgr_wr32(pf, VFMGR_REG_VMOLR(PF_POOL), vmolr);

	ring->tail = pf->hw_addr + VFMGR_REG_RDT(q);
	/* Prefetch, host and write-back thresholds: 8, 8, 1. */
	vfmgr_wr32(pf, VFMGR_REG_RXDCTL(q), VFMGR_XDCTL_ENABLE | 8 | 8 << 8 | 1 << 16);
}

static void vfmgr_hw_82576_tx_ring_enable(struct vfmgr_pf *pf,
					  struct vfmgr_ring *ring)
{
	unsigned int q = ring->qidx;

	vfmgr_wr32(pf, VFMGR_REG_TXDCTL(q), 0);
	vfmgr_wr32(pf, VFMGR_REG_TDBAL(q), lower_32_bits(ring->dma));
	vfmgr_wr32(pf, VFMGR_REG_TDBAH(q), upper_32_bits(ring->dma));
	vfmgr_wr32(pf, VFMGR_REG_TDLEN(q), ring->count * sizeof(struct vfmgr_adv_tx_desc));
	vfmgr_wr32(pf, VFMGR_REG_TDH(q), 0);
	vfmgr_wr32(pf, VFMGR_REG_TDT(q), 0);
	ring->tail = pf->hw_addr + VFMGR_REG_TDT(q);
	vfmgr_wr32(pf, VFMGR_REG_TXDCTL(q), VFMGR_XDCTL_ENABLE | 8 | 1 << 8 | 16 << 16);
}

static void vfmgr_hw_82576_ring_disable(struct vfmgr_pf *pf,
					struct vfmgr_ring *rx,
					struct vfmgr_ring *tx)
{
	u32 val;

	/* The pool keeps its filters; it just stops taking frames. */
	vfmgr_wr32(pf, VFMGR_REG_VMOLR(PF_POOL), VFMGR_VMOLR_STRCRC);
	vfmgr_wr32(pf, VFMGR_REG_RXDCTL(rx->qidx), 0);
	vfmgr_wr32(pf, VFMGR_REG_TXDCTL(tx->qidx), 0);
	vfmgr_flush(pf);
	readl_poll_timeout(pf->hw_addr + VFMGR_REG_RXDCTL(rx->qidx), val,
			   !(val & VFMGR_XDCTL_ENABLE), 100, 10000);
	readl_poll_timeout(pf->hw_addr + VFMGR_REG_TXDCTL(tx->qidx), val,
			   !(val & VFMGR_XDCTL_ENABLE), 100, 10000);
}

static void vfmgr_hw_82576_irq_enable(struct vfmgr_pf *pf)
{
	vfmgr_wr32(pf, VFMGR_REG_EIMS, BIT(VFMGR_VEC_OTHER) | BIT(VFMGR_VEC_QUEUE));
	vfmgr_wr32(pf, VFMGR_REG_MBVFIMR, 0xff);
	vfmgr_wr32(pf, VFMGR_REG_IMS, VFMGR_ICR_LSC | VFMGR_ICR_VMMB | VFMGR_ICR_DOUTSYNC);
	vfmgr_flush(pf);
}

static void vfmgr_hw_82576_irq_disable(struct vfmgr_pf *pf)
{
	/* Only the PF's own bits: the rest of EIMS drives VF vectors. */
	vfmgr_wr32(pf, VFMGR_REG_EIMC, BIT(VFMGR_VEC_OTHER) | BIT(VFMGR_VEC_QUEUE));
	vfmgr_wr32(pf, VFMGR_REG_IMC, ~0U);
	vfmgr_flush(pf);
}

static u32 vfmgr_hw_82576_read_icr(struct vfmgr_pf *pf)
{
	/* Reading clears it (GPIE.NSICR); the vector is not auto-masked. */
	return vfmgr_rd32(pf, VFMGR_REG_ICR);
}

static void vfmgr_hw_82576_queue_irq_rearm(struct vfmgr_pf *pf)
{
	vfmgr_wr32(pf, VFMGR_REG_EIMS, BIT(VFMGR_VEC_QUEUE));
}

static void vfmgr_hw_82576_set_mta(struct vfmgr_pf *pf, const u32 *mta)
{
	unsigned int i;

	for (i = 0; i < VFMGR_82576_MTA_REGS; i++)
		vfmgr_wr32(pf, VFMGR_REG_MTA(i), mta[i]);
}

static void vfmgr_hw_82576_set_pf_rx_mode(struct vfmgr_pf *pf, bool allmulti,
					  bool promisc)
{
	u32 vmolr = vfmgr_rd32(pf, VFMGR_REG_VMOLR(PF_POOL));
	u32 rctl = vfmgr_rd32(pf, VFMGR_REG_RCTL);
	unsigned int i;

	vmolr &= ~(VFMGR_VMOLR_ROPE | VFMGR_VMOLR_MPME);
	rctl &= ~(VFMGR_RCTL_UPE | VFMGR_RCTL_MPE);
	if (promisc) {
		vmolr |= VFMGR_VMOLR_ROPE | VFMGR_VMOLR_MPME;
		rctl |= VFMGR_RCTL_UPE | VFMGR_RCTL_MPE;
	} else if (allmulti) {
		vmolr |= VFMGR_VMOLR_MPME;
		rctl |= VFMGR_RCTL_MPE;
	}
	/* Unicast hash hits (promiscuous) go to pools with ROPE. */
	for (i = 0; i < VFMGR_82576_UTA_REGS; i++)
		vfmgr_wr32(pf, VFMGR_REG_UTA(i), promisc ? ~0U : 0);
	vfmgr_wr32(pf, VFMGR_REG_VMOLR(PF_POOL), vmolr);
	vfmgr_wr32(pf, VFMGR_REG_RCTL, rctl);
}

/*
 * The VLAN filter entry of @vid, or -1; *@free_slot: the first free entry
 * (-1: none), *@nfree: how many are free.
 */
static int vfmgr_hw_82576_find_vlvf(struct vfmgr_pf *pf, u16 vid, int *free_slot,
				    unsigned int *nfree)
{
	int slot = -1;
	unsigned int i;
	u32 vlvf;

	*free_slot = -1;
	*nfree = 0;
	for (i = 0; i < VFMGR_82576_VLVF_ENTRIES; i++) {
		vlvf = vfmgr_rd32(pf, VFMGR_REG_VLVF(i));
		if (!(vlvf & VFMGR_VLVF_VLANID_EN)) {
			if (*free_slot < 0)
				*free_slot = i;
			(*nfree)++;
		} else if (FIELD_GET(VFMGR_VLVF_VID, vlvf) == vid) {
			slot = i;
		}
	}
	return slot;
}

static unsigned int vfmgr_hw_82576_vlan_free(struct vfmgr_pf *pf, u16 vid,
					     bool *present)
{
	unsigned int nfree;
	int free_slot;

	*present = vfmgr_hw_82576_find_vlvf(pf, vid, &free_slot, &nfree) >= 0;
	return nfree;
}

static int vfmgr_hw_82576_set_vlan(struct vfmgr_pf *pf, unsigned int pool,
				   u16 vid, bool add)
{
	int free_slot, slot;
	unsigned int nfree;
	u32 vlvf, bit;

	slot = vfmgr_hw_82576_find_vlvf(pf, vid, &free_slot, &nfree);
	if (slot >= 0) {
		vlvf = vfmgr_rd32(pf, VFMGR_REG_VLVF(slot));
	} else {
		if (!add)
			return 0;
		if (free_slot < 0)
			return -ENOSPC;
		slot = free_slot;
		vlvf = VFMGR_VLVF_VLANID_EN | vid;
	}

	if (add)
		vlvf |= VFMGR_VLVF_POOLSEL(pool);
	else
		vlvf &= ~VFMGR_VLVF_POOLSEL(pool);

	bit = BIT(vid & 31);
	if (vlvf & VFMGR_VLVF_POOLSEL_MASK) {
		vfmgr_wr32(pf, VFMGR_REG_VFTA(vid >> 5),
			   vfmgr_rd32(pf, VFMGR_REG_VFTA(vid >> 5)) | bit);
		vfmgr_wr32(pf, VFMGR_REG_VLVF(slot), vlvf);
	} else {
		/* Last pool left the VLAN: free the entry and the table bit. */
		vfmgr_wr32(pf, VFMGR_REG_VLVF(slot), 0);
		vfmgr_wr32(pf, VFMGR_REG_VFTA(vid >> 5),
			   vfmgr_rd32(pf, VFMGR_REG_VFTA(vid >> 5)) & ~bit);
	}
	return 0;
}

static void vfmgr_hw_82576_stats(struct vfmgr_pf *pf, struct rtnl_link_stats64 *st)
{
	st->rx_crc_errors += vfmgr_rd32(pf, VFMGR_REG_CRCERRS);
	st->rx_missed_errors += vfmgr_rd32(pf, VFMGR_REG_MPC);
	st->multicast += vfmgr_rd32(pf, VFMGR_REG_MPRC);
}

static void vfmgr_hw_82576_dump(struct vfmgr_pf *pf, struct seq_file *m)
{
	static const struct {
		const char *name;
		u32 reg;
	} regs[] = {
		{ "CTRL", VFMGR_REG_CTRL }, { "STATUS", VFMGR_REG_STATUS },
		{ "CTRL_EXT", VFMGR_REG_CTRL_EXT }, { "RCTL", VFMGR_REG_RCTL },
		{ "TCTL", VFMGR_REG_TCTL }, { "MRQC", VFMGR_REG_MRQC },
		{ "VT_CTL", VFMGR_REG_VT_CTL }, { "DTXSWC", VFMGR_REG_DTXSWC },
		{ "VFRE", VFMGR_REG_VFRE }, { "VFTE", VFMGR_REG_VFTE },
		{ "GPIE", VFMGR_REG_GPIE }, { "EIMS", VFMGR_REG_EIMS },
		{ "IMS", VFMGR_REG_IMS }, { "IVAR_MISC", VFMGR_REG_IVAR_MISC },
	};
	unsigned int i;
	u32 rah;

	for (i = 0; i < ARRAY_SIZE(regs); i++)
		seq_printf(m, "%-10s 0x%08x\n", regs[i].name, vfmgr_rd32(pf, regs[i].reg));
	for (i = 0; i < VFMGR_82576_POOLS; i++)
		seq_printf(m, "pool %u VMOLR 0x%08x VMVIR 0x%08x IVAR0 0x%08x RXDCTL 0x%08x/0x%08x TXDCTL 0x%08x/0x%08x\n",
			   i, vfmgr_rd32(pf, VFMGR_REG_VMOLR(i)),
			   vfmgr_rd32(pf, VFMGR_REG_VMVIR(i)),
			   vfmgr_rd32(pf, VFMGR_REG_IVAR0(i)),
			   vfmgr_rd32(pf, VFMGR_REG_RXDCTL(i)),
			   vfmgr_rd32(pf, VFMGR_REG_RXDCTL(i + 8)),
			   vfmgr_rd32(pf, VFMGR_REG_TXDCTL(i)),
			   vfmgr_rd32(pf, VFMGR_REG_TXDCTL(i + 8)));
	for (i = 0; i < VFMGR_82576_RAR_ENTRIES; i++) {
		rah = vfmgr_rd32(pf, vfmgr_reg_rah(i));
		if (rah & VFMGR_RAH_AV)
			seq_printf(m, "RAR %u 0x%08x 0x%08x\n", i,
				   vfmgr_rd32(pf, vfmgr_reg_ral(i)), rah);
	}
	for (i = 0; i < VFMGR_82576_VLVF_ENTRIES; i++) {
		u32 vlvf = vfmgr_rd32(pf, VFMGR_REG_VLVF(i));

		if (vlvf & VFMGR_VLVF_VLANID_EN)
			seq_printf(m, "VLVF %u 0x%08x\n", i, vlvf);
	}
}

static void vfmgr_hw_82576_set_rar(struct vfmgr_pf *pf, unsigned int idx,
				   const u8 *mac, unsigned int pool)
{
	vfmgr_hw_82576_write_rar(pf, idx, mac, BIT(pool));
}

/* VF n's primary address sits at the top of the table, downwards. */
static unsigned int vfmgr_hw_82576_vf_rar(unsigned int vf)
{
	return VFMGR_82576_RAR_ENTRIES - 1 - vf;
}

static void vfmgr_hw_82576_set_pool_rx(struct vfmgr_pf *pf, unsigned int pool,
				       const struct vfmgr_hw_pool_rx *rx)
{
	u32 vmolr = VFMGR_VMOLR_STRCRC;

	if (rx->untagged)
		vmolr |= VFMGR_VMOLR_AUPE;
	if (rx->broadcast)
		vmolr |= VFMGR_VMOLR_BAM;
	if (rx->mc_hash)
		vmolr |= VFMGR_VMOLR_ROMPE;
	if (rx->mc_promisc)
		vmolr |= VFMGR_VMOLR_MPME | VFMGR_VMOLR_ROMPE;
	if (rx->uc_promisc)
		vmolr |= VFMGR_VMOLR_ROPE;
	if (rx->strip_vlan)
		vmolr |= VFMGR_VMOLR_STRVLAN;
	if (rx->max_frame)
		vmolr |= VFMGR_VMOLR_LPE |
			 FIELD_PREP(VFMGR_VMOLR_RLPML, min_t(u32, rx->max_frame, VFMGR_MAX_FRAME));
	vfmgr_wr32(pf, VFMGR_REG_VMOLR(pool), vmolr);
}

static void vfmgr_hw_82576_set_port_vlan(struct vfmgr_pf *pf, unsigned int pool,
					 u16 vid, u8 qos)
{
	vfmgr_wr32(pf, VFMGR_REG_VMVIR(pool),
		   vid ? vid | (u32)qos << VLAN_PRIO_SHIFT | VFMGR_VMVIR_VLANA_DEFAULT : 0);
}

static void vfmgr_hw_82576_rmw(struct vfmgr_pf *pf, u32 reg, u32 bits, bool set)
{
	u32 val = vfmgr_rd32(pf, reg);

	vfmgr_wr32(pf, reg, set ? val | bits : val & ~bits);
}

static void vfmgr_hw_82576_pool_enable(struct vfmgr_pf *pf, unsigned int pool,
				       bool on)
{
	vfmgr_hw_82576_rmw(pf, VFMGR_REG_VFRE, BIT(pool), on);
	vfmgr_hw_82576_rmw(pf, VFMGR_REG_VFTE, BIT(pool), on);
}

static void vfmgr_hw_82576_set_spoofchk(struct vfmgr_pf *pf, unsigned int pool,
					bool on)
{
	vfmgr_hw_82576_rmw(pf, VFMGR_REG_DTXSWC, VFMGR_DTXSWC_MAC_SPOOF(pool) |
			   VFMGR_DTXSWC_VLAN_SPOOF(pool), on);
}

/*
 * The rate factor is link speed / wanted rate, in fixed point with a
 * 14-bit fraction, applied to both of the pool's transmit queues (n and
 * n + 8): a VF driver may use either.
 */
static void vfmgr_hw_82576_set_tx_rate(struct vfmgr_pf *pf, unsigned int pool,
				       u32 mbps, u32 link_mbps)
{
	unsigned int q;
	u32 rc = 0;

	if (mbps && link_mbps) {
		u32 rf_int = link_mbps / mbps;
		u32 rf_dec = ((link_mbps % mbps) << VFMGR_RTTBCNRC_RF_INT_SHIFT) / mbps;

		rc = VFMGR_RTTBCNRC_RS_ENA | rf_int << VFMGR_RTTBCNRC_RF_INT_SHIFT |
		     (rf_dec & VFMGR_RTTBCNRC_RF_DEC);
	}
	for (q = pool; q < 2 * VFMGR_82576_POOLS; q += VFMGR_82576_POOLS) {
		vfmgr_wr32(pf, VFMGR_REG_RTTDQSEL, q);
		vfmgr_wr32(pf, VFMGR_REG_RTTBCNRM, 0x14);
		vfmgr_wr32(pf, VFMGR_REG_RTTBCNRC, rc);
	}
}

static void vfmgr_hw_82576_mbx_events(struct vfmgr_pf *pf, u32 *flr, u32 *req,
				      u32 *ack)
{
	u32 icr;

	*flr = vfmgr_rd32(pf, VFMGR_REG_VFLRE) & 0xff;
	if (*flr)
		vfmgr_wr32(pf, VFMGR_REG_VFLRE, *flr);
	icr = vfmgr_rd32(pf, VFMGR_REG_MBVFICR);
	if (icr)
		vfmgr_wr32(pf, VFMGR_REG_MBVFICR, icr);
	*req = icr & 0xff;
	*ack = (icr >> 16) & 0xff;
}

/*
 * Take the VF's buffer: the PF owns it only while the VF does not.  With
 * @wait, about ten tries a millisecond apart; without, one (interrupt
 * context: the caller leaves the VF to process context).  A point for
 * the kernel's function error injection: a VF driver that never lets go
 * of its buffer is hard to come by.
 */
static noinline int vfmgr_hw_82576_mbx_lock(struct vfmgr_pf *pf, unsigned int vf,
					    bool wait)
{
	unsigned int tries;

	for (tries = 0; tries < 10; tries++) {
		vfmgr_wr32(pf, VFMGR_REG_P2VMAILBOX(vf), VFMGR_P2VMB_PFU);
		if (vfmgr_rd32(pf, VFMGR_REG_P2VMAILBOX(vf)) & VFMGR_P2VMB_PFU)
			return 0;
		if (!wait)
			break;
		usleep_range(1000, 2000);
	}
	return -EBUSY;
}

ALLOW_ERROR_INJECTION(vfmgr_hw_82576_mbx_lock, ERRNO);

static int vfmgr_hw_82576_mbx_read(struct vfmgr_pf *pf, unsigned int vf,
				   u32 *msg, unsigned int n, bool wait)
{
	unsigned int i;
	int err;

	err = vfmgr_hw_82576_mbx_lock(pf, vf, wait);
	if (err)
		return err;
	for (i = 0; i < n; i++)
		msg[i] = vfmgr_rd32(pf, VFMGR_REG_VMBMEM(vf) + 4 * i);
	/* Acknowledge the request, keep the buffer for the reply. */
	vfmgr_wr32(pf, VFMGR_REG_P2VMAILBOX(vf), VFMGR_P2VMB_ACK | VFMGR_P2VMB_PFU);
	return 0;
}

static int vfmgr_hw_82576_mbx_write(struct vfmgr_pf *pf, unsigned int vf,
				    const u32 *msg, unsigned int n, bool wait)
{
	unsigned int i;
	int err;

	err = vfmgr_hw_82576_mbx_lock(pf, vf, wait);
	if (err)
		return err;
	for (i = 0; i < n; i++)
		vfmgr_wr32(pf, VFMGR_REG_VMBMEM(vf) + 4 * i, msg[i]);
	/* Status without the PF lock bit posts the message and unlocks. */
	vfmgr_wr32(pf, VFMGR_REG_P2VMAILBOX(vf), VFMGR_P2VMB_STS);
	return 0;
}

static void vfmgr_hw_82576_mbx_peek(struct vfmgr_pf *pf, unsigned int vf,
				    u32 *msg, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		msg[i] = vfmgr_rd32(pf, VFMGR_REG_VMBMEM(vf) + 4 * i);
}

static void vfmgr_hw_82576_mbx_release(struct vfmgr_pf *pf, unsigned int vf)
{
	vfmgr_wr32(pf, VFMGR_REG_P2VMAILBOX(vf), 0);
}

/*
 * A "reset done" indication makes every VF driver re-check its link and
 * so read its mailbox.  Used after a notice, because the mailbox
 * interrupt alone does not reach every VF driver's link check (QEMU's
 * model delivers it on the VF's receive vector).  Harmless to VFs that
 * have nothing new: they find clear-to-send and keep their link.
 */
static void vfmgr_hw_82576_mbx_kick(struct vfmgr_pf *pf)
{
	vfmgr_wr32(pf, VFMGR_REG_CTRL_EXT, vfmgr_rd32(pf, VFMGR_REG_CTRL_EXT) |
		   VFMGR_CTRL_EXT_DRV_LOAD | VFMGR_CTRL_EXT_PFRSTD);
}

static void vfmgr_hw_82576_vf_stats(struct vfmgr_pf *pf, unsigned int vf, u32 *raw)
{
	raw[0] = vfmgr_rd32(pf, VFMGR_REG_PVFGPRC(vf));
	raw[1] = vfmgr_rd32(pf, VFMGR_REG_PVFGPTC(vf));
	raw[2] = vfmgr_rd32(pf, VFMGR_REG_PVFGORC(vf));
	raw[3] = vfmgr_rd32(pf, VFMGR_REG_PVFGOTC(vf));
	raw[4] = vfmgr_rd32(pf, VFMGR_REG_PVFMPRC(vf));
}

static void vfmgr_hw_82576_pool_dump(struct vfmgr_pf *pf, unsigned int pool,
				     struct seq_file *m)
{
	u32 dtxswc = vfmgr_rd32(pf, VFMGR_REG_DTXSWC);
	unsigned int i;

	vfmgr_wr32(pf, VFMGR_REG_RTTDQSEL, pool);
	seq_printf(m, "  hw: VMOLR 0x%08x VMVIR 0x%08x VFRE %u VFTE %u spoof_mac %u spoof_vlan %u RTTBCNRC 0x%08x\n",
		   vfmgr_rd32(pf, VFMGR_REG_VMOLR(pool)),
		   vfmgr_rd32(pf, VFMGR_REG_VMVIR(pool)),
		   !!(vfmgr_rd32(pf, VFMGR_REG_VFRE) & BIT(pool)),
		   !!(vfmgr_rd32(pf, VFMGR_REG_VFTE) & BIT(pool)),
		   !!(dtxswc & VFMGR_DTXSWC_MAC_SPOOF(pool)),
		   !!(dtxswc & VFMGR_DTXSWC_VLAN_SPOOF(pool)),
		   vfmgr_rd32(pf, VFMGR_REG_RTTBCNRC));
	for (i = 0; i < VFMGR_82576_RAR_ENTRIES; i++) {
		u32 rah = vfmgr_rd32(pf, vfmgr_reg_rah(i));
		u32 ral = vfmgr_rd32(pf, vfmgr_reg_ral(i));

		if ((rah & VFMGR_RAH_AV) && (rah & VFMGR_RAH_POOL(pool)))
			seq_printf(m, "  hw: RAR %u %02x:%02x:%02x:%02x:%02x:%02x\n", i,
				   ral & 0xff, (ral >> 8) & 0xff, (ral >> 16) & 0xff,
				   ral >> 24, rah & 0xff, (rah >> 8) & 0xff);
	}
	for (i = 0; i < VFMGR_82576_VLVF_ENTRIES; i++) {
		u32 vlvf = vfmgr_rd32(pf, VFMGR_REG_VLVF(i));

		if ((vlvf & VFMGR_VLVF_VLANID_EN) && (vlvf & VFMGR_VLVF_POOLSEL(pool)))
			seq_printf(m, "  hw: VLVF %u vid %lu\n", i,
				   FIELD_GET(VFMGR_VLVF_VID, vlvf));
	}
}

/* One NVM word through EERD; the device answers within microseconds. */
static int vfmgr_hw_82576_nvm_read(struct vfmgr_pf *pf, unsigned int word, u16 *data)
{
	u32 val;
	int err;

	vfmgr_wr32(pf, VFMGR_REG_EERD, FIELD_PREP(VFMGR_EERD_ADDR, word) | VFMGR_EERD_START);
	err = readl_poll_timeout(pf->hw_addr + VFMGR_REG_EERD, val,
				 val & VFMGR_EERD_DONE, 5, 100000);
	if (err)
		return err;
	*data = FIELD_GET(VFMGR_EERD_DATA, val);
	return 0;
}

/*
 * The image version as igb decodes it for this family: with an EETRACK
 * id the minor is BCD (and older images put it in the low byte), without
 * one it is binary and an image id follows.
 */
static int vfmgr_hw_82576_nvm_version(struct vfmgr_pf *pf,
				      struct vfmgr_hw_nvm_version *ver)
{
	u16 version, hi, lo;
	unsigned int minor;
	int err;

	lockdep_assert_held(&pf->lock);
	err = vfmgr_hw_82576_nvm_read(pf, VFMGR_NVM_ETRACK_HI, &hi);
	if (!err)
		err = vfmgr_hw_82576_nvm_read(pf, VFMGR_NVM_VERSION, &version);
	if (err)
		return err;
	/* A blank or absent EEPROM reads all ones. */
	if (version == 0xffff)
		return -ENODATA;

	memset(ver, 0, sizeof(*ver));
	ver->major = FIELD_GET(VFMGR_NVM_VER_MAJOR, version);
	if (FIELD_GET(VFMGR_NVM_ETRACK_MARK, hi) != VFMGR_NVM_ETRACK_VALID) {
		ver->minor = FIELD_GET(VFMGR_NVM_VER_MINOR, version);
		ver->image = FIELD_GET(VFMGR_NVM_VER_IMAGE, version);
		return 0;
	}

	err = vfmgr_hw_82576_nvm_read(pf, VFMGR_NVM_ETRACK_LO, &lo);
	if (err)
		return err;
	ver->etrack = (u32)hi << 16 | lo;
	if (version & VFMGR_NVM_VER_NEW_DEC)
		minor = FIELD_GET(VFMGR_NVM_VER_MINOR, version);
	else
		minor = FIELD_GET(VFMGR_NVM_VER_MINOR_OLD, version);
	ver->minor = minor / 16 * 10 + minor % 16;
	return 0;
}

const struct vfmgr_hw_ops vfmgr_hw_82576_ops = {
	.reset = vfmgr_hw_82576_reset,
	.init = vfmgr_hw_82576_init,
	.read_mac = vfmgr_hw_82576_read_mac,
	.set_pf_mac = vfmgr_hw_82576_set_pf_mac,
	.link_up = vfmgr_hw_82576_link_up,
	.rx_ring_enable = vfmgr_hw_82576_rx_ring_enable,
	.tx_ring_enable = vfmgr_hw_82576_tx_ring_enable,
	.ring_disable = vfmgr_hw_82576_ring_disable,
	.irq_enable = vfmgr_hw_82576_irq_enable,
	.irq_disable = vfmgr_hw_82576_irq_disable,
	.read_icr = vfmgr_hw_82576_read_icr,
	.queue_irq_rearm = vfmgr_hw_82576_queue_irq_rearm,
	.set_mta = vfmgr_hw_82576_set_mta,
	.set_pf_rx_mode = vfmgr_hw_82576_set_pf_rx_mode,
	.set_vlan = vfmgr_hw_82576_set_vlan,
	.vlan_free = vfmgr_hw_82576_vlan_free,
	.stats = vfmgr_hw_82576_stats,
	.dump = vfmgr_hw_82576_dump,
	.set_rar = vfmgr_hw_82576_set_rar,
	.vf_rar = vfmgr_hw_82576_vf_rar,
	/* 0 is the PF's, 17-23 the VFs' primaries: filters share the rest. */
	.filter_rar_first = 1,
	.filter_rar_last = VFMGR_82576_RAR_ENTRIES - 1 - VFMGR_82576_MAX_VFS,
	.set_pool_rx = vfmgr_hw_82576_set_pool_rx,
	.set_port_vlan = vfmgr_hw_82576_set_port_vlan,
	.pool_enable = vfmgr_hw_82576_pool_enable,
	.set_spoofchk = vfmgr_hw_82576_set_spoofchk,
	.set_tx_rate = vfmgr_hw_82576_set_tx_rate,
	.mbx_events = vfmgr_hw_82576_mbx_events,
	.mbx_read = vfmgr_hw_82576_mbx_read,
	.mbx_write = vfmgr_hw_82576_mbx_write,
	.mbx_peek = vfmgr_hw_82576_mbx_peek,
	.mbx_release = vfmgr_hw_82576_mbx_release,
	.mbx_kick = vfmgr_hw_82576_mbx_kick,
	.vf_stats = vfmgr_hw_82576_vf_stats,
	.pool_dump = vfmgr_hw_82576_pool_dump,
	.nvm_version = vfmgr_hw_82576_nvm_version,
};
