// SPDX-License-Identifier: GPL-2.0
/*
 * Descriptor rings of the PF's own pool: one receive and one transmit
 * ring, advanced descriptors, one buffer per frame.
 */
#include <linux/dma-mapping.h>
#include <linux/etherdevice.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>

#include "vfmgr.h"
#include "hw/82576_regs.h"

/**
 * vfmgr_ring_alloc - allocate a ring's descriptors and buffer table
 * @pf: owner
 * @ring: ring to set up
 * @qidx: hardware queue it drives
 * @desc_size: size of one descriptor
 *
 * Return: 0 or -ENOMEM.
 */
int vfmgr_ring_alloc(struct vfmgr_pf *pf, struct vfmgr_ring *ring,
		     unsigned int qidx, size_t desc_size)
{
	ring->pf = pf;
	ring->qidx = qidx;
	ring->count = VFMGR_RING_SIZE;
	ring->next_to_use = 0;
	ring->next_to_clean = 0;
	ring->bufs = kcalloc(ring->count, sizeof(*ring->bufs), GFP_KERNEL);
	if (!ring->bufs)
		return -ENOMEM;
	ring->desc = dma_alloc_coherent(&pf->pdev->dev, ring->count * desc_size,
					&ring->dma, GFP_KERNEL);
	if (!ring->desc) {
		kfree(ring->bufs);
		ring->bufs = NULL;
		return -ENOMEM;
	}
	u64_stats_init(&ring->syncp);
	return 0;
}

/**
 * vfmgr_ring_free - free what vfmgr_ring_alloc() allocated
 * @ring: a drained ring
 */
void vfmgr_ring_free(struct vfmgr_ring *ring)
{
	/* Both descriptor kinds are 16 bytes. */
	if (ring->desc)
		dma_free_coherent(&ring->pf->pdev->dev, ring->count * 16,
				  ring->desc, ring->dma);
	ring->desc = NULL;
	kfree(ring->bufs);
	ring->bufs = NULL;
}

static unsigned int vfmgr_ring_unused(const struct vfmgr_ring *ring)
{
	unsigned int ntc = ring->next_to_clean, ntu = ring->next_to_use;

	return (ntc > ntu ? 0 : ring->count) + ntc - ntu - 1;
}

/**
 * vfmgr_ring_drain - unmap and free every buffer still on a ring
 * @ring: a ring whose queue is stopped
 * @is_tx: transmit ring (buffers mapped to the device) or receive ring
 */
void vfmgr_ring_drain(struct vfmgr_ring *ring, bool is_tx)
{
	struct device *dev = &ring->pf->pdev->dev;
	unsigned int i;

	for (i = 0; i < ring->count; i++) {
		struct vfmgr_buf *buf = &ring->bufs[i];

		if (!buf->skb)
			continue;
		dma_unmap_single(dev, buf->dma, buf->len,
				 is_tx ? DMA_TO_DEVICE : DMA_FROM_DEVICE);
		dev_kfree_skb_any(buf->skb);
		buf->skb = NULL;
	}
	ring->next_to_use = 0;
	ring->next_to_clean = 0;
	memset(ring->desc, 0, ring->count * 16);
}

static int vfmgr_ring_rx_alloc_one(struct vfmgr_ring *rx, unsigned int i)
{
	struct net_device *netdev = rx->pf->netdev;
	struct device *dev = &rx->pf->pdev->dev;
	union vfmgr_adv_rx_desc *desc = rx->desc;
	struct vfmgr_buf *buf = &rx->bufs[i];
	struct sk_buff *skb;
	dma_addr_t dma;

	skb = netdev_alloc_skb_ip_align(netdev, VFMGR_RX_BUF_LEN);
	if (!skb)
		return -ENOMEM;
	dma = dma_map_single(dev, skb->data, VFMGR_RX_BUF_LEN, DMA_FROM_DEVICE);
	if (dma_mapping_error(dev, dma)) {
		dev_kfree_skb_any(skb);
		return -ENOMEM;
	}
	buf->skb = skb;
	buf->dma = dma;
	buf->len = VFMGR_RX_BUF_LEN;
	desc[i].read.pkt_addr = cpu_to_le64(dma);
	desc[i].read.hdr_addr = 0;
	return 0;
}

/**
 * vfmgr_ring_rx_fill - give every free receive descriptor a buffer
 * @rx: receive ring
 *
 * Return: 0, or -ENOMEM when some descriptors stayed empty (the next poll
 * tries again).
 */
int vfmgr_ring_rx_fill(struct vfmgr_ring *rx)
{
	unsigned int n = vfmgr_ring_unused(rx), i = rx->next_to_use;
	int err = 0;

	if (!n)
		return 0;
	while (n--) {
		err = vfmgr_ring_rx_alloc_one(rx, i);
		if (err)
			break;
		i = (i + 1) % rx->count;
	}
	if (i != rx->next_to_use) {
		rx->next_to_use = i;
		/* Descriptors must be visible before the device sees the tail. */
		wmb();
		writel(i, rx->tail);
	}
	return err;
}

/**
 * vfmgr_ring_rx_clean - pass received frames up the stack
 * @rx: receive ring
 * @napi: NAPI context
 * @budget: most frames to process
 *
 * Return: number of frames processed.
 */
