/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vfmgr private header: the objects every layer shares.
 *
 * Layers and prefixes, top to bottom; a file calls only files below it:
 * main.c (the PCI face: device ids, probe, remove, sriov_configure,
 * module init), then the surfaces vfmgr_netdev_ (netdev.c: the PF's own
 * network interface and the rtnetlink VF API), vfmgr_nl_ (netlink.c: the
 * generic netlink family's request handlers), vfmgr_dl_ (devlink.c: the
 * port's devlink instance, which holds its struct vfmgr_pf, devlink dev
 * info, params and the vf_abuse health reporter) and vfmgr_dbg_
 * (debugfs.c), then vfmgr_pf_ (pf.c: port
 * operations: mapping, interrupts, SR-IOV, port reset), vfmgr_mbx_
 * (mbx.c: requests from VFs), vfmgr_bind_ (bind.c: VF drivers, VF
 * devices and VFIO use), vfmgr_vf_ (vf.c: per-VF desired state, the one
 * change path, and how it reaches the hardware), vfmgr_ring_ (ring.c:
 * descriptor rings), and at the bottom vfmgr_fam_ (family.c: the family's
 * registration, its registry of ports and the events every layer sends;
 * family.h) and vfmgr_hw_ (hw/: registers, behind struct vfmgr_hw_ops).
 * scripts/callgraph.py checks the order.
 */
#ifndef _VFMGR_H
#define _VFMGR_H

#include <linux/if_ether.h>
#include <linux/if_link.h>
#include <linux/if_vlan.h>
#include <linux/io.h>
#include <linux/mutex.h>
#include <linux/netdevice.h>
#include <linux/netlink.h>
#include <linux/pci.h>
#include <linux/ratelimit.h>
#include <linux/seq_file.h>
#include <linux/types.h>
#include <linux/u64_stats_sync.h>
#include <linux/workqueue.h>

#include <uapi/linux/vfmgr.h>

#include "family.h"

#define VFMGR_DRV_NAME	"vfmgr"

/* MSI-X vectors of the PF: one for "other" causes, one for its queues. */
#define VFMGR_VEC_OTHER	0
#define VFMGR_VEC_QUEUE	1
#define VFMGR_NUM_VECS	2

#define VFMGR_MAX_VFS	7
#define VFMGR_VF_MC_HASHES 30
#define VFMGR_VF_MAC_FILTERS 3
/*
 * Per-VF quotas on the port's shared tables.  A stock igbvf joins VLAN 0
 * plus the VLANs its guest configures and adds at most three MAC
 * filters.  VLAN filter entries a VF would take are refused once only
 * VFMGR_VF_VLAN_RESERVE are left: those are the admin's (port VLANs) and
 * the PF's (its VLAN devices), whatever the VFs did.
 */
#define VFMGR_VF_VLAN_QUOTA	8
#define VFMGR_VF_VLAN_QUOTA_MAX	32
#define VFMGR_VF_VLAN_RESERVE	6
/*
 * Mailbox messages per second over which a VF is quarantined.  A stock
 * igbvf sends a handful per reset and a few per configuration change;
 * a flood runs at thousands.  Each quarantine halves the next threshold,
 * down to an eighth.
 */
#define VFMGR_VF_MBX_RATE	200
#define VFMGR_VF_MBX_RATE_MAX	100000
/*
 * The last messages read from each VF, kept for devlink health's dump of
 * a quarantine: a bounded ring of whole messages (a mailbox message is at
 * most VFMGR_VF_MSG_WORDS words).
 */
#define VFMGR_VF_LAST_MSGS	8
#define VFMGR_VF_MSG_WORDS	16
#define VFMGR_MTA_REGS	128
#define VFMGR_MAX_FRAME	9728

#define VFMGR_RING_SIZE	256
#define VFMGR_RX_BUF_LEN 2048

struct devlink_health_reporter;
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
 * struct vfmgr_vf_cfg - what the admin configured for one VF
 * @mac: admin MAC address; all zeroes when the VF may choose its own
 * @vlan: port VLAN inserted on transmit and required on receive; 0: none
 * @qos: 802.1p priority of the port VLAN
 * @spoofchk: the VF may send only from its own MAC and VLAN
 * @trusted: the VF may override @mac, add MAC filters and go promiscuous
 * @link_state: IFLA_VF_LINK_STATE_AUTO, _ENABLE or _DISABLE
 * @max_tx_rate: transmit rate limit in Mbps; 0: none
 * @max_frame: largest frame the VF may receive, bytes; 0: the hardware's
 * @driver: the driver vf-bind chose for this index (enum vfmgr_vf_driver),
 *	also used when the VF is created again; -1: the port's vf_driver
 *
 * This is the single source of truth: the hardware is programmed from it
 * after every VF reset, PF reset and SR-IOV re-enable.  It is kept per VF
 * index for as long as the port is claimed.
 */
