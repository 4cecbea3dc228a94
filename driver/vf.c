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
#include <linux/if_link.h>
#include <linux/seq_file.h>

#include "vfmgr.h"
#include "mbx.h"

/* Frames a VF receives before it asks for more: 1500 bytes, one tag. */
#define VFMGR_VF_DEFAULT_FRAME	(ETH_FRAME_LEN + VLAN_HLEN + ETH_FCS_LEN)

/**
 * vfmgr_vf_init_all - give every VF index its default configuration
 * @pf: a port being claimed
 */
void vfmgr_vf_init_all(struct vfmgr_pf *pf)
{
	unsigned int i;

	for (i = 0; i < VFMGR_MAX_VFS; i++) {
		struct vfmgr_vf_cfg *cfg = &pf->vfs[i].cfg;

		memset(cfg, 0, sizeof(*cfg));
		cfg->spoofchk = true;
		cfg->link_state = IFLA_VF_LINK_STATE_AUTO;
		cfg->driver = -1;
		/* A VF flooding the mailbox must not flood the event listeners. */
		ratelimit_state_init(&pf->vfs[i].event_rs, 5 * HZ, 50);
		ratelimit_set_flags(&pf->vfs[i].event_rs, RATELIMIT_MSG_ON_RELEASE);
	}
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

	for_each_set_bit(vid, vf->vlans, VLAN_N_VID)
		if (vid != vf->cfg.vlan)
			pf->ops->set_vlan(pf, v, vid, false);
	bitmap_zero(vf->vlans, VLAN_N_VID);
}

/* Forget what the VF asked for; keep what the admin configured. */
static void vfmgr_vf_clear_runtime(struct vfmgr_pf *pf, unsigned int v)
{
	struct vfmgr_vf *vf = &pf->vfs[v];

	lockdep_assert_held(&pf->lock);
	vf->cts = false;
	vfmgr_vf_clear_vlans(pf, v);
	vfmgr_vf_clear_filters(pf, vf);
	spin_lock_bh(&pf->mta_lock);
	vf->num_mc = 0;
	spin_unlock_bh(&pf->mta_lock);
	vf->mc_promisc = false;
	vf->uc_promisc = false;
	vf->rx_max_frame = VFMGR_VF_DEFAULT_FRAME;
	ether_addr_copy(vf->mac, vf->cfg.mac);
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
	struct vfmgr_hw_pool_rx rx = { };

	lockdep_assert_held(&pf->lock);
	pf->ops->set_rar(pf, pf->ops->vf_rar(v),
			 is_zero_ether_addr(vf->mac) ? NULL : vf->mac, v);

	if (cfg->vlan && pf->ops->set_vlan(pf, v, cfg->vlan, true))
		pci_warn(pf->pdev, "VF %u: no VLAN filter entry left for port VLAN %u\n",
			 v, cfg->vlan);
	pf->ops->set_port_vlan(pf, v, cfg->vlan, cfg->qos);

	rx.untagged = !cfg->vlan;
	rx.broadcast = true;
	rx.mc_hash = vf->num_mc > 0;
	rx.mc_promisc = vf->mc_promisc;
	rx.uc_promisc = vf->uc_promisc;
	rx.strip_vlan = cfg->vlan || !bitmap_empty(vf->vlans, VLAN_N_VID);
	rx.max_frame = vfmgr_vf_max_frame(vf);
	pf->ops->set_pool_rx(pf, v, &rx);

	pf->ops->set_spoofchk(pf, v, cfg->spoofchk);
	pf->ops->set_tx_rate(pf, v, cfg->max_tx_rate, vfmgr_pf_link_speed(pf));
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
	vfmgr_vf_write_mta(pf);
	vfmgr_vf_apply(pf, v);
	/* Disabling SR-IOV resets the VFs after their devices are gone. */
	if (READ_ONCE(pf->vfs[v].present) && __ratelimit(&pf->vfs[v].event_rs))
		vfmgr_nl_vf_event(pf, v, VFMGR_EVENT_RESET, -1, NULL);
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
	pf->ops->set_pool_rx(pf, v, &rx);
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
	if (pf->ops->mbx_write(pf, v, &word0, 1))
		pci_dbg(pf->pdev, "VF %u: mailbox busy, notice not sent\n", v);
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
				     vfmgr_pf_link_speed(pf));
	vfmgr_vf_notify_all(pf);
}

