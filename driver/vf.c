// SPDX-License-Identifier: GPL-2.0
/*
 * Per-VF desired state and how it reaches the hardware.
 *
 * The admin's configuration (struct vfmgr_vf_cfg) is the only input the
 * hardware is programmed from, together with what the VF itself asked for
 * and was allowed.  vfmgr_vf_apply() writes all of it for one VF; every
 * reset path (VF FLR, VF driver reload, PF reset, SR-IOV re-enable) ends
 * in it, so nothing the admin set is ever lost.
 */
#include <linux/etherdevice.h>
#include <linux/ethtool.h>
#include <linux/if_link.h>
#include <linux/seq_file.h>

#include "vfmgr.h"
#include "mbx.h"

/* Frames a VF receives before it asks for more: 1500 bytes, one tag. */
#define VFMGR_VF_DEFAULT_FRAME	(ETH_FRAME_LEN + VLAN_HLEN + ETH_FCS_LEN)

static void vfmgr_vf_restart_work(struct work_struct *work);

/**
 * vfmgr_vf_init_all - give every VF index its default configuration
 * @pf: a port being claimed
 */
void vfmgr_vf_init_all(struct vfmgr_pf *pf)
{
	unsigned int i;

	pf->vf_vlan_quota = VFMGR_VF_VLAN_QUOTA;
	pf->vf_mac_quota = VFMGR_VF_MAC_FILTERS;
	pf->vf_mbx_rate = VFMGR_VF_MBX_RATE;
	INIT_DELAYED_WORK(&pf->restart_work, vfmgr_vf_restart_work);
	for (i = 0; i < VFMGR_MAX_VFS; i++) {
		struct vfmgr_vf_cfg *cfg = &pf->vfs[i].cfg;

		memset(cfg, 0, sizeof(*cfg));
		cfg->spoofchk = true;
		cfg->link_state = IFLA_VF_LINK_STATE_AUTO;
		cfg->driver = -1;
		/* A VF flooding the mailbox must not flood the event listeners. */
		ratelimit_state_init(&pf->vfs[i].event_rs, 5 * HZ, 50);
		ratelimit_set_flags(&pf->vfs[i].event_rs, RATELIMIT_MSG_ON_RELEASE);
		ratelimit_state_init(&pf->vfs[i].log_rs, 5 * HZ, 10);
		ratelimit_set_flags(&pf->vfs[i].log_rs, RATELIMIT_MSG_ON_RELEASE);
	}
}

/**
 * vfmgr_vf_addr_owner - who holds a unicast address on the port
 * @pf: the port
 * @mac: the address
 * @self: the function asking (a VF index, or VFMGR_OWNER_PF); its own
 *	addresses do not count
 *
 * The PF holds its own address.  A VF holds its admin MAC (for every
 * index, created or not: the admin meant it for that VF), the address it
 * uses now and its MAC filters.
 *
 * Context: pf->lock held.
 * Return: the holder's VF index, VFMGR_OWNER_PF, or VFMGR_OWNER_NONE.
 */
int vfmgr_vf_addr_owner(struct vfmgr_pf *pf, const u8 *mac, int self)
{
	unsigned int i, j;

	lockdep_assert_held(&pf->lock);
	if (is_zero_ether_addr(mac))
		return VFMGR_OWNER_NONE;
	if (self != VFMGR_OWNER_PF && ether_addr_equal(mac, pf->mac))
		return VFMGR_OWNER_PF;
	for (i = 0; i < VFMGR_MAX_VFS; i++) {
		const struct vfmgr_vf *vf = &pf->vfs[i];

		if ((int)i == self)
			continue;
		if (ether_addr_equal(mac, vf->cfg.mac))
			return i;
		if (i >= pf->num_vfs)
			continue;
		if (ether_addr_equal(mac, vf->mac))
			return i;
		for (j = 0; j < vf->num_filters; j++)
			if (ether_addr_equal(mac, vf->filter_mac[j]))
				return i;
	}
	return VFMGR_OWNER_NONE;
}

/**
 * vfmgr_vf_port_vlan_owner - which VF has a VLAN as its port VLAN
 * @pf: the port
 * @vid: the VLAN (0 is nobody's)
 * @self: a VF index not to count, or VFMGR_OWNER_NONE
 *
 * Context: pf->lock held.
 * Return: a VF index, or VFMGR_OWNER_NONE.
 */