struct vfmgr_vf_cfg {
	u8 mac[ETH_ALEN];
	u16 vlan;
	u8 qos;
	bool spoofchk;
	bool trusted;
	int link_state;
	u32 max_tx_rate;
	u32 max_frame;
	s32 driver;
};

/**
 * struct vfmgr_vf_counters - mailbox accounting of one VF
 * @requests: messages received
 * @accepted: requests granted
 * @refused: requests refused (NACK)
 * @resets: function level resets and VF resets seen
 * @restarts: handshake restarts the PF asked of the VF (new configuration)
 * @ignored: messages left unserved while the VF was quarantined
 * @quarantines: times the VF was quarantined
 * @late_resets: reset requests served too late for the VF's driver to be
 *	still waiting for the answer (see vfmgr_mbx_nudge())
 * @nudges: times the VF was prompted to restart after a late reset reply
 */
struct vfmgr_vf_counters {
	u64 requests;
	u64 accepted;
	u64 refused;
	u64 resets;
	u64 restarts;
	u64 ignored;
	u64 quarantines;
	u64 late_resets;
	u64 nudges;
};

/**
 * struct vfmgr_vf_trip - what got a VF quarantined
 * @msgs: messages read in the counting window
 * @ms: how long the window had run, milliseconds
 * @limit: the threshold the VF went over, messages per second
 */
struct vfmgr_vf_trip {
	u32 msgs;
	u32 ms;
	u32 limit;
};

/**
 * struct vfmgr_vf - one virtual function
 * @cfg: desired state, see struct vfmgr_vf_cfg
 * @present: the VF's PCI device exists (set by the PCI bus notifier)
 * @cts: the VF completed its reset handshake (clear to send)
 * @mac: MAC in use: the admin's, or one the VF chose
 * @mc_hashes: multicast hashes the VF asked for
 * @num_mc: number of valid @mc_hashes
 * @mc_promisc: the VF receives all multicast (trusted VFs only)
 * @uc_promisc: the VF receives all unicast (trusted VFs only)
 * @rx_max_frame: largest frame the VF asked to receive
 * @vlans: VLANs the VF asked to receive
 * @filter_rar: receive-address entries holding the VF's extra MAC filters
 * @filter_mac: the addresses in them, to tell who owns an address
 * @num_filters: number of valid @filter_rar
 * @last_nack: when a VF that is not clear to send was last refused
 * @req_at: when the interrupt left the VF's pending request to the mailbox
 *	work, jiffies
 * @late_at: when the VF's last late reset reply went out (see
 *	vfmgr_pf.mbx_late)
 * @quarantined: the VF sent messages too fast; they are not served until
 *	the admin releases it (a VF reset does not)
 * @strikes: quarantines so far; each lowers the next threshold
 * @trip: what got the VF quarantined the last time
 * @win_start: start of the current counting window, jiffies
 * @win_msgs: messages in it
 * @event_rs: limits the events a VF's own requests can cause
 * @log_rs: limits the log lines a VF's own requests can cause, per VF so
 *	that one VF cannot hide another's
 * @cnt: mailbox accounting
 * @stats: traffic counters widened from the hardware's 32-bit ones
 * @stats_last: last raw hardware values, to widen @stats
 * @last_msgs: what the VF's last requests carried, as the mailbox
 *	interrupt found them, a ring
 * @last_msg_next: where the next one goes in @last_msgs
 * @num_last_msgs: valid entries in @last_msgs
 *
 * Everything but @cfg, @cnt, @stats, the last messages and the
 * quarantine (@quarantined, @strikes, @trip) is runtime state the VF
 * asked for; it is dropped at every reset of the VF.  Protected by
 * vfmgr_pf.lock; the fields the mailbox interrupt uses (see
 * vfmgr_pf.mbx_lock) are written under vfmgr_pf.mbx_lock as well.
 */