/* Make a running VF restart its handshake to take a new configuration. */
static void vfmgr_vf_restart(struct vfmgr_pf *pf, unsigned int v)
{
	if (v >= pf->num_vfs)
		return;
	pf->vfs[v].cts = false;
	vfmgr_vf_notify(pf, v);
	pf->ops->mbx_kick(pf);
}

/**
 * vfmgr_vf_set_mac - set or clear (all zeroes) a VF's admin MAC
 * @pf: the port
 * @v: VF index
 * @mac: unicast address, or all zeroes
 *
 * A running VF restarts its handshake and comes back with the new
 * address.  Clearing leaves the VF's current address in place and lets
 * the VF change it.
 *
 * Return: 0.
 */
int vfmgr_vf_set_mac(struct vfmgr_pf *pf, unsigned int v, const u8 *mac)
{
	struct vfmgr_vf *vf = &pf->vfs[v];

	mutex_lock(&pf->lock);
	ether_addr_copy(vf->cfg.mac, mac);
	if (!is_zero_ether_addr(mac) && !ether_addr_equal(vf->mac, mac)) {
		ether_addr_copy(vf->mac, mac);
		if (v < pf->num_vfs) {
			vfmgr_vf_apply(pf, v);
			vfmgr_vf_restart(pf, v);
		}
	}
	mutex_unlock(&pf->lock);
	return 0;
}

/**
 * vfmgr_vf_set_vlan - set or clear (0) a VF's port VLAN
 * @pf: the port
 * @v: VF index
 * @vlan: VLAN ID, 0 for none
 * @qos: 802.1p priority
 *
 * VLANs the VF asked for itself are dropped under a port VLAN.
 *
 * Return: 0, or -ENOSPC when the VLAN filter is full (nothing changed).
 */
int vfmgr_vf_set_vlan(struct vfmgr_pf *pf, unsigned int v, u16 vlan, u8 qos)
{
	struct vfmgr_vf *vf = &pf->vfs[v];
	int err = 0;

	mutex_lock(&pf->lock);
	if (v < pf->num_vfs && vlan && vlan != vf->cfg.vlan) {
		/* Reserve the new entry first so a full table changes nothing. */
		err = pf->ops->set_vlan(pf, v, vlan, true);
		if (err)
			goto out_unlock;
	}
	if (v < pf->num_vfs) {
		if (vf->cfg.vlan && vf->cfg.vlan != vlan &&
		    !test_bit(vf->cfg.vlan, vf->vlans))
			pf->ops->set_vlan(pf, v, vf->cfg.vlan, false);
		if (vlan)
			vfmgr_vf_clear_vlans(pf, v);
	}
	vf->cfg.vlan = vlan;
	vf->cfg.qos = vlan ? qos : 0;
	if (v < pf->num_vfs)
		vfmgr_vf_apply(pf, v);
out_unlock:
	mutex_unlock(&pf->lock);
	return err;
}

/**
 * vfmgr_vf_set_spoofchk - turn a VF's anti-spoofing on or off
 * @pf: the port
 * @v: VF index
 * @on: new setting
 *
 * Return: 0.
 */
int vfmgr_vf_set_spoofchk(struct vfmgr_pf *pf, unsigned int v, bool on)
{
	mutex_lock(&pf->lock);
	pf->vfs[v].cfg.spoofchk = on;
	if (v < pf->num_vfs)
		vfmgr_vf_apply(pf, v);
	mutex_unlock(&pf->lock);
	return 0;
}

/**
 * vfmgr_vf_set_trust - trust a VF or withdraw trust
 * @pf: the port
 * @v: VF index
 * @on: new setting
 *
 * Withdrawing trust takes back what only trust allowed: promiscuous
 * modes, extra MAC filters and an address other than the admin's.
 *
 * Return: 0.
 */