int vfmgr_vf_port_vlan_owner(struct vfmgr_pf *pf, u16 vid, int self)
{
	unsigned int i;

	lockdep_assert_held(&pf->lock);
	for (i = 0; vid && i < VFMGR_MAX_VFS; i++)
		if ((int)i != self && pf->vfs[i].cfg.vlan == vid)
			return i;
	return VFMGR_OWNER_NONE;
}

static u32 vfmgr_vf_max_frame(const struct vfmgr_vf *vf)
{
	u32 cap = vf->cfg.max_frame ?: VFMGR_MAX_FRAME;

	return min(vf->rx_max_frame, cap);
}

/**
 * vfmgr_vf_write_mta - rebuild the shared multicast hash table
 * @pf: the port
 *
 * The table is one for the whole port: the PF's hashes and those of every
 * VF are merged; each pool then takes hash hits only if it asked for any.
 */
void vfmgr_vf_write_mta(struct vfmgr_pf *pf)
{
	unsigned int v, i;

	spin_lock_bh(&pf->mta_lock);
	memcpy(pf->mta_shadow, pf->pf_mta, sizeof(pf->mta_shadow));
	for (v = 0; v < pf->num_vfs; v++) {
		const struct vfmgr_vf *vf = &pf->vfs[v];

		for (i = 0; i < vf->num_mc; i++)
			pf->mta_shadow[vf->mc_hashes[i] >> 5] |= BIT(vf->mc_hashes[i] & 31);
	}
	pf->ops->set_mta(pf, pf->mta_shadow);
	spin_unlock_bh(&pf->mta_lock);
}

/**
 * vfmgr_vf_clear_filters - drop the extra MAC filters a VF added
 * @pf: the port
 * @vf: the VF
 *
 * Context: pf->lock held.
 */
void vfmgr_vf_clear_filters(struct vfmgr_pf *pf, struct vfmgr_vf *vf)
{
	unsigned int i;

	lockdep_assert_held(&pf->lock);

	for (i = 0; i < vf->num_filters; i++) {
		pf->ops->set_rar(pf, vf->filter_rar[i], NULL, 0);
		clear_bit(vf->filter_rar[i], &pf->rar_used);
	}
	vf->num_filters = 0;
}

static void vfmgr_vf_clear_vlans(struct vfmgr_pf *pf, unsigned int v)
{
	struct vfmgr_vf *vf = &pf->vfs[v];
	unsigned int vid;

	/* VLAN 0 (priority tags) included; a port VLAN's entry stays. */
	for_each_set_bit(vid, vf->vlans, VLAN_N_VID)
		if (!vid || vid != vf->cfg.vlan)
			pf->ops->set_vlan(pf, v, vid, false);
	bitmap_zero(vf->vlans, VLAN_N_VID);
}

/* Forget what the VF asked for; keep what the admin configured. */
static void vfmgr_vf_clear_runtime(struct vfmgr_pf *pf, unsigned int v)
{
	struct vfmgr_vf *vf = &pf->vfs[v];

	lockdep_assert_held(&pf->lock);
	spin_lock_irq(&pf->mbx_lock);
	vf->cts = false;
	vf->rx_max_frame = VFMGR_VF_DEFAULT_FRAME;
	spin_unlock_irq(&pf->mbx_lock);
	vfmgr_vf_clear_vlans(pf, v);
	vfmgr_vf_clear_filters(pf, vf);
	spin_lock_bh(&pf->mta_lock);
	vf->num_mc = 0;
	spin_unlock_bh(&pf->mta_lock);
	vf->mc_promisc = false;
	vf->uc_promisc = false;
	ether_addr_copy(vf->mac, vf->cfg.mac);
}

/**
 * vfmgr_vf_apply_rx - program one VF pool's receive policy from its state
 * @pf: the port
 * @v: VF index
 *
 * The part of vfmgr_vf_apply() the mailbox interrupt also needs, for a
 * request that changes nothing else (the frame size).
 *
 * Context: pf->mbx_lock held.
 */
