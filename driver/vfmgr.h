/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vfmgr private header: the objects every layer shares.
 *
 * Layers and prefixes: vfmgr_pf_ (pf.c: probe, remove, SR-IOV, resets),
 * vfmgr_netdev_ (netdev.c: the PF's own network interface and the
 * rtnetlink VF API), vfmgr_ring_ (ring.c: descriptor rings), vfmgr_hw_
 * (hw/: registers, behind struct vfmgr_hw_ops), vfmgr_dbg_ (debugfs.c).
 */
#ifndef _VFMGR_H
#define _VFMGR_H

#include <linux/if_ether.h>
#include <linux/io.h>
#include <linux/mutex.h>
#include <linux/netdevice.h>
#include <linux/pci.h>
#include <linux/seq_file.h>
#include <linux/types.h>
#include <linux/u64_stats_sync.h>
#include <linux/workqueue.h>

#define VFMGR_DRV_NAME	"vfmgr"

/* MSI-X vectors of the PF: one for "other" causes, one for its queues. */
#define VFMGR_VEC_OTHER	0
#define VFMGR_VEC_QUEUE	1
#define VFMGR_NUM_VECS	2

#define VFMGR_RING_SIZE	256
#define VFMGR_RX_BUF_LEN 2048

struct vfmgr_pf;

/**
 * struct vfmgr_buf - one descriptor's buffer
 * @skb: the packet
 * @dma: its DMA mapping
 * @len: mapped length
 */
struct vfmgr_buf {
	struct sk_buff *skb;
	dma_addr_t dma;
	unsigned int len;
};

/**
 * struct vfmgr_ring - a descriptor ring of the PF's pool
 * @pf: owner
 * @desc: descriptor array (DMA coherent)
 * @dma: its bus address
 * @bufs: per-descriptor buffers
 * @tail: mapped tail register
 * @qidx: hardware queue index
 * @count: number of descriptors
 * @next_to_use: next descriptor software fills
 * @next_to_clean: next descriptor software reaps
 * @syncp: protects @packets and @bytes for 32-bit readers
 * @packets: packets completed
 * @bytes: bytes completed
 * @drops: packets dropped by software (allocation, mapping, length)
 */
struct vfmgr_ring {
	struct vfmgr_pf *pf;
	void *desc;
	dma_addr_t dma;
	struct vfmgr_buf *bufs;
	u8 __iomem *tail;
	unsigned int qidx;
	unsigned int count;
	unsigned int next_to_use;
	unsigned int next_to_clean;
	struct u64_stats_sync syncp;
	u64 packets;
	u64 bytes;
	u64 drops;
};

/**
 * struct vfmgr_hw_ops - everything that touches a device family's registers
 * @reset: full function reset; leaves the device quiet, link untouched
 * @init: program the global switching (pools, filters, interrupts) after
 *	a reset; the PF pool receives nothing until its rings are enabled
 * @read_mac: read the station address the device reset to
 * @set_pf_mac: program the PF's own unicast filter
 * @link_up: report the link and its speed (Mbps) and duplex
 * @rx_ring_enable: program and enable a receive ring
 * @tx_ring_enable: program and enable a transmit ring
 * @ring_disable: stop a ring pair and wait for the queues to go idle
 * @irq_enable: unmask the PF's interrupt causes
 * @irq_disable: mask the PF's interrupt causes (leaves VF vectors alone)
 * @read_icr: read and clear the "other" cause register
 * @queue_irq_rearm: re-enable the queue vector after NAPI completes
 * @set_mta: write the multicast hash table (4096 bits)
 * @set_pf_rx_mode: PF pool multicast/promiscuous policy
 * @set_vlan: add or remove @vid for @pool in the VLAN filter
 * @stats: accumulate the port's clear-on-read counters into @st
 * @dump: print the switching state (pools, filters, queues) for debugfs
 */