struct vfmgr_vf {
	struct vfmgr_vf_cfg cfg;
	bool present;
	bool cts;
	u8 mac[ETH_ALEN];
	u16 mc_hashes[VFMGR_VF_MC_HASHES];
	unsigned int num_mc;
	bool mc_promisc;
	bool uc_promisc;
	u32 rx_max_frame;
	DECLARE_BITMAP(vlans, VLAN_N_VID);
	u8 filter_rar[VFMGR_VF_MAC_FILTERS];
	u8 filter_mac[VFMGR_VF_MAC_FILTERS][ETH_ALEN];
	unsigned int num_filters;
	unsigned long last_nack;
	unsigned long req_at;
	unsigned long late_at;
	bool quarantined;
	unsigned int strikes;
	struct vfmgr_vf_trip trip;
	unsigned long win_start;
	u32 win_msgs;
	struct ratelimit_state event_rs;
	struct ratelimit_state log_rs;
	struct vfmgr_vf_counters cnt;
	struct ifla_vf_stats stats;
	u32 stats_last[5];
	u32 last_msgs[VFMGR_VF_LAST_MSGS][VFMGR_VF_MSG_WORDS];
	unsigned int last_msg_next;
	unsigned int num_last_msgs;
};

/**
 * struct vfmgr_hw_pool_rx - receive policy of one pool
 * @untagged: accept untagged frames
 * @mc_hash: accept multicast that hits the shared hash table
 * @mc_promisc: accept all multicast
 * @uc_promisc: accept all unicast
 * @strip_vlan: strip the VLAN tag into the descriptor
 * @broadcast: accept broadcast
 * @max_frame: largest frame accepted, bytes
 */
struct vfmgr_hw_pool_rx {
	bool untagged;
	bool mc_hash;
	bool mc_promisc;
	bool uc_promisc;
	bool strip_vlan;
	bool broadcast;
	u32 max_frame;
};

/**
 * struct vfmgr_hw_nvm_version - the version of the port's NVM (EEPROM) image
 * @major: major version
 * @minor: minor version
 * @image: image id, when the image has no @etrack
 * @etrack: EETRACK id of the image; 0: none
 */
struct vfmgr_hw_nvm_version {
	u8 major;
	u8 minor;
	u8 image;
	u32 etrack;
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
 * @vlan_free: free VLAN filter entries; *@present: @vid has one already
 * @stats: accumulate the port's clear-on-read counters into @st
 * @dump: print the switching state (pools, filters, queues) for debugfs
 * @set_rar: program receive-address entry @idx for @pool (@mac NULL: clear)
 * @vf_rar: the receive-address entry of VF @vf's primary MAC
 * @filter_rar_first: first receive-address entry for VF MAC filters
 * @filter_rar_last: last one
 * @set_pool_rx: receive policy of @pool
 * @set_port_vlan: VLAN inserted on every frame @pool sends (0: none)
 * @pool_enable: let @pool receive and transmit, or stop it
 * @set_spoofchk: MAC and VLAN anti-spoofing for @pool
 * @set_tx_rate: limit @pool's transmit rate (0: no limit)
 * @mbx_events: read and acknowledge pending VF resets, requests and acks
 * @mbx_read: read a VF's message, keeping the buffer locked for the reply;
 *	without @wait, one try at the buffer's lock (interrupt context)
 * @mbx_write: write a message to a VF and release the buffer; @wait as
 *	for @mbx_read
 * @mbx_peek: read a VF's buffer without taking it, for the record of its
 *	last messages only (the VF may be writing it meanwhile)
 * @mbx_release: release a VF's buffer without writing
 * @mbx_kick: make every VF driver re-read its buffer now
 * @vf_stats: read a VF's raw 32-bit traffic counters
 * @pool_dump: print one pool's registers for debugfs
 * @nvm_version: read the version of the NVM image (EEPROM) the port runs
 *	with; vfmgr_pf.lock held, so that no reset reloads the NVM meanwhile.
 *	Returns 0, -ENODATA when the NVM holds no image, or another negative
 *	errno when it does not answer
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
	unsigned int (*vlan_free)(struct vfmgr_pf *pf, u16 vid, bool *present);
	void (*stats)(struct vfmgr_pf *pf, struct rtnl_link_stats64 *st);
	void (*dump)(struct vfmgr_pf *pf, struct seq_file *m);
	void (*set_rar)(struct vfmgr_pf *pf, unsigned int idx, const u8 *mac,
			unsigned int pool);
	unsigned int (*vf_rar)(unsigned int vf);
	unsigned int filter_rar_first;
	unsigned int filter_rar_last;
	void (*set_pool_rx)(struct vfmgr_pf *pf, unsigned int pool,
			    const struct vfmgr_hw_pool_rx *rx);
	void (*set_port_vlan)(struct vfmgr_pf *pf, unsigned int pool, u16 vid, u8 qos);
	void (*pool_enable)(struct vfmgr_pf *pf, unsigned int pool, bool on);
	void (*set_spoofchk)(struct vfmgr_pf *pf, unsigned int pool, bool on);
	void (*set_tx_rate)(struct vfmgr_pf *pf, unsigned int pool, u32 mbps,
			    u32 link_mbps);
	void (*mbx_events)(struct vfmgr_pf *pf, u32 *flr, u32 *req, u32 *ack);
	int (*mbx_read)(struct vfmgr_pf *pf, unsigned int vf, u32 *msg, unsigned int n,
			bool wait);
	int (*mbx_write)(struct vfmgr_pf *pf, unsigned int vf, const u32 *msg,
			 unsigned int n, bool wait);
	void (*mbx_peek)(struct vfmgr_pf *pf, unsigned int vf, u32 *msg,
			 unsigned int n);
	void (*mbx_release)(struct vfmgr_pf *pf, unsigned int vf);
	void (*mbx_kick)(struct vfmgr_pf *pf);
	void (*vf_stats)(struct vfmgr_pf *pf, unsigned int vf, u32 *raw);
	void (*pool_dump)(struct vfmgr_pf *pf, unsigned int pool, struct seq_file *m);
	int (*nvm_version)(struct vfmgr_pf *pf, struct vfmgr_hw_nvm_version *ver);
};