void vfmgr_vf_apply_rx(struct vfmgr_pf *pf, unsigned int v)
{
	const struct vfmgr_vf *vf = &pf->vfs[v];
	struct vfmgr_hw_pool_rx rx = { };

	lockdep_assert_held(&pf->mbx_lock);
	rx.untagged = !vf->cfg.vlan;
	rx.broadcast = true;
	rx.mc_hash = vf->num_mc > 0;
	rx.mc_promisc = vf->mc_promisc;
	rx.uc_promisc = vf->uc_promisc;
	rx.strip_vlan = vf->cfg.vlan || !bitmap_empty(vf->vlans, VLAN_N_VID);
	rx.max_frame = vfmgr_vf_max_frame(vf);
	pf->ops->set_pool_rx(pf, v, &rx);
}

/**
 * vfmgr_vf_apply - program the hardware for one VF from its state
 * @pf: the port
 * @v: VF index, below @pf->num_vfs
 *
 * Context: pf->lock held.
 */
void vfmgr_vf_apply(struct vfmgr_pf *pf, unsigned int v)
{
	struct vfmgr_vf *vf = &pf->vfs[v];
	const struct vfmgr_vf_cfg *cfg = &vf->cfg;

	lockdep_assert_held(&pf->lock);
	pf->ops->set_rar(pf, pf->ops->vf_rar(v),
			 is_zero_ether_addr(vf->mac) ? NULL : vf->mac, v);

	if (cfg->vlan && pf->ops->set_vlan(pf, v, cfg->vlan, true))
		pci_warn(pf->pdev, "VF %u: no VLAN filter entry left for port VLAN %u\n",
			 v, cfg->vlan);
	pf->ops->set_port_vlan(pf, v, cfg->vlan, cfg->qos);

	spin_lock_irq(&pf->mbx_lock);
	vfmgr_vf_apply_rx(pf, v);
	spin_unlock_irq(&pf->mbx_lock);

	pf->ops->set_spoofchk(pf, v, cfg->spoofchk);
	pf->ops->set_tx_rate(pf, v, cfg->max_tx_rate, vfmgr_link_speed(pf));
	pf->ops->pool_enable(pf, v, vf->cts &&
			     cfg->link_state != IFLA_VF_LINK_STATE_DISABLE);
}

/**
 * vfmgr_vf_reset - a VF was reset: drop its requests, keep its config
 * @pf: the port
 * @v: VF index
 *
 * The VF may neither send nor receive until it completes the reset
 * handshake again.
 *
 * Context: pf->lock held.
 */
void vfmgr_vf_reset(struct vfmgr_pf *pf, unsigned int v)
{
	vfmgr_vf_clear_runtime(pf, v);
	pf->vfs[v].cnt.resets++;
	/* Its driver reads the configuration anew: no restart to ask for. */
	__clear_bit(v, &pf->restart_pending);
	vfmgr_vf_write_mta(pf);
	vfmgr_vf_apply(pf, v);
	/* Disabling SR-IOV resets the VFs after their devices are gone. */
	if (READ_ONCE(pf->vfs[v].present))
		vfmgr_fam_notify_reset(pf, v);
}

/**
 * vfmgr_vf_start - prepare a VF that is about to be created
 * @pf: the port
 * @v: VF index
 *
 * Context: pf->lock held.
 */
void vfmgr_vf_start(struct vfmgr_pf *pf, unsigned int v)
{
	struct vfmgr_vf *vf = &pf->vfs[v];

	vfmgr_vf_clear_runtime(pf, v);
	memset(vf->stats_last, 0, sizeof(vf->stats_last));
	vfmgr_vf_apply(pf, v);
}

/**
 * vfmgr_vf_stop - remove a VF's filters and stop its pool
 * @pf: the port
 * @v: VF index
 *
 * The configuration stays, for the next time the index is created.
 *
 * Context: pf->lock held.
 */
void vfmgr_vf_stop(struct vfmgr_pf *pf, unsigned int v)
{
	struct vfmgr_vf *vf = &pf->vfs[v];
	struct vfmgr_hw_pool_rx rx = { };

	vfmgr_vf_clear_runtime(pf, v);
	pf->ops->pool_enable(pf, v, false);
	pf->ops->set_rar(pf, pf->ops->vf_rar(v), NULL, 0);
	if (vf->cfg.vlan)
		pf->ops->set_vlan(pf, v, vf->cfg.vlan, false);
	pf->ops->set_port_vlan(pf, v, 0, 0);
	spin_lock_irq(&pf->mbx_lock);
	pf->ops->set_pool_rx(pf, v, &rx);
	spin_unlock_irq(&pf->mbx_lock);
	pf->ops->set_spoofchk(pf, v, false);
	pf->ops->set_tx_rate(pf, v, 0, 0);
}