int vfmgr_vf_set_trust(struct vfmgr_pf *pf, unsigned int v, bool on)
{
	struct vfmgr_vf *vf = &pf->vfs[v];

	mutex_lock(&pf->lock);
	vf->cfg.trusted = on;
	if (!on && v < pf->num_vfs) {
		vf->uc_promisc = false;
		vf->mc_promisc = false;
		if (!is_zero_ether_addr(vf->cfg.mac)) {
			vfmgr_vf_clear_filters(pf, vf);
			if (!ether_addr_equal(vf->mac, vf->cfg.mac)) {
				ether_addr_copy(vf->mac, vf->cfg.mac);
				vfmgr_vf_restart(pf, v);
			}
		}
		vfmgr_vf_apply(pf, v);
	}
	mutex_unlock(&pf->lock);
	return 0;
}

/**
 * vfmgr_vf_set_link_state - follow the port's link, or force the VF down
 * @pf: the port
 * @v: VF index
 * @state: IFLA_VF_LINK_STATE_*
 *
 * Disabling stops the VF's pool and withdraws clear-to-send, so the VF
 * driver sees its link drop and keeps it down until re-enabled.
 *
 * Return: 0.
 */
int vfmgr_vf_set_link_state(struct vfmgr_pf *pf, unsigned int v, int state)
{
	mutex_lock(&pf->lock);
	pf->vfs[v].cfg.link_state = state;
	/* Either way the VF driver restarts, and finds its link as set. */
	vfmgr_vf_restart(pf, v);
	if (v < pf->num_vfs)
		vfmgr_vf_apply(pf, v);
	mutex_unlock(&pf->lock);
	return 0;
}

/**
 * vfmgr_vf_set_rate - limit a VF's transmit rate
 * @pf: the port
 * @v: VF index
 * @max_tx_rate: Mbps, 0 for no limit
 *
 * Return: 0.
 */
int vfmgr_vf_set_rate(struct vfmgr_pf *pf, unsigned int v, u32 max_tx_rate)
{
	mutex_lock(&pf->lock);
	pf->vfs[v].cfg.max_tx_rate = max_tx_rate;
	if (v < pf->num_vfs)
		vfmgr_vf_apply(pf, v);
	mutex_unlock(&pf->lock);
	return 0;
}

/**
 * vfmgr_vf_set_max_frame - cap the frame size a VF may receive
 * @pf: the port
 * @v: VF index
 * @max_frame: bytes, 0 for the hardware's limit
 *
 * The VF asks for what its MTU needs; it gets at most this.
 *
 * Return: 0.
 */
int vfmgr_vf_set_max_frame(struct vfmgr_pf *pf, unsigned int v, u32 max_frame)
{
	mutex_lock(&pf->lock);
	pf->vfs[v].cfg.max_frame = max_frame;
	if (v < pf->num_vfs)
		vfmgr_vf_apply(pf, v);
	mutex_unlock(&pf->lock);
	return 0;
}

/**
 * vfmgr_vf_clear - give a VF its default configuration back
 * @pf: the port
 * @v: VF index
 *
 * No admin MAC (the VF keeps the address it has), no port VLAN, spoof
 * checking on, not trusted, link auto, no rate limit, the NIC's frame
 * size, and the port's VF-driver setting for when the VF is created again
 * (its current binding stays).  Each step goes through its setter, so a
 * running VF is told exactly as if the admin had made each change.
 */
void vfmgr_vf_clear(struct vfmgr_pf *pf, unsigned int v)
{
	static const u8 zero_mac[ETH_ALEN];

	/* Removing a port VLAN frees a filter entry; it cannot fail. */
	vfmgr_vf_set_vlan(pf, v, 0, 0);
	vfmgr_vf_set_mac(pf, v, zero_mac);
	vfmgr_vf_set_trust(pf, v, false);
	vfmgr_vf_set_spoofchk(pf, v, true);
	vfmgr_vf_set_rate(pf, v, 0);
	vfmgr_vf_set_max_frame(pf, v, 0);
	if (READ_ONCE(pf->vfs[v].cfg.link_state) != IFLA_VF_LINK_STATE_AUTO)
		vfmgr_vf_set_link_state(pf, v, IFLA_VF_LINK_STATE_AUTO);
	WRITE_ONCE(pf->vfs[v].cfg.driver, -1);
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
	seq_printf(m, "  mbx: requests %llu accepted %llu refused %llu resets %llu\n",
		   vf->cnt.requests, vf->cnt.accepted, vf->cnt.refused, vf->cnt.resets);
	pf->ops->pool_dump(pf, v, m);
}