/**
 * struct vfmgr_pf - one physical function (NIC port) owned by vfmgr
 * @pdev: the port's PCI device
 * @hw_addr: mapping of BAR0, the device registers
 * @ops: register access for this device family
 * @pf_pool: the pool (queue pair) that carries the PF's own traffic
 * @perm_addr: station address the port reported when it was claimed
 * @mac: the PF's own address as programmed, which no VF may take;
 *	protected by @lock
 * @netdev: the PF's network interface
 * @napi: polls the PF's rings
 * @rx: receive ring of the PF pool
 * @tx: transmit ring of the PF pool
 * @irq_name: names of the MSI-X vectors, for /proc/interrupts
 * @link_work: reads the link after a link-change interrupt
 * @hw_stats: port counters accumulated from the clear-on-read registers
 * @stats_lock: protects @hw_stats
 * @lock: protects @vfs, @num_vfs, the shared filter tables (RAR,
 *	VLVF/VFTA) and every register sequence that programs them; taken in
 *	process context only, after rtnl_lock when both are held
 * @mta_lock: protects @pf_mta and the VFs' multicast hashes while the
 *	shared hash table is rebuilt (the stack sets the PF's list in atomic
 *	context)
 * @pf_mta: multicast hash bits the PF interface asked for
 * @mta_shadow: the hash table as last written (PF and VF bits together)
 * @rar_used: receive-address entries lent to VF MAC filters
 * @vf_vlan_quota: VLANs one VF may join by request
 * @vf_mac_quota: extra MAC filters one VF may add, at most
 *	VFMGR_VF_MAC_FILTERS
 * @vf_mbx_rate: messages per second over which a VF is quarantined (0:
 *	never)
 *
 * The three limits are protected by @lock and changed only through
 * vfmgr_mbx_limit_set() (genl pf-set and devlink params alike).
 * @num_vfs: VFs enabled
 * @vfs: per-VF state, kept for every index while the port is claimed
 * @mbx_lock: protects the mailbox state the interrupt handler shares
 *	with process context: the @mbx_* masks but @mbx_late, @mbx_stash,
 *	@mbx_runs, @mbx_fast, @mbx_ns, and of each VF @cts, @req_at,
 *	@rx_max_frame, the quarantine and counting-window fields, @cnt and
 *	the last messages; also each VF pool's receive policy register,
 *	written from that state.  Taken in the interrupt handler and, with
 *	interrupts off, under @lock.
 * @mbx_claimed: VFs whose buffer a PF context is using, one bit each
 *	(vfmgr_mbx_claim()); process context claims only under @lock
 * @mbx_flr: VFs reset (FLR) and not handled yet; under @mbx_lock
 * @mbx_req: VFs with a request left to @mbx_work; under @mbx_lock
 * @mbx_stashed: of those, VFs whose request was read already, into
 *	@mbx_stash; under @mbx_lock
 * @mbx_ack: VFs that read a message of ours and are owed a refusal
 * @mbx_changed: VFs whose request was served in the interrupt and whose
 *	change event is still to be sent
 * @mbx_tripped: VFs quarantined in the interrupt, not announced yet
 * @mbx_busy: VFs @mbx_work is serving; the interrupt leaves them alone
 * @mbx_stash: requests read in the interrupt for @mbx_work
 * @mbx_late: VFs whose reset reply went out too late for their driver to
 *	be waiting, and that have sent nothing since; under @lock
 * @mbx_nudged: the VF of @mbx_late last prompted to restart, or -1; one at
 *	a time, so that their drivers do not all restart at once; under @lock
 * @mbx_nudged_at: when, jiffies; under @lock
 * @mbx_work: serves VF resets and the mailbox requests the interrupt
 *	handler leaves, in process context
 * @mbx_runs: times the mailbox was served (interrupt or work)
 * @mbx_fast: requests answered in the interrupt; under @mbx_lock
 * @mbx_ns: time it spent, the host's cost of the VFs' mailbox traffic
 * @stats_work: widens the VFs' 32-bit counters before they wrap
 * @restart_pending: VFs to be told to restart their handshake for a new
 *	admin configuration; under @lock
 * @restart_work: tells them, once the admin's changes stopped coming
 * @dbg: debugfs directory of this port
 * @fam: the family's registry entry and event queue for this port
 * @vf_driver: the driver new VFs are bound to (enum vfmgr_vf_driver);
 *	written under the PF's device lock, read by the PCI bus notifier
 * @bind_node: entry in bind.c's list of ports whose VFs the PCI bus
 *	notifier serves, from vfmgr_bind_pf_start() to vfmgr_bind_pf_stop()
 * @use_work: notices VFs being opened and closed through VFIO
 * @vf_open: VFs seen open through VFIO, one bit per index; each set bit
 *	holds a reference on the module.  Only @use_work touches it while
 *	it runs.
 * @abuse_reporter: the devlink health reporter of VF quarantines
 *	(devlink.c)
 * @abuse_work: reports quarantines to @abuse_reporter, outside @lock
 *	(devlink.c's; queued by mbx.c)
 * @abuse_pending: VFs quarantined and not reported yet, one bit per
 *	index; under @lock
 * @abuse_report: quarantines are to be reported (the devlink instance is
 *	registered); under @lock
 * @dp_up: the PF interface's rings and queue interrupt are set up (open
 *	succeeded and no stop since); under rtnl_lock
 * @dp_quiesced: of those, the rings are stopped for a port reset; under
 *	rtnl_lock
 * @recovering: a reset by the PCI core (function reset) or AER recovery
 *	is under way: what would touch the port is refused with -EBUSY until
 *	it is programmed again.  Written under rtnl_lock and @lock, so
 *	either lock is enough to read it.
 *
 * It lives in the private area of the port's devlink instance (devlink.c),
 * allocated first in probe and freed last in remove.
 */