/**
 * vfmgr_vf_notify - tell a VF the PF changed something (link, reset)
 * @pf: the port
 * @v: VF index
 *
 * A VF that is not clear to send reads the notice as a refusal and
 * restarts its handshake, which is how it picks up a new configuration.
 *
 * Context: pf->lock held.
 */
void vfmgr_vf_notify(struct vfmgr_pf *pf, unsigned int v)
{
	u32 word0 = VFMGR_MBX_PF_CONTROL;

	lockdep_assert_held(&pf->lock);
	word0 |= pf->vfs[v].cts ? VFMGR_MBX_CTS : VFMGR_MBX_NACK;
	vfmgr_mbx_claim(pf, v);
	if (pf->ops->mbx_write(pf, v, &word0, 1, true))
		pci_dbg(pf->pdev, "VF %u: mailbox busy, notice not sent\n", v);
	vfmgr_mbx_unclaim(pf, v);
}

/**
 * vfmgr_vf_notify_all - notify every VF
 * @pf: the port
 *
 * Context: pf->lock held.
 */
void vfmgr_vf_notify_all(struct vfmgr_pf *pf)
{
	unsigned int v;

	for (v = 0; v < pf->num_vfs; v++)
		vfmgr_vf_notify(pf, v);
	if (pf->num_vfs)
		pf->ops->mbx_kick(pf);
}

/**
 * vfmgr_vf_link_changed - the port's link changed: rates follow its speed
 * @pf: the port
 *
 * Context: pf->lock held.
 */
void vfmgr_vf_link_changed(struct vfmgr_pf *pf)
{
	unsigned int v;

	for (v = 0; v < pf->num_vfs; v++)
		pf->ops->set_tx_rate(pf, v, pf->vfs[v].cfg.max_tx_rate,
				     vfmgr_link_speed(pf));
	vfmgr_vf_notify_all(pf);
}

/*
 * How long after an admin change a VF is told to restart its handshake.
 * Tools set one attribute per call (sriov-cni makes six in a row), and
 * these make one restart.  And a tool that closes the VF's interface
 * right after its changes (sriov-cni giving a VF back) closes it before
 * the restart: igbvf restarts outside the RTNL and warns when it is
 * closed in the middle.
 */
#define VFMGR_VF_RESTART_DELAY	(HZ / 2)

/*
 * Make a VF restart its handshake to take a new configuration, once the
 * changes stopped for VFMGR_VF_RESTART_DELAY.  Until then it keeps
 * running, its requests judged against the new configuration.
 */
static void vfmgr_vf_restart(struct vfmgr_pf *pf, unsigned int v)
{
	lockdep_assert_held(&pf->lock);
	__set_bit(v, &pf->restart_pending);
	mod_delayed_work(system_wq, &pf->restart_work, VFMGR_VF_RESTART_DELAY);
}

/*
 * Tell the VFs with a new configuration to restart: each is no longer
 * clear to send, its pool stops, and it is told so.  A VF that reset on
 * its own meanwhile took the configuration already (vfmgr_vf_reset()).
 */
static void vfmgr_vf_restart_work(struct work_struct *work)
{
	struct vfmgr_pf *pf = container_of(to_delayed_work(work), struct vfmgr_pf,
					   restart_work);
	unsigned int v;

	mutex_lock(&pf->lock);
	for_each_set_bit(v, &pf->restart_pending, pf->num_vfs) {
		spin_lock_irq(&pf->mbx_lock);
		pf->vfs[v].cts = false;
		spin_unlock_irq(&pf->mbx_lock);
		pf->vfs[v].cnt.restarts++;
		vfmgr_vf_apply(pf, v);
		vfmgr_vf_notify(pf, v);
	}
	if (pf->restart_pending & (BIT(pf->num_vfs) - 1))
		pf->ops->mbx_kick(pf);
	pf->restart_pending = 0;
	mutex_unlock(&pf->lock);
}

