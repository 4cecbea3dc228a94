// SPDX-License-Identifier: GPL-2.0
/*
 * The PF's own network interface: the host keeps using the port while
 * VFs come and go, and libvirt, ip and systemd-networkd find the PF here.
 */
#include <linux/etherdevice.h>
#include <linux/ethtool.h>
#include <linux/if_vlan.h>
#include <linux/interrupt.h>
#include <linux/netdevice.h>
#include <linux/pci.h>

#include "vfmgr.h"
#include "hw/82576_regs.h"

struct vfmgr_netdev_priv {
	struct vfmgr_pf *pf;
};

static struct vfmgr_pf *vfmgr_netdev_pf(struct net_device *netdev)
{
	return ((struct vfmgr_netdev_priv *)netdev_priv(netdev))->pf;
}

/*
 * While the PCI core or AER recovery resets the port, nothing may touch
 * it: refuse, saying why (these callbacks have no extack).
 */
static int vfmgr_netdev_busy(struct net_device *netdev)
{
	if (!READ_ONCE(vfmgr_netdev_pf(netdev)->recovering))
		return 0;
	if (net_ratelimit())
		netdev_warn(netdev, VFMGR_MSG_RECOVERING "\n");
	return -EBUSY;
}

static unsigned int vfmgr_netdev_max_frame(struct net_device *netdev)
{
	return netdev->mtu + ETH_HLEN + VLAN_HLEN + ETH_FCS_LEN;
}

static irqreturn_t vfmgr_netdev_queue_irq(int irq, void *data)
{
	struct vfmgr_pf *pf = data;

	napi_schedule_irqoff(&pf->napi);
	return IRQ_HANDLED;
}

static int vfmgr_netdev_poll(struct napi_struct *napi, int budget)
{
	struct vfmgr_pf *pf = container_of(napi, struct vfmgr_pf, napi);
	bool tx_done;
	int done;

	tx_done = vfmgr_ring_tx_clean(&pf->tx, budget);
	done = vfmgr_ring_rx_clean(&pf->rx, napi, budget);
	if (!tx_done || done >= budget)
		return budget;
	if (napi_complete_done(napi, done))
		pf->ops->queue_irq_rearm(pf);
	return done;
}

/* Report the port's link to the stack: after a link change, and at open. */
static void vfmgr_netdev_link_update(struct vfmgr_pf *pf)
{
	struct net_device *netdev = pf->netdev;
	bool up, fd;
	u32 speed;

	up = pf->ops->link_up(pf, &speed, &fd);
	if (up && !netif_carrier_ok(netdev)) {
		netdev_info(netdev, "link up, %u Mbps, %s duplex\n", speed,
			    fd ? "full" : "half");
		netif_carrier_on(netdev);
	} else if (!up && netif_carrier_ok(netdev)) {
		netdev_info(netdev, "link down\n");
		netif_carrier_off(netdev);
	}
}

/**
 * vfmgr_netdev_link_work - the port's link changed
 * @work: the port's link_work
 *
 * Reports the link to the stack and tells the VFs, whose rate limits
 * follow the link speed.
 */
void vfmgr_netdev_link_work(struct work_struct *work)
{
	struct vfmgr_pf *pf = container_of(work, struct vfmgr_pf, link_work);

	vfmgr_netdev_link_update(pf);
	mutex_lock(&pf->lock);
	vfmgr_vf_link_changed(pf);
	mutex_unlock(&pf->lock);
}

static int vfmgr_netdev_open(struct net_device *netdev)
{
	struct vfmgr_pf *pf = vfmgr_netdev_pf(netdev);
	int err;

	err = vfmgr_ring_alloc(pf, &pf->rx, pf->pf_pool, sizeof(union vfmgr_adv_rx_desc));
	if (err)
		return err;
	err = vfmgr_ring_alloc(pf, &pf->tx, pf->pf_pool, sizeof(struct vfmgr_adv_tx_desc));
	if (err)
		goto err_free_rx;

	pf->ops->tx_ring_enable(pf, &pf->tx);
	pf->ops->rx_ring_enable(pf, &pf->rx, vfmgr_netdev_max_frame(netdev));
	err = vfmgr_ring_rx_fill(&pf->rx);
	if (err)
		goto err_disable_rings;

	err = request_irq(pci_irq_vector(pf->pdev, VFMGR_VEC_QUEUE),
			  vfmgr_netdev_queue_irq, 0, pf->irq_name[VFMGR_VEC_QUEUE], pf);
	if (err)
		goto err_disable_rings;

	napi_enable(&pf->napi);
	pf->dp_up = true;
	pf->ops->irq_enable(pf);
	netif_start_queue(netdev);
	vfmgr_netdev_link_update(pf);
	return 0;

err_disable_rings:
	pf->ops->ring_disable(pf, &pf->rx, &pf->tx);
	vfmgr_ring_drain(&pf->rx, false);
	vfmgr_ring_free(&pf->tx);
err_free_rx:
	vfmgr_ring_free(&pf->rx);
	return err;
}