struct vfmgr_pf {
	struct pci_dev *pdev;
	u8 __iomem *hw_addr;
	const struct vfmgr_hw_ops *ops;
	unsigned int pf_pool;
	u8 perm_addr[ETH_ALEN];
	u8 mac[ETH_ALEN];
	struct net_device *netdev;
	struct napi_struct napi;
	struct vfmgr_ring rx;
	struct vfmgr_ring tx;
	char irq_name[VFMGR_NUM_VECS][IFNAMSIZ + 16];
	struct work_struct link_work;
	struct rtnl_link_stats64 hw_stats;
	spinlock_t stats_lock;	/* protects hw_stats */
	struct mutex lock;	/* protects VF state and filters, see above */
	spinlock_t mta_lock;	/* protects the multicast hash table */
	u32 pf_mta[VFMGR_MTA_REGS];
	u32 mta_shadow[VFMGR_MTA_REGS];
	unsigned long rar_used;
	u32 vf_vlan_quota;
	u32 vf_mac_quota;
	u32 vf_mbx_rate;
	unsigned int num_vfs;
	struct vfmgr_vf vfs[VFMGR_MAX_VFS];
	spinlock_t mbx_lock;	/* protects the mailbox state, see above */
	unsigned long mbx_claimed;
	unsigned long mbx_flr;
	unsigned long mbx_req;
	unsigned long mbx_stashed;
	unsigned long mbx_ack;
	unsigned long mbx_changed;
	unsigned long mbx_tripped;
	unsigned long mbx_busy;
	u32 mbx_stash[VFMGR_MAX_VFS][VFMGR_VF_MSG_WORDS];
	unsigned long mbx_late;
	int mbx_nudged;
	unsigned long mbx_nudged_at;
	struct work_struct mbx_work;
	u64 mbx_runs;
	u64 mbx_fast;
	u64 mbx_ns;
	struct delayed_work stats_work;
	unsigned long restart_pending;
	struct delayed_work restart_work;
	struct dentry *dbg;
	struct vfmgr_fam_port fam;
	u32 vf_driver;
	struct list_head bind_node;
	struct delayed_work use_work;
	unsigned long vf_open;
	struct devlink_health_reporter *abuse_reporter;
	struct work_struct abuse_work;
	unsigned long abuse_pending;
	bool abuse_report;
	bool dp_up;
	bool dp_quiesced;
	bool recovering;
};