/**
 * vfmgr_vf_cancel_restarts - drop the restarts not yet told
 * @pf: the port, whose VFs go away or are reset (each VF driver restarts
 *	then anyway)
 *
 * Context: process, pf->lock not held.
 */
void vfmgr_vf_cancel_restarts(struct vfmgr_pf *pf)
{
	cancel_delayed_work_sync(&pf->restart_work);
	mutex_lock(&pf->lock);
	pf->restart_pending = 0;
	mutex_unlock(&pf->lock);
}

/* Refuse @c, naming the setting it is about. */
static __printf(4, 5) int vfmgr_vf_refuse(struct vfmgr_vf_change *c, enum vfmgr_vf_setting bad,
			   int err, const char *fmt, ...)
{
	va_list args;

	c->bad = bad;
	va_start(args, fmt);
	vsnprintf(c->msg, sizeof(c->msg), fmt, args);
	va_end(args);
	return err;
}

static bool vfmgr_vf_has(const struct vfmgr_vf_change *c, enum vfmgr_vf_setting s)
{
	return c->set & BIT(s);
}

/* Everything in @c that can be checked without the port's state. */
static int vfmgr_vf_check(struct vfmgr_vf_change *c)
{
	if (vfmgr_vf_has(c, VFMGR_VF_SET_MAC) && !is_zero_ether_addr(c->mac) &&
	    !is_valid_ether_addr(c->mac))
		return vfmgr_vf_refuse(c, VFMGR_VF_SET_MAC, -EINVAL,
				       "MAC must be unicast (all zeroes clears it)");
	if (vfmgr_vf_has(c, VFMGR_VF_SET_VLAN_PROTO) && c->vlan_proto != htons(ETH_P_8021Q))
		return vfmgr_vf_refuse(c, VFMGR_VF_SET_VLAN_PROTO, -EPROTONOSUPPORT,
				       "only 802.1Q port VLANs are supported");
	if (vfmgr_vf_has(c, VFMGR_VF_SET_VLAN) && c->vlan >= VLAN_N_VID)
		return vfmgr_vf_refuse(c, VFMGR_VF_SET_VLAN, -EINVAL,
				       "VLAN %u out of range (0-4095)", c->vlan);
	if (vfmgr_vf_has(c, VFMGR_VF_SET_QOS) && c->qos > 7)
		return vfmgr_vf_refuse(c, VFMGR_VF_SET_QOS, -EINVAL,
				       "qos %u out of range (0-7)", c->qos);
	if (vfmgr_vf_has(c, VFMGR_VF_SET_LINK_STATE) &&
	    c->link_state != IFLA_VF_LINK_STATE_AUTO &&
	    c->link_state != IFLA_VF_LINK_STATE_ENABLE &&
	    c->link_state != IFLA_VF_LINK_STATE_DISABLE)
		return vfmgr_vf_refuse(c, VFMGR_VF_SET_LINK_STATE, -EINVAL,
				       "unknown link state %u", c->link_state);
	if (vfmgr_vf_has(c, VFMGR_VF_SET_MIN_TX_RATE) && c->min_tx_rate)
		return vfmgr_vf_refuse(c, VFMGR_VF_SET_MIN_TX_RATE, -EINVAL,
				       "the 82576 has no minimum rate guarantee, only a maximum");
	if (vfmgr_vf_has(c, VFMGR_VF_SET_MAX_TX_RATE) && c->max_tx_rate > SPEED_1000)
		return vfmgr_vf_refuse(c, VFMGR_VF_SET_MAX_TX_RATE, -EINVAL,
				       "rate above the port's 1000 Mbps");
	if (vfmgr_vf_has(c, VFMGR_VF_SET_MAX_FRAME) && c->max_frame &&
	    (c->max_frame < ETH_ZLEN || c->max_frame > VFMGR_MAX_FRAME))
		return vfmgr_vf_refuse(c, VFMGR_VF_SET_MAX_FRAME, -EINVAL,
				       "frame size out of range (%u-%u, 0 for the maximum)",
				       ETH_ZLEN, VFMGR_MAX_FRAME);
	return 0;
}

/*
 * Move a running VF's port VLAN filter entry from the old VLAN to @vlan.
 * The new entry was reserved already.  VLANs the VF asked for itself are
 * dropped under a port VLAN.
 */