static int vfmgr_netdev_stop(struct net_device *netdev)
{
	struct vfmgr_pf *pf = vfmgr_netdev_pf(netdev);

	netif_carrier_off(netdev);
	/* A reopen that failed (an MTU change) left nothing to stop. */
	if (!pf->dp_up)
		return 0;
	/* A reset under way stopped the rings already. */
	if (!pf->dp_quiesced) {
		netif_stop_queue(netdev);
		pf->ops->ring_disable(pf, &pf->rx, &pf->tx);
		napi_disable(&pf->napi);
	}
	free_irq(pci_irq_vector(pf->pdev, VFMGR_VEC_QUEUE), pf);
	vfmgr_ring_drain(&pf->tx, true);
	vfmgr_ring_drain(&pf->rx, false);
	vfmgr_ring_free(&pf->tx);
	vfmgr_ring_free(&pf->rx);
	pf->dp_up = false;
	pf->dp_quiesced = false;
	return 0;
}

static netdev_tx_t vfmgr_netdev_xmit(struct sk_buff *skb, struct net_device *netdev)
{
	return vfmgr_ring_xmit(&vfmgr_netdev_pf(netdev)->tx, skb);
}

static void vfmgr_netdev_ring_stats(struct vfmgr_ring *ring, u64 *packets,
				    u64 *bytes, u64 *drops)
{
	unsigned int start;

	do {
		start = u64_stats_fetch_begin(&ring->syncp);
		*packets = ring->packets;
		*bytes = ring->bytes;
		*drops = ring->drops;
	} while (u64_stats_fetch_retry(&ring->syncp, start));
}

static void vfmgr_netdev_get_stats64(struct net_device *netdev,
				     struct rtnl_link_stats64 *st)
{
	struct vfmgr_pf *pf = vfmgr_netdev_pf(netdev);

	if (netif_running(netdev)) {
		vfmgr_netdev_ring_stats(&pf->rx, &st->rx_packets, &st->rx_bytes,
					&st->rx_dropped);
		vfmgr_netdev_ring_stats(&pf->tx, &st->tx_packets, &st->tx_bytes,
					&st->tx_dropped);
	}
	spin_lock(&pf->stats_lock);
	if (!READ_ONCE(pf->recovering))
		pf->ops->stats(pf, &pf->hw_stats);
	st->rx_crc_errors = pf->hw_stats.rx_crc_errors;
	st->rx_missed_errors = pf->hw_stats.rx_missed_errors;
	st->multicast = pf->hw_stats.multicast;
	spin_unlock(&pf->stats_lock);
	st->rx_errors = st->rx_crc_errors;
}

/* Program the interface's address; the VFs may not take it. */
static void vfmgr_netdev_program_mac(struct vfmgr_pf *pf)
{
	lockdep_assert_held(&pf->lock);
	ether_addr_copy(pf->mac, pf->netdev->dev_addr);
	pf->ops->set_pf_mac(pf, pf->mac);
}

static int vfmgr_netdev_set_mac(struct net_device *netdev, void *p)
{
	struct vfmgr_pf *pf = vfmgr_netdev_pf(netdev);
	struct sockaddr *addr = p;

	int owner;

	if (!is_valid_ether_addr(addr->sa_data))
		return -EADDRNOTAVAIL;
	if (vfmgr_netdev_busy(netdev))
		return -EBUSY;
	mutex_lock(&pf->lock);
	owner = vfmgr_vf_addr_owner(pf, addr->sa_data, VFMGR_OWNER_PF);
	if (owner != VFMGR_OWNER_NONE) {
		mutex_unlock(&pf->lock);
		netdev_err(netdev, "%pM is in use by VF %d\n", addr->sa_data, owner);
		return -EADDRINUSE;
	}
	eth_hw_addr_set(netdev, addr->sa_data);
	vfmgr_netdev_program_mac(pf);
	mutex_unlock(&pf->lock);
	return 0;
}