/*
 * A MAC address as the receive-address registers and the mailbox carry
 * it: bytes 0-3 in one little-endian word, bytes 4-5 in the next.
 */
static inline void vfmgr_mac_from_words(u8 *mac, u32 lo, u32 hi)
{
	mac[0] = lo;
	mac[1] = lo >> 8;
	mac[2] = lo >> 16;
	mac[3] = lo >> 24;
	mac[4] = hi;
	mac[5] = hi >> 8;
}

static inline void vfmgr_mac_to_words(const u8 *mac, u32 *lo, u32 *hi)
{
	*lo = mac[0] | mac[1] << 8 | mac[2] << 16 | (u32)mac[3] << 24;
	*hi = mac[4] | mac[5] << 8;
}

/*
 * A PF context owns VF @v's buffer from taking the buffer's hardware lock
 * to its reply.  The mailbox interrupt only tries, and leaves a VF it
 * cannot claim to the mailbox work; process context (always under
 * vfmgr_pf.lock, so one at a time) waits the few register accesses the
 * interrupt needs.
 */
static inline bool vfmgr_mbx_try_claim(struct vfmgr_pf *pf, unsigned int v)
{
	return !test_and_set_bit_lock(v, &pf->mbx_claimed);
}

static inline void vfmgr_mbx_claim(struct vfmgr_pf *pf, unsigned int v)
{
	lockdep_assert_held(&pf->lock);
	while (test_and_set_bit_lock(v, &pf->mbx_claimed))
		cpu_relax();
}

static inline void vfmgr_mbx_unclaim(struct vfmgr_pf *pf, unsigned int v)
{
	clear_bit_unlock(v, &pf->mbx_claimed);
}

/**
 * vfmgr_link_speed - the port's link speed
 * @pf: the port
 *
 * Return: Mbps, or 0 while the link is down.
 */
static inline u32 vfmgr_link_speed(struct vfmgr_pf *pf)
{
	bool fd;
	u32 speed;

	return pf->ops->link_up(pf, &speed, &fd) ? speed : 0;
}

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

/*
 * Name the VF a refusal is about in the extended ack's cookie: its index
 * as a u32 in host byte order (the spec's top-level doc), so tools need
 * not read the message.
 */
static inline void vfmgr_extack_vf(struct netlink_ext_ack *extack, u32 vf)
{
	if (!extack)
		return;
	memcpy(extack->cookie, &vf, sizeof(vf));
	extack->cookie_len = sizeof(vf);
}

/* What every surface says while vfmgr_pf.recovering is set. */
#define VFMGR_MSG_RECOVERING	"the port is being reset; try again when it is back"

extern struct pci_driver vfmgr_pf_driver;
extern struct workqueue_struct *vfmgr_wq;
extern const struct vfmgr_hw_ops vfmgr_hw_82576_ops;

int vfmgr_netdev_create(struct vfmgr_pf *pf);
void vfmgr_netdev_destroy(struct vfmgr_pf *pf);
void vfmgr_netdev_link_work(struct work_struct *work);
void vfmgr_netdev_detach(struct vfmgr_pf *pf);
void vfmgr_netdev_attach(struct vfmgr_pf *pf);

int vfmgr_ring_alloc(struct vfmgr_pf *pf, struct vfmgr_ring *ring,
		     unsigned int qidx, size_t desc_size);
void vfmgr_ring_free(struct vfmgr_ring *ring);
int vfmgr_ring_rx_fill(struct vfmgr_ring *rx);
int vfmgr_ring_rx_clean(struct vfmgr_ring *rx, struct napi_struct *napi,
			int budget);
bool vfmgr_ring_tx_clean(struct vfmgr_ring *tx, int budget);
netdev_tx_t vfmgr_ring_xmit(struct vfmgr_ring *tx, struct sk_buff *skb);
void vfmgr_ring_drain(struct vfmgr_ring *ring, bool is_tx);

void vfmgr_vf_init_all(struct vfmgr_pf *pf);
void vfmgr_vf_cancel_restarts(struct vfmgr_pf *pf);
void vfmgr_vf_start(struct vfmgr_pf *pf, unsigned int vf);
void vfmgr_vf_stop(struct vfmgr_pf *pf, unsigned int vf);
void vfmgr_vf_reset(struct vfmgr_pf *pf, unsigned int vf);
void vfmgr_vf_apply(struct vfmgr_pf *pf, unsigned int vf);
void vfmgr_vf_apply_rx(struct vfmgr_pf *pf, unsigned int vf);
void vfmgr_vf_write_mta(struct vfmgr_pf *pf);
void vfmgr_vf_clear_filters(struct vfmgr_pf *pf, struct vfmgr_vf *vf);
void vfmgr_vf_notify(struct vfmgr_pf *pf, unsigned int vf);
void vfmgr_vf_notify_all(struct vfmgr_pf *pf);
void vfmgr_vf_link_changed(struct vfmgr_pf *pf);
void vfmgr_vf_update_stats(struct vfmgr_pf *pf, unsigned int vf);