static void vfmgr_vf_move_vlan(struct vfmgr_pf *pf, unsigned int v, u16 vlan)
{
	struct vfmgr_vf *vf = &pf->vfs[v];

	if (vf->cfg.vlan && vf->cfg.vlan != vlan && !test_bit(vf->cfg.vlan, vf->vlans))
		pf->ops->set_vlan(pf, v, vf->cfg.vlan, false);
	if (vlan)
		vfmgr_vf_clear_vlans(pf, v);
}

/*
 * A port VLAN is a fence: the other VFs that joined @vlan by request
 * leave it, the admin's setting wins.  Return: those VFs, a bit each.
 */
static unsigned long vfmgr_vf_fence_vlan(struct vfmgr_pf *pf, unsigned int v, u16 vlan)
{
	unsigned long fenced = 0;
	unsigned int w;

	for (w = 0; w < pf->num_vfs; w++) {
		if (w == v || !test_and_clear_bit(vlan, pf->vfs[w].vlans))
			continue;
		pf->ops->set_vlan(pf, w, vlan, false);
		vfmgr_vf_apply(pf, w);
		pci_info(pf->pdev, "VF %u: left VLAN %u, now VF %u's port VLAN\n", w, vlan, v);
		fenced |= BIT(w);
	}
	return fenced;
}

/*
 * Withdrawing trust takes back what only trust allowed: promiscuous
 * modes, extra MAC filters and an address other than the admin's.
 * Return: whether the VF must restart to take the admin's address back.
 */
static bool vfmgr_vf_untrust(struct vfmgr_pf *pf, unsigned int v)
{
	struct vfmgr_vf *vf = &pf->vfs[v];

	vf->uc_promisc = false;
	vf->mc_promisc = false;
	if (is_zero_ether_addr(vf->cfg.mac))
		return false;
	vfmgr_vf_clear_filters(pf, vf);
	if (ether_addr_equal(vf->mac, vf->cfg.mac))
		return false;
	ether_addr_copy(vf->mac, vf->cfg.mac);
	return true;
}

/**
 * vfmgr_vf_change - change a VF's configuration, all of it or nothing
 * @pf: the port
 * @v: VF index, below VFMGR_MAX_VFS
 * @c: the settings to change (@c->set) and where they come from; on a
 *	refusal, @c->bad and @c->msg say which setting and why
 *
 * The one path every surface (this family, rtnetlink, defaults) changes a
 * VF through: the whole change is checked first, then applied under the
 * port lock in one go, so a concurrent change from another surface is
 * either entirely before or entirely after it.  A running VF is
 * programmed once and restarts its handshake at most once (a new admin
 * MAC, a link state change, or trust withdrawn from a VF using another
 * address); settings for an index without a VF are kept for when it is
 * created.  One config-changed event names @c->source.
 *
 * VLAN and qos not given keep their values, except that a VLAN of 0
 * without a qos clears the qos too; a qos needs a port VLAN.
 *
 * Context: process context, pf->lock not held.
 * A MAC another function holds is refused; a port VLAN other VFs joined
 * by request is taken from them (a withdrawn event each).  Clearing the
 * admin MAC clears the VF's address at once: the next user of the VF
 * never inherits the last one's.
 *
 * Return: 0, or a negative errno with nothing changed: -EINVAL or
 * -EPROTONOSUPPORT for a bad value, -EADDRINUSE for a MAC the PF or
 * another VF holds, -ENOSPC when the port's VLAN filter is full.
 */