/* Multicast filter: a 4096-bit hash of the top 12 bits of the address. */
static u32 vfmgr_netdev_mta_hash(const u8 *addr)
{
	return ((addr[4] >> 4) | ((u32)addr[5] << 4)) & (VFMGR_MTA_REGS * 32 - 1);
}

static void vfmgr_netdev_set_rx_mode(struct net_device *netdev)
{
	struct vfmgr_pf *pf = vfmgr_netdev_pf(netdev);
	struct netdev_hw_addr *ha;

	/* The hash table is shared with the VFs: merge, then write. */
	spin_lock_bh(&pf->mta_lock);
	memset(pf->pf_mta, 0, sizeof(pf->pf_mta));
	netdev_for_each_mc_addr(ha, netdev) {
		u32 h = vfmgr_netdev_mta_hash(ha->addr);

		pf->pf_mta[h / 32] |= BIT(h % 32);
	}
	spin_unlock_bh(&pf->mta_lock);
	/* During a reset the lists are kept; the restore writes them. */
	if (READ_ONCE(pf->recovering))
		return;
	vfmgr_vf_write_mta(pf);
	pf->ops->set_pf_rx_mode(pf, netdev->flags & IFF_ALLMULTI,
				netdev->flags & IFF_PROMISC);
}

/*
 * The receive buffers follow the MTU: the rings are reopened.  If that
 * fails (memory), the old MTU is tried again; if even that fails, the
 * interface stays up without rings and is stopped cleanly later.
 */
static int vfmgr_netdev_change_mtu(struct net_device *netdev, int mtu)
{
	struct vfmgr_pf *pf = vfmgr_netdev_pf(netdev);
	int old = netdev->mtu, err;

	if (vfmgr_netdev_busy(netdev))
		return -EBUSY;
	if (!pf->dp_up) {
		WRITE_ONCE(netdev->mtu, mtu);
		return 0;
	}
	vfmgr_netdev_stop(netdev);
	WRITE_ONCE(netdev->mtu, mtu);
	err = vfmgr_netdev_open(netdev);
	if (!err)
		return 0;
	netdev_err(netdev, "cannot reopen with MTU %d: %pe\n", mtu, ERR_PTR(err));
	WRITE_ONCE(netdev->mtu, old);
	if (vfmgr_netdev_open(netdev))
		netdev_err(netdev, "cannot reopen; set the interface down and up\n");
	return err;
}

static int vfmgr_netdev_vlan_add(struct net_device *netdev, __be16 proto, u16 vid)
{
	struct vfmgr_pf *pf = vfmgr_netdev_pf(netdev);
	int err;

	if (vfmgr_netdev_busy(netdev))
		return -EBUSY;
	mutex_lock(&pf->lock);
	err = pf->ops->set_vlan(pf, pf->pf_pool, vid, true);
	mutex_unlock(&pf->lock);
	if (err)
		netdev_err(netdev, "no VLAN filter entry left for VID %u\n", vid);
	return err;
}

static int vfmgr_netdev_vlan_del(struct net_device *netdev, __be16 proto, u16 vid)
{
	struct vfmgr_pf *pf = vfmgr_netdev_pf(netdev);
	int err;

	/* The restore after a reset programs only the VLANs left. */
	if (READ_ONCE(pf->recovering))
		return 0;
	mutex_lock(&pf->lock);
	err = pf->ops->set_vlan(pf, pf->pf_pool, vid, false);
	mutex_unlock(&pf->lock);
	return err;
}

/* Quiesce the datapath before a port reset. */
static void vfmgr_netdev_reset_prepare(struct vfmgr_pf *pf)
{
	struct net_device *netdev = pf->netdev;

	ASSERT_RTNL();
	if (!pf->dp_up || pf->dp_quiesced)
		return;
	netif_stop_queue(netdev);
	napi_disable(&pf->napi);
	pf->ops->ring_disable(pf, &pf->rx, &pf->tx);
	vfmgr_ring_drain(&pf->tx, true);
	vfmgr_ring_drain(&pf->rx, false);
	pf->dp_quiesced = true;
}