int vfmgr_ring_rx_clean(struct vfmgr_ring *rx, struct napi_struct *napi,
			int budget)
{
	struct net_device *netdev = rx->pf->netdev;
	struct device *dev = &rx->pf->pdev->dev;
	union vfmgr_adv_rx_desc *desc = rx->desc;
	unsigned int bytes = 0, drops = 0;
	int done = 0;

	while (done < budget) {
		unsigned int i = rx->next_to_clean;
		struct vfmgr_buf *buf = &rx->bufs[i];
		struct sk_buff *skb;
		u32 status;
		u16 len;

		if (i == rx->next_to_use)
			break;
		status = le32_to_cpu(READ_ONCE(desc[i].wb.status_error));
		if (!(status & VFMGR_RXD_STAT_DD))
			break;
		/* Read the rest of the descriptor only after DD. */
		dma_rmb();
		len = le16_to_cpu(desc[i].wb.length);

		skb = buf->skb;
		buf->skb = NULL;
		dma_unmap_single(dev, buf->dma, buf->len, DMA_FROM_DEVICE);
		rx->next_to_clean = (i + 1) % rx->count;
		done++;

		/* One buffer holds a whole frame; anything else is an error. */
		if (!(status & VFMGR_RXD_STAT_EOP) ||
		    (status & VFMGR_RXD_ERR_MASK) || len > buf->len) {
			dev_kfree_skb_any(skb);
			drops++;
			continue;
		}
		skb_put(skb, len);
		skb->protocol = eth_type_trans(skb, netdev);
		bytes += skb->len;
		napi_gro_receive(napi, skb);
	}

	u64_stats_update_begin(&rx->syncp);
	rx->packets += done - drops;
	rx->bytes += bytes;
	rx->drops += drops;
	u64_stats_update_end(&rx->syncp);

	if (vfmgr_ring_rx_fill(rx)) {
		u64_stats_update_begin(&rx->syncp);
		rx->drops++;
		u64_stats_update_end(&rx->syncp);
	}
	return done;
}

/**
 * vfmgr_ring_tx_clean - free transmitted frames
 * @tx: transmit ring
 * @budget: most frames to reap
 *
 * Return: true when the ring was emptied within @budget.
 */
bool vfmgr_ring_tx_clean(struct vfmgr_ring *tx, int budget)
{
	struct net_device *netdev = tx->pf->netdev;
	struct vfmgr_adv_tx_desc *desc = tx->desc;
	struct device *dev = &tx->pf->pdev->dev;
	unsigned int packets = 0, bytes = 0;

	while (packets < budget && tx->next_to_clean != tx->next_to_use) {
		unsigned int i = tx->next_to_clean;
		struct vfmgr_buf *buf = &tx->bufs[i];

		if (!(le32_to_cpu(READ_ONCE(desc[i].olinfo_status)) & VFMGR_TXD_STAT_DD))
			break;
		dma_rmb();
		dma_unmap_single(dev, buf->dma, buf->len, DMA_TO_DEVICE);
		bytes += buf->skb->len;
		packets++;
		napi_consume_skb(buf->skb, budget);
		buf->skb = NULL;
		tx->next_to_clean = (i + 1) % tx->count;
	}

	u64_stats_update_begin(&tx->syncp);
	tx->packets += packets;
	tx->bytes += bytes;
	u64_stats_update_end(&tx->syncp);

	/* Pairs with the barrier in vfmgr_ring_xmit() before stopping. */
	smp_mb();
	if (netif_queue_stopped(netdev) && vfmgr_ring_unused(tx) >= 2)
		netif_wake_queue(netdev);
	return tx->next_to_clean == tx->next_to_use || packets < budget;
}

/**
 * vfmgr_ring_xmit - queue one frame for transmission
 * @tx: transmit ring
 * @skb: linear frame
 *
 * Return: NETDEV_TX_OK, or NETDEV_TX_BUSY when the ring is full.
 */
netdev_tx_t vfmgr_ring_xmit(struct vfmgr_ring *tx, struct sk_buff *skb)
{
	struct net_device *netdev = tx->pf->netdev;
	struct vfmgr_adv_tx_desc *desc = tx->desc;
	struct device *dev = &tx->pf->pdev->dev;
	unsigned int i = tx->next_to_use;
	dma_addr_t dma;

	if (unlikely(!vfmgr_ring_unused(tx))) {
		netif_stop_queue(netdev);
		return NETDEV_TX_BUSY;
	}
	if (skb_put_padto(skb, ETH_ZLEN))
		goto drop_counted;

	dma = dma_map_single(dev, skb->data, skb->len, DMA_TO_DEVICE);
	if (dma_mapping_error(dev, dma))
		goto drop;

	tx->bufs[i].skb = skb;
	tx->bufs[i].dma = dma;
	tx->bufs[i].len = skb->len;
	desc[i].addr = cpu_to_le64(dma);
	desc[i].cmd_type_len = cpu_to_le32(VFMGR_TXD_DTYP_DATA | VFMGR_TXD_CMD_DEXT |
					   VFMGR_TXD_CMD_IFCS | VFMGR_TXD_CMD_EOP |
					   VFMGR_TXD_CMD_RS | skb->len);
	desc[i].olinfo_status = cpu_to_le32(skb->len << VFMGR_TXD_PAYLEN_SHIFT);
	skb_tx_timestamp(skb);

	tx->next_to_use = (i + 1) % tx->count;
	/* The descriptor must be complete before the device sees the tail. */
	wmb();
	writel(tx->next_to_use, tx->tail);

	if (unlikely(vfmgr_ring_unused(tx) < 2)) {
		netif_stop_queue(netdev);
		/* Let a concurrent clean see the stop, then re-check. */
		smp_mb();
		if (vfmgr_ring_unused(tx) >= 2)
			netif_wake_queue(netdev);
	}
	return NETDEV_TX_OK;

drop:
	dev_kfree_skb_any(skb);
drop_counted:
	u64_stats_update_begin(&tx->syncp);
	tx->drops++;
	u64_stats_update_end(&tx->syncp);
	return NETDEV_TX_OK;
}