int vfmgr_vf_change(struct vfmgr_pf *pf, unsigned int v, struct vfmgr_vf_change *c)
{
	struct vfmgr_vf *vf = &pf->vfs[v];
	bool running, restart = false;
	unsigned long fenced = 0;
	char why[48];
	unsigned int w;
	int err, owner;
	u16 vlan;
	u8 qos;

	c->msg[0] = '\0';
	err = vfmgr_vf_check(c);
	if (err)
		return err;

	mutex_lock(&pf->lock);
	if (pf->recovering) {
		err = vfmgr_vf_refuse(c, VFMGR_VF_SET_NONE, -EBUSY, "%s",
				      VFMGR_MSG_RECOVERING);
		goto out_unlock;
	}
	running = v < pf->num_vfs;
	vlan = vfmgr_vf_has(c, VFMGR_VF_SET_VLAN) ? c->vlan : vf->cfg.vlan;
	if (vfmgr_vf_has(c, VFMGR_VF_SET_QOS))
		qos = c->qos;
	else
		qos = vlan ? vf->cfg.qos : 0;
	if (qos && !vlan) {
		err = vfmgr_vf_refuse(c, VFMGR_VF_SET_QOS, -EINVAL,
				      "a priority needs a port VLAN");
		goto out_unlock;
	}
	if (vfmgr_vf_has(c, VFMGR_VF_SET_MAC)) {
		owner = vfmgr_vf_addr_owner(pf, c->mac, v);
		if (owner == VFMGR_OWNER_PF) {
			err = vfmgr_vf_refuse(c, VFMGR_VF_SET_MAC, -EADDRINUSE,
					      "%pM is the PF's own address", c->mac);
			goto out_unlock;
		}
		if (owner != VFMGR_OWNER_NONE) {
			err = vfmgr_vf_refuse(c, VFMGR_VF_SET_MAC, -EADDRINUSE,
					      "%pM is in use by VF %d", c->mac, owner);
			goto out_unlock;
		}
	}
	/* The one change that can fail on the port's state comes first. */
	if (running && vlan && vlan != vf->cfg.vlan) {
		err = pf->ops->set_vlan(pf, v, vlan, true);
		if (err) {
			vfmgr_vf_refuse(c, VFMGR_VF_SET_VLAN, -ENOSPC,
					"no VLAN filter entry left on the port");
			err = -ENOSPC;
			goto out_unlock;
		}
	}

	/* Nothing can fail from here on. */
	if (running)
		vfmgr_vf_move_vlan(pf, v, vlan);
	if (vlan && vlan != vf->cfg.vlan)
		fenced = vfmgr_vf_fence_vlan(pf, v, vlan);
	vf->cfg.vlan = vlan;
	vf->cfg.qos = qos;
	if (vfmgr_vf_has(c, VFMGR_VF_SET_MAC)) {
		/* No admin MAC: the VF loses its address too and picks another. */
		ether_addr_copy(vf->cfg.mac, c->mac);
		if (!ether_addr_equal(vf->mac, c->mac)) {
			ether_addr_copy(vf->mac, c->mac);
			restart = true;
		}
	}
	if (vfmgr_vf_has(c, VFMGR_VF_SET_SPOOFCHK))
		vf->cfg.spoofchk = c->spoofchk;
	if (vfmgr_vf_has(c, VFMGR_VF_SET_TRUST)) {
		vf->cfg.trusted = c->trusted;
		if (!c->trusted && running && vfmgr_vf_untrust(pf, v))
			restart = true;
	}
	if (vfmgr_vf_has(c, VFMGR_VF_SET_LINK_STATE) &&
	    vf->cfg.link_state != c->link_state) {
		/* Either way the VF driver restarts, and finds its link as set. */
		vf->cfg.link_state = c->link_state;
		restart = true;
	}
	if (vfmgr_vf_has(c, VFMGR_VF_SET_MAX_TX_RATE))
		vf->cfg.max_tx_rate = c->max_tx_rate;
	if (vfmgr_vf_has(c, VFMGR_VF_SET_MAX_FRAME))
		vf->cfg.max_frame = c->max_frame;
	if (vfmgr_vf_has(c, VFMGR_VF_SET_DRIVER))
		WRITE_ONCE(vf->cfg.driver, c->driver);

	if (running) {
		if (restart)
			vfmgr_vf_restart(pf, v);
		vfmgr_vf_apply(pf, v);
	}
	err = 0;
out_unlock:
	mutex_unlock(&pf->lock);
	if (err)
		return err;
	vfmgr_fam_notify_changed(pf, v, c->source);
	for_each_set_bit(w, &fenced, VFMGR_MAX_VFS) {
		snprintf(why, sizeof(why), "VLAN %u became VF %u's port VLAN", vlan, v);
		vfmgr_fam_notify_withdrawn(pf, w, why);
	}
	return 0;
}

/**
 * vfmgr_vf_clear - give a VF its default configuration back
 * @pf: the port
 * @v: VF index
 * @source: the path the request came through
 *
 * No admin MAC (the VF drops the address it has and picks another), no
 * port VLAN, spoof
 * checking on, not trusted, link auto, no rate limit, the NIC's frame
 * size, and the port's VF-driver setting for when the VF is created again
 * (its current binding stays).  One change, like any other.
 *
 * Context: process context, pf->lock not held.
 */