static int vfmgr_netdev_vlan_restore(struct net_device *netdev, int vid, void *arg)
{
	struct vfmgr_pf *pf = arg;

	return pf->ops->set_vlan(pf, pf->pf_pool, vid, true);
}

/*
 * Bring the datapath back after a port reset: everything the stack had
 * configured (address, multicast list, VLANs, rings).
 */
static void vfmgr_netdev_reset_done(struct vfmgr_pf *pf)
{
	struct net_device *netdev = pf->netdev;

	ASSERT_RTNL();
	mutex_lock(&pf->lock);
	vfmgr_netdev_program_mac(pf);
	vlan_for_each(netdev, vfmgr_netdev_vlan_restore, pf);
	mutex_unlock(&pf->lock);
	netif_addr_lock_bh(netdev);
	vfmgr_netdev_set_rx_mode(netdev);
	netif_addr_unlock_bh(netdev);
	if (!pf->dp_quiesced)
		return;
	pf->ops->tx_ring_enable(pf, &pf->tx);
	pf->ops->rx_ring_enable(pf, &pf->rx, vfmgr_netdev_max_frame(netdev));
	if (vfmgr_ring_rx_fill(&pf->rx))
		netdev_warn(netdev, "receive ring not fully refilled after reset\n");
	napi_enable(&pf->napi);
	pf->dp_quiesced = false;
	netif_wake_queue(netdev);
}

/**
 * vfmgr_netdev_detach - take the interface off the port for a reset
 * @pf: the port
 *
 * For a reset the PCI core or AER recovery does.  Until
 * vfmgr_netdev_attach(), the interface cannot be opened, and changes that
 * would touch the port (address, MTU, VLANs, VF settings, the number of
 * VFs) are refused with -EBUSY; the multicast list and VLANs the stack
 * keeps are written on return.  Calling it again is harmless.
 *
 * Context: rtnl_lock held.
 */
void vfmgr_netdev_detach(struct vfmgr_pf *pf)
{
	ASSERT_RTNL();
	if (pf->recovering)
		return;
	vfmgr_netdev_reset_prepare(pf);
	netif_device_detach(pf->netdev);
	netif_carrier_off(pf->netdev);
	mutex_lock(&pf->lock);
	WRITE_ONCE(pf->recovering, true);
	mutex_unlock(&pf->lock);
}

/**
 * vfmgr_netdev_attach - give the interface its port back after a reset
 * @pf: the port, programmed again (vfmgr_pf_restart())
 *
 * Everything the stack had configured is written again, and the port's
 * interrupts are unmasked.
 *
 * Context: rtnl_lock held.
 */
void vfmgr_netdev_attach(struct vfmgr_pf *pf)
{
	ASSERT_RTNL();
	mutex_lock(&pf->lock);
	WRITE_ONCE(pf->recovering, false);
	mutex_unlock(&pf->lock);
	vfmgr_netdev_reset_done(pf);
	netif_device_attach(pf->netdev);
	pf->ops->irq_enable(pf);
	queue_work(vfmgr_wq, &pf->link_work);
}

/*
 * rtnetlink VF API: ip link set PF vf N ...  Each callback turns its
 * arguments into one change for vf.c, which checks and applies it exactly
 * as it does for the family; a refusal is logged, since rtnetlink gives
 * these callbacks no extack.
 */
static int vfmgr_netdev_vf_exists(struct net_device *netdev, int vf)
{
	unsigned int n = READ_ONCE(vfmgr_netdev_pf(netdev)->num_vfs);

	if (vf >= 0 && vf < n)
		return 0;
	netdev_err(netdev, "VF %d does not exist (%u VFs enabled)\n", vf, n);
	return -EINVAL;
}

static int vfmgr_netdev_vf_change(struct net_device *netdev, int vf,
				  struct vfmgr_vf_change *c)
{
	struct vfmgr_pf *pf = vfmgr_netdev_pf(netdev);
	int err;

	err = vfmgr_netdev_vf_exists(netdev, vf);
	if (err)
		return err;
	c->source = VFMGR_SOURCE_RTNETLINK;
	err = vfmgr_vf_change(pf, vf, c);
	if (err)
		netdev_err(netdev, "VF %d: %s\n", vf, c->msg);
	return err;
}