/* Who holds an address or a port VLAN: a VF index, the PF, or no one. */
#define VFMGR_OWNER_NONE	(-1)
#define VFMGR_OWNER_PF		VFMGR_MAX_VFS
int vfmgr_vf_addr_owner(struct vfmgr_pf *pf, const u8 *mac, int self);
int vfmgr_vf_port_vlan_owner(struct vfmgr_pf *pf, u16 vid, int self);

/**
 * enum vfmgr_vf_setting - what a struct vfmgr_vf_change may carry
 * @VFMGR_VF_SET_MAC: @mac, the admin MAC (all zeroes: none)
 * @VFMGR_VF_SET_VLAN: @vlan, the port VLAN (0: none)
 * @VFMGR_VF_SET_QOS: @qos, the port VLAN's priority
 * @VFMGR_VF_SET_VLAN_PROTO: @vlan_proto (rtnetlink; only 802.1Q is taken)
 * @VFMGR_VF_SET_SPOOFCHK: @spoofchk
 * @VFMGR_VF_SET_TRUST: @trusted
 * @VFMGR_VF_SET_LINK_STATE: @link_state, IFLA_VF_LINK_STATE_*
 * @VFMGR_VF_SET_MIN_TX_RATE: @min_tx_rate (rtnetlink; only 0 is taken)
 * @VFMGR_VF_SET_MAX_TX_RATE: @max_tx_rate, Mbps (0: none)
 * @VFMGR_VF_SET_MAX_FRAME: @max_frame, bytes (0: the hardware's)
 * @VFMGR_VF_SET_DRIVER: @driver, the vf-bind choice (-1: none)
 * @VFMGR_VF_SET_NONE: no setting: a refusal about the port as a whole
 */
enum vfmgr_vf_setting {
	VFMGR_VF_SET_MAC,
	VFMGR_VF_SET_VLAN,
	VFMGR_VF_SET_QOS,
	VFMGR_VF_SET_VLAN_PROTO,
	VFMGR_VF_SET_SPOOFCHK,
	VFMGR_VF_SET_TRUST,
	VFMGR_VF_SET_LINK_STATE,
	VFMGR_VF_SET_MIN_TX_RATE,
	VFMGR_VF_SET_MAX_TX_RATE,
	VFMGR_VF_SET_MAX_FRAME,
	VFMGR_VF_SET_DRIVER,
	VFMGR_VF_SET_NONE,
};

/**
 * struct vfmgr_vf_change - one change to a VF's configuration
 * @set: the settings given, BIT(enum vfmgr_vf_setting) each
 * @mac: see enum vfmgr_vf_setting
 * @vlan: see enum vfmgr_vf_setting
 * @qos: see enum vfmgr_vf_setting
 * @vlan_proto: see enum vfmgr_vf_setting
 * @spoofchk: see enum vfmgr_vf_setting
 * @trusted: see enum vfmgr_vf_setting
 * @link_state: see enum vfmgr_vf_setting
 * @min_tx_rate: see enum vfmgr_vf_setting
 * @max_tx_rate: see enum vfmgr_vf_setting
 * @max_frame: see enum vfmgr_vf_setting
 * @driver: see enum vfmgr_vf_setting
 * @source: the path the change comes through, for the event
 * @bad: on a refusal, the setting it is about
 * @msg: on a refusal, why, for the surface to report
 */
struct vfmgr_vf_change {
	unsigned long set;
	u8 mac[ETH_ALEN];
	u16 vlan;
	u8 qos;
	__be16 vlan_proto;
	bool spoofchk;
	bool trusted;
	u32 link_state;
	u32 min_tx_rate;
	u32 max_tx_rate;
	u32 max_frame;
	s32 driver;
	enum vfmgr_source source;
	enum vfmgr_vf_setting bad;
	char msg[80];
};

int vfmgr_vf_change(struct vfmgr_pf *pf, unsigned int vf, struct vfmgr_vf_change *c);
void vfmgr_vf_clear(struct vfmgr_pf *pf, unsigned int vf, enum vfmgr_source source);
void vfmgr_vf_dump(struct vfmgr_pf *pf, unsigned int vf, struct seq_file *m);