struct vfmgr_hw_ops {
	int (*reset)(struct vfmgr_pf *pf);
	void (*init)(struct vfmgr_pf *pf);
	void (*read_mac)(struct vfmgr_pf *pf, u8 *mac);
	void (*set_pf_mac)(struct vfmgr_pf *pf, const u8 *mac);
	bool (*link_up)(struct vfmgr_pf *pf, u32 *speed, bool *full_duplex);
	void (*rx_ring_enable)(struct vfmgr_pf *pf, struct vfmgr_ring *ring,
			       unsigned int max_frame);
	void (*tx_ring_enable)(struct vfmgr_pf *pf, struct vfmgr_ring *ring);
	void (*ring_disable)(struct vfmgr_pf *pf, struct vfmgr_ring *rx,
			     struct vfmgr_ring *tx);
	void (*irq_enable)(struct vfmgr_pf *pf);
	void (*irq_disable)(struct vfmgr_pf *pf);
	u32 (*read_icr)(struct vfmgr_pf *pf);
	void (*queue_irq_rearm)(struct vfmgr_pf *pf);
	void (*set_mta)(struct vfmgr_pf *pf, const u32 *mta);
	void (*set_pf_rx_mode)(struct vfmgr_pf *pf, bool allmulti, bool promisc);
	int (*set_vlan)(struct vfmgr_pf *pf, unsigned int pool, u16 vid,
			bool add);
	void (*stats)(struct vfmgr_pf *pf, struct rtnl_link_stats64 *st);
	void (*dump)(struct vfmgr_pf *pf, struct seq_file *m);
};

/**
 * struct vfmgr_pf - one physical function (NIC port) owned by vfmgr
 * @pdev: the port's PCI device
 * @hw_addr: mapping of BAR0, the device registers
 * @ops: register access for this device family
 * @pf_pool: the pool (queue pair) that carries the PF's own traffic
 * @perm_addr: station address the port reported when it was claimed
 * @netdev: the PF's network interface
 * @napi: polls the PF's rings
 * @rx: receive ring of the PF pool
 * @tx: transmit ring of the PF pool
 * @irq_name: names of the MSI-X vectors, for /proc/interrupts
 * @link_work: reads the link after a link-change interrupt
 * @hw_stats: port counters accumulated from the clear-on-read registers
 * @stats_lock: protects @hw_stats
 * @lock: protects the shared filter tables (RAR, VLVF/VFTA) and every
 *	register sequence that programs them; taken in process context only,
 *	after rtnl_lock when both are held
 * @dbg: debugfs directory of this port
 */
struct vfmgr_pf {
	struct pci_dev *pdev;
	u8 __iomem *hw_addr;
	const struct vfmgr_hw_ops *ops;
	unsigned int pf_pool;
	u8 perm_addr[ETH_ALEN];
	struct net_device *netdev;
	struct napi_struct napi;
	struct vfmgr_ring rx;
	struct vfmgr_ring tx;
	char irq_name[VFMGR_NUM_VECS][IFNAMSIZ + 16];
	struct work_struct link_work;
	struct rtnl_link_stats64 hw_stats;
	spinlock_t stats_lock;	/* protects hw_stats */
	struct mutex lock;	/* protects filter tables, see above */
	struct dentry *dbg;
};

static inline u32 vfmgr_rd32(struct vfmgr_pf *pf, u32 reg)
{
	return readl(pf->hw_addr + reg);
}

static inline void vfmgr_wr32(struct vfmgr_pf *pf, u32 reg, u32 val)
{
	writel(val, pf->hw_addr + reg);
}

/* Push posted writes to the device. */
static inline void vfmgr_flush(struct vfmgr_pf *pf)
{
	readl(pf->hw_addr + 0x8);
}

extern struct pci_driver vfmgr_pf_driver;
extern const struct vfmgr_hw_ops vfmgr_hw_82576_ops;

int vfmgr_netdev_create(struct vfmgr_pf *pf);
void vfmgr_netdev_destroy(struct vfmgr_pf *pf);
void vfmgr_netdev_link_update(struct vfmgr_pf *pf);

int vfmgr_ring_alloc(struct vfmgr_pf *pf, struct vfmgr_ring *ring,
		     unsigned int qidx, size_t desc_size);
void vfmgr_ring_free(struct vfmgr_ring *ring);
int vfmgr_ring_rx_fill(struct vfmgr_ring *rx);
int vfmgr_ring_rx_clean(struct vfmgr_ring *rx, struct napi_struct *napi,
			int budget);
bool vfmgr_ring_tx_clean(struct vfmgr_ring *tx, int budget);
netdev_tx_t vfmgr_ring_xmit(struct vfmgr_ring *tx, struct sk_buff *skb);
void vfmgr_ring_drain(struct vfmgr_ring *ring, bool is_tx);

void vfmgr_dbg_init(void);
void vfmgr_dbg_exit(void);
void vfmgr_dbg_pf_add(struct vfmgr_pf *pf);
void vfmgr_dbg_pf_del(struct vfmgr_pf *pf);

#endif /* _VFMGR_H */