static int vfmgr_netdev_set_vf_mac(struct net_device *netdev, int vf, u8 *mac)
{
	struct vfmgr_vf_change c = { .set = BIT(VFMGR_VF_SET_MAC) };

	ether_addr_copy(c.mac, mac);
	return vfmgr_netdev_vf_change(netdev, vf, &c);
}

static int vfmgr_netdev_set_vf_vlan(struct net_device *netdev, int vf, u16 vlan,
				    u8 qos, __be16 proto)
{
	struct vfmgr_vf_change c = {
		.set = BIT(VFMGR_VF_SET_VLAN) | BIT(VFMGR_VF_SET_QOS) |
		       BIT(VFMGR_VF_SET_VLAN_PROTO),
		.vlan = vlan,
		.qos = qos,
		.vlan_proto = proto,
	};

	return vfmgr_netdev_vf_change(netdev, vf, &c);
}

static int vfmgr_netdev_set_vf_rate(struct net_device *netdev, int vf,
				    int min_tx_rate, int max_tx_rate)
{
	struct vfmgr_vf_change c = {
		.set = BIT(VFMGR_VF_SET_MIN_TX_RATE) | BIT(VFMGR_VF_SET_MAX_TX_RATE),
		/* Negative rates become out of range. */
		.min_tx_rate = min_tx_rate,
		.max_tx_rate = max_tx_rate,
	};

	return vfmgr_netdev_vf_change(netdev, vf, &c);
}

static int vfmgr_netdev_set_vf_spoofchk(struct net_device *netdev, int vf, bool on)
{
	struct vfmgr_vf_change c = { .set = BIT(VFMGR_VF_SET_SPOOFCHK), .spoofchk = on };

	return vfmgr_netdev_vf_change(netdev, vf, &c);
}

static int vfmgr_netdev_set_vf_trust(struct net_device *netdev, int vf, bool on)
{
	struct vfmgr_vf_change c = { .set = BIT(VFMGR_VF_SET_TRUST), .trusted = on };

	return vfmgr_netdev_vf_change(netdev, vf, &c);
}

static int vfmgr_netdev_set_vf_link_state(struct net_device *netdev, int vf, int state)
{
	struct vfmgr_vf_change c = {
		.set = BIT(VFMGR_VF_SET_LINK_STATE),
		.link_state = state,
	};

	return vfmgr_netdev_vf_change(netdev, vf, &c);
}

/*
 * The 82576's mailbox has no request through which a VF could read the
 * port's RSS key and table: "off" is what every VF has, "on" is refused
 * with the reason (systemd's QueryReceiveSideScaling=, ip's query_rss).
 */
static int vfmgr_netdev_set_vf_rss_query_en(struct net_device *netdev, int vf, bool on)
{
	int err;

	err = vfmgr_netdev_vf_exists(netdev, vf);
	if (err || !on)
		return err;
	netdev_err(netdev, "VF %d: RSS query refused: an 82576 VF cannot read the port's RSS configuration\n",
		   vf);
	return -EOPNOTSUPP;
}

static int vfmgr_netdev_get_vf_config(struct net_device *netdev, int vf,
				      struct ifla_vf_info *ivi)
{
	struct vfmgr_pf *pf = vfmgr_netdev_pf(netdev);
	struct vfmgr_vf *v;

	if (vf < 0 || vf >= READ_ONCE(pf->num_vfs))
		return -EINVAL;
	v = &pf->vfs[vf];
	mutex_lock(&pf->lock);
	ivi->vf = vf;
	/* The address in use, as igb reports it: the admin's or the VF's. */
	ether_addr_copy(ivi->mac, v->mac);
	ivi->vlan = v->cfg.vlan;
	ivi->qos = v->cfg.qos;
	ivi->vlan_proto = htons(ETH_P_8021Q);
	ivi->spoofchk = v->cfg.spoofchk;
	ivi->trusted = v->cfg.trusted;
	ivi->linkstate = v->cfg.link_state;
	ivi->max_tx_rate = v->cfg.max_tx_rate;
	ivi->min_tx_rate = 0;
	mutex_unlock(&pf->lock);
	return 0;
}