void vfmgr_mbx_service(struct vfmgr_pf *pf);
bool vfmgr_mbx_irq(struct vfmgr_pf *pf);
void vfmgr_mbx_forget(struct vfmgr_pf *pf);
void vfmgr_mbx_nudge(struct vfmgr_pf *pf);
bool vfmgr_mbx_release(struct vfmgr_pf *pf, unsigned int vf);

/**
 * enum vfmgr_mbx_limit - the port's limits on what its VFs may ask
 * @VFMGR_MBX_LIMIT_VLAN_QUOTA: vfmgr_pf.vf_vlan_quota
 * @VFMGR_MBX_LIMIT_MAC_QUOTA: vfmgr_pf.vf_mac_quota
 * @VFMGR_MBX_LIMIT_MBX_RATE: vfmgr_pf.vf_mbx_rate
 */
enum vfmgr_mbx_limit {
	VFMGR_MBX_LIMIT_VLAN_QUOTA,
	VFMGR_MBX_LIMIT_MAC_QUOTA,
	VFMGR_MBX_LIMIT_MBX_RATE,
};

int vfmgr_mbx_limit_check(enum vfmgr_mbx_limit limit, u32 val, u32 *max);
void vfmgr_mbx_limit_set(struct vfmgr_pf *pf, enum vfmgr_mbx_limit limit, u32 val);
u32 vfmgr_mbx_limit_get(struct vfmgr_pf *pf, enum vfmgr_mbx_limit limit);

void vfmgr_pf_init(struct vfmgr_pf *pf, struct pci_dev *pdev);
int vfmgr_pf_map(struct vfmgr_pf *pf);
void vfmgr_pf_unmap(struct vfmgr_pf *pf);
int vfmgr_pf_irq_setup(struct vfmgr_pf *pf);
void vfmgr_pf_irq_teardown(struct vfmgr_pf *pf);
int vfmgr_pf_take_leftover_vfs(struct vfmgr_pf *pf);
int vfmgr_pf_sriov_enable(struct vfmgr_pf *pf, int num_vfs);
int vfmgr_pf_sriov_remove(struct vfmgr_pf *pf, struct netlink_ext_ack *extack);
void vfmgr_pf_release_vfs(struct vfmgr_pf *pf);
int vfmgr_pf_set_num_vfs(struct vfmgr_pf *pf, unsigned int num_vfs, u32 vf_driver,
			 struct netlink_ext_ack *extack);
void vfmgr_pf_reset(struct vfmgr_pf *pf);
void vfmgr_pf_quiesce(struct vfmgr_pf *pf);
void vfmgr_pf_restart(struct vfmgr_pf *pf);

int vfmgr_bind_init(void);
void vfmgr_bind_exit(void);
const char *vfmgr_bind_driver_name(u32 vf_driver);
int vfmgr_bind_load_driver(u32 vf_driver);
/* Room for "ADDRESS (DRIVER)" that still fits an extack message. */
#define VFMGR_BIND_BLOCKER_LEN	48
struct pci_dev *vfmgr_bind_get_vf_dev(struct vfmgr_pf *pf, unsigned int vf);
int vfmgr_bind_vf_open(struct pci_dev *vfdev);
int vfmgr_bind_reset_vf(struct pci_dev *vfdev, struct netlink_ext_ack *extack);
int vfmgr_bind_viable(struct pci_dev *vfdev, char *blocker, size_t len);
int vfmgr_bind_vf(struct vfmgr_pf *pf, unsigned int v, u32 vf_driver,
		  struct netlink_ext_ack *extack);
void vfmgr_bind_pf_start(struct vfmgr_pf *pf);
void vfmgr_bind_pf_rescan(struct vfmgr_pf *pf);
void vfmgr_bind_pf_stop(struct vfmgr_pf *pf);

struct vfmgr_pf *vfmgr_dl_alloc(struct pci_dev *pdev);
void vfmgr_dl_free(struct vfmgr_pf *pf);
int vfmgr_dl_init(struct vfmgr_pf *pf);
void vfmgr_dl_fini(struct vfmgr_pf *pf);
void vfmgr_dl_register(struct vfmgr_pf *pf);
void vfmgr_dl_unregister(struct vfmgr_pf *pf);

void vfmgr_dbg_init(void);
void vfmgr_dbg_exit(void);
void vfmgr_dbg_pf_add(struct vfmgr_pf *pf);
void vfmgr_dbg_pf_del(struct vfmgr_pf *pf);

#endif /* _VFMGR_H */