void vfmgr_vf_clear(struct vfmgr_pf *pf, unsigned int v, enum vfmgr_source source)
{
	struct vfmgr_vf_change c = {
		.set = BIT(VFMGR_VF_SET_MAC) | BIT(VFMGR_VF_SET_VLAN) |
		       BIT(VFMGR_VF_SET_QOS) | BIT(VFMGR_VF_SET_SPOOFCHK) |
		       BIT(VFMGR_VF_SET_TRUST) | BIT(VFMGR_VF_SET_LINK_STATE) |
		       BIT(VFMGR_VF_SET_MAX_TX_RATE) | BIT(VFMGR_VF_SET_MAX_FRAME) |
		       BIT(VFMGR_VF_SET_DRIVER),
		.spoofchk = true,
		.link_state = IFLA_VF_LINK_STATE_AUTO,
		.driver = -1,
		.source = source,
	};

	/* Removing a port VLAN frees a filter entry: this cannot fail. */
	WARN_ON_ONCE(vfmgr_vf_change(pf, v, &c));
}

/**
 * vfmgr_vf_update_stats - widen a VF's 32-bit hardware counters
 * @pf: the port
 * @v: VF index
 *
 * Context: pf->lock held; called often enough that no counter wraps twice.
 */
void vfmgr_vf_update_stats(struct vfmgr_pf *pf, unsigned int v)
{
	struct vfmgr_vf *vf = &pf->vfs[v];
	u64 *dst[] = {
		&vf->stats.rx_packets, &vf->stats.tx_packets, &vf->stats.rx_bytes,
		&vf->stats.tx_bytes, &vf->stats.multicast,
	};
	u32 raw[ARRAY_SIZE(dst)];
	unsigned int i;

	lockdep_assert_held(&pf->lock);
	pf->ops->vf_stats(pf, v, raw);
	for (i = 0; i < ARRAY_SIZE(dst); i++) {
		*dst[i] += (u32)(raw[i] - vf->stats_last[i]);
		vf->stats_last[i] = raw[i];
	}
}

static const char *vfmgr_vf_link_state_name(int state)
{
	switch (state) {
	case IFLA_VF_LINK_STATE_ENABLE:
		return "enable";
	case IFLA_VF_LINK_STATE_DISABLE:
		return "disable";
	default:
		return "auto";
	}
}

/**
 * vfmgr_vf_dump - print a VF's desired and hardware state for debugfs
 * @pf: the port
 * @v: VF index
 * @m: output
 *
 * Context: pf->lock held.
 */
void vfmgr_vf_dump(struct vfmgr_pf *pf, unsigned int v, struct seq_file *m)
{
	struct vfmgr_vf *vf = &pf->vfs[v];
	const struct vfmgr_vf_cfg *cfg = &vf->cfg;

	seq_printf(m, "vf %u\n", v);
	seq_printf(m, "  cfg: mac %pM vlan %u qos %u spoofchk %u trust %u link_state %s max_tx_rate %u max_frame %u\n",
		   cfg->mac, cfg->vlan, cfg->qos, cfg->spoofchk, cfg->trusted,
		   vfmgr_vf_link_state_name(cfg->link_state), cfg->max_tx_rate,
		   cfg->max_frame);
	seq_printf(m, "  vf: cts %u mac %pM mc %u mc_promisc %u uc_promisc %u max_frame %u vlans %u filters %u\n",
		   vf->cts, vf->mac, vf->num_mc, vf->mc_promisc, vf->uc_promisc,
		   vfmgr_vf_max_frame(vf), bitmap_weight(vf->vlans, VLAN_N_VID),
		   vf->num_filters);
	seq_printf(m, "  mbx: requests %llu accepted %llu refused %llu resets %llu restarts %llu ignored %llu quarantines %llu quarantined %u late_resets %llu nudges %llu\n",
		   vf->cnt.requests, vf->cnt.accepted, vf->cnt.refused, vf->cnt.resets,
		   vf->cnt.restarts, vf->cnt.ignored, vf->cnt.quarantines, vf->quarantined,
		   vf->cnt.late_resets, vf->cnt.nudges);
	pf->ops->pool_dump(pf, v, m);
}