static int vfmgr_netdev_get_vf_stats(struct net_device *netdev, int vf,
				     struct ifla_vf_stats *st)
{
	struct vfmgr_pf *pf = vfmgr_netdev_pf(netdev);

	if (vf < 0 || vf >= READ_ONCE(pf->num_vfs))
		return -EINVAL;
	mutex_lock(&pf->lock);
	vfmgr_vf_update_stats(pf, vf);
	*st = pf->vfs[vf].stats;
	mutex_unlock(&pf->lock);
	return 0;
}

static const struct net_device_ops vfmgr_netdev_ops = {
	.ndo_open = vfmgr_netdev_open,
	.ndo_stop = vfmgr_netdev_stop,
	.ndo_start_xmit = vfmgr_netdev_xmit,
	.ndo_get_stats64 = vfmgr_netdev_get_stats64,
	.ndo_set_mac_address = vfmgr_netdev_set_mac,
	.ndo_validate_addr = eth_validate_addr,
	.ndo_set_rx_mode = vfmgr_netdev_set_rx_mode,
	.ndo_change_mtu = vfmgr_netdev_change_mtu,
	.ndo_vlan_rx_add_vid = vfmgr_netdev_vlan_add,
	.ndo_vlan_rx_kill_vid = vfmgr_netdev_vlan_del,
	.ndo_set_vf_mac = vfmgr_netdev_set_vf_mac,
	.ndo_set_vf_vlan = vfmgr_netdev_set_vf_vlan,
	.ndo_set_vf_rate = vfmgr_netdev_set_vf_rate,
	.ndo_set_vf_spoofchk = vfmgr_netdev_set_vf_spoofchk,
	.ndo_set_vf_trust = vfmgr_netdev_set_vf_trust,
	.ndo_set_vf_link_state = vfmgr_netdev_set_vf_link_state,
	.ndo_set_vf_rss_query_en = vfmgr_netdev_set_vf_rss_query_en,
	.ndo_get_vf_config = vfmgr_netdev_get_vf_config,
	.ndo_get_vf_stats = vfmgr_netdev_get_vf_stats,
};

static void vfmgr_netdev_get_drvinfo(struct net_device *netdev,
				     struct ethtool_drvinfo *info)
{
	struct vfmgr_pf *pf = vfmgr_netdev_pf(netdev);

	strscpy(info->driver, VFMGR_DRV_NAME, sizeof(info->driver));
	strscpy(info->version, VFMGR_VERSION, sizeof(info->version));
	strscpy(info->bus_info, pci_name(pf->pdev), sizeof(info->bus_info));
}

static int vfmgr_netdev_get_link_ksettings(struct net_device *netdev,
					   struct ethtool_link_ksettings *ks)
{
	struct vfmgr_pf *pf = vfmgr_netdev_pf(netdev);
	bool fd;
	u32 speed;

	ks->base.port = PORT_TP;
	ks->base.autoneg = AUTONEG_ENABLE;
	if (netif_carrier_ok(netdev) && pf->ops->link_up(pf, &speed, &fd)) {
		ks->base.speed = speed;
		ks->base.duplex = fd ? DUPLEX_FULL : DUPLEX_HALF;
	} else {
		ks->base.speed = SPEED_UNKNOWN;
		ks->base.duplex = DUPLEX_UNKNOWN;
	}
	return 0;
}

static const char vfmgr_netdev_stat_names[][ETH_GSTRING_LEN] = {
	"rx_packets", "rx_bytes", "rx_dropped",
	"tx_packets", "tx_bytes", "tx_dropped",
	"rx_crc_errors", "rx_missed_errors", "rx_multicast",
};

static int vfmgr_netdev_get_sset_count(struct net_device *netdev, int sset)
{
	return sset == ETH_SS_STATS ? ARRAY_SIZE(vfmgr_netdev_stat_names) : -EOPNOTSUPP;
}

static void vfmgr_netdev_get_strings(struct net_device *netdev, u32 sset, u8 *data)
{
	if (sset == ETH_SS_STATS)
		memcpy(data, vfmgr_netdev_stat_names, sizeof(vfmgr_netdev_stat_names));
}

static void vfmgr_netdev_get_ethtool_stats(struct net_device *netdev,
					   struct ethtool_stats *stats, u64 *data)
{
	struct rtnl_link_stats64 st = { };

	vfmgr_netdev_get_stats64(netdev, &st);
	data[0] = st.rx_packets;
	data[1] = st.rx_bytes;
	data[2] = st.rx_dropped;
	data[3] = st.tx_packets;
	data[4] = st.tx_bytes;
	data[5] = st.tx_dropped;
	data[6] = st.rx_crc_errors;
	data[7] = st.rx_missed_errors;
	data[8] = st.multicast;
}

/* ethtool --reset: a full port reset; everything configured is restored. */
static int vfmgr_netdev_reset(struct net_device *netdev, u32 *flags)
{
	const u32 parts = ETH_RESET_DMA | ETH_RESET_FILTER | ETH_RESET_OFFLOAD |
			  ETH_RESET_MAC | ETH_RESET_PHY | ETH_RESET_IRQ;
	const u32 all = parts | parts << ETH_RESET_SHARED_SHIFT;
	struct vfmgr_pf *pf = vfmgr_netdev_pf(netdev);

	if (!(*flags & all))
		return -EOPNOTSUPP;
	if (vfmgr_netdev_busy(netdev))
		return -EBUSY;
	/* One way down: quiesce this interface, reset the port, restore. */
	vfmgr_netdev_reset_prepare(pf);
	vfmgr_pf_reset(pf);
	vfmgr_netdev_reset_done(pf);
	pf->ops->irq_enable(pf);
	queue_work(vfmgr_wq, &pf->link_work);
	*flags &= ~all;
	return 0;
}

static const struct ethtool_ops vfmgr_netdev_ethtool_ops = {
	.get_drvinfo = vfmgr_netdev_get_drvinfo,
	.get_link = ethtool_op_get_link,
	.get_link_ksettings = vfmgr_netdev_get_link_ksettings,
	.get_sset_count = vfmgr_netdev_get_sset_count,
	.get_strings = vfmgr_netdev_get_strings,
	.get_ethtool_stats = vfmgr_netdev_get_ethtool_stats,
	.reset = vfmgr_netdev_reset,
};

/**
 * vfmgr_netdev_create - create and register the PF's network interface
 * @pf: a port whose device is reset and initialised
 *
 * Return: 0 or a negative errno.
 */
int vfmgr_netdev_create(struct vfmgr_pf *pf)
{
	struct net_device *netdev;
	struct vfmgr_netdev_priv *priv;
	int err;

	netdev = alloc_etherdev(sizeof(*priv));
	if (!netdev)
		return -ENOMEM;
	priv = netdev_priv(netdev);
	priv->pf = pf;
	pf->netdev = netdev;
	SET_NETDEV_DEV(netdev, &pf->pdev->dev);
	netdev->netdev_ops = &vfmgr_netdev_ops;
	netdev->ethtool_ops = &vfmgr_netdev_ethtool_ops;
	netdev->features = NETIF_F_HW_VLAN_CTAG_FILTER;
	netdev->min_mtu = ETH_MIN_MTU;
	netdev->max_mtu = VFMGR_RX_BUF_LEN - ETH_HLEN - VLAN_HLEN - ETH_FCS_LEN;
	netdev->watchdog_timeo = 5 * HZ;
	eth_hw_addr_set(netdev, pf->perm_addr);
	if (!is_valid_ether_addr(netdev->dev_addr)) {
		eth_hw_addr_random(netdev);
		pci_warn(pf->pdev, "no valid station address, using random %pM\n",
			 netdev->dev_addr);
	}
	mutex_lock(&pf->lock);
	vfmgr_netdev_program_mac(pf);
	mutex_unlock(&pf->lock);
	netif_napi_add(netdev, &pf->napi, vfmgr_netdev_poll);
	netif_carrier_off(netdev);

	err = register_netdev(netdev);
	if (err) {
		netif_napi_del(&pf->napi);
		free_netdev(netdev);
		pf->netdev = NULL;
		return err;
	}
	return 0;
}

/**
 * vfmgr_netdev_destroy - unregister and free the PF's network interface
 * @pf: the port
 */
void vfmgr_netdev_destroy(struct vfmgr_pf *pf)
{
	unregister_netdev(pf->netdev);
	netif_napi_del(&pf->napi);
	free_netdev(pf->netdev);
	pf->netdev = NULL;
}
