// SPDX-License-Identifier: GPL-2.0
/*
 * PF side of the PF<->VF mailbox: every request a VF makes of the PF.
 *
 * A VF runs inside a tenant's VM and is not trusted.  Each message is
 * checked (type, counts, ranges) before anything in it is used, then
 * against what the admin allows this VF; the answer is an ACK or a NACK
 * exactly as the stock igbvf driver expects, every request is counted,
 * and refusals are logged (rate limited) with the VF and the reason.
 *
 * Two places serve it.  The interrupt handler (vfmgr_mbx_irq()) counts
 * every message against the VF's rate, quarantines a flooding VF, and
 * answers at once a request that changes nothing but the VF's own pool
 * (its frame size: what a VF driver asks at every open and MTU change),
 * as igb does for all of them.  Everything else (resets, and requests
 * that touch tables the VFs share or need the admin's policy) goes to
 * the port's mailbox work, vfmgr_mbx_service(), in process context under
 * the PF lock; so do the events the interrupt cannot send.  A VF the work
 * has something pending for is left to the work entirely, so each VF's
 * requests are still served one after the other, in order.
 */
#include <linux/bitfield.h>
#include <linux/etherdevice.h>
#include <linux/if_link.h>

#include "vfmgr.h"
#include "mbx.h"

/* A VF that is not clear to send is refused at most this often. */
#define VFMGR_MBX_NACK_INTERVAL	(2 * HZ)

/* The window messages are counted in, against pf->vf_mbx_rate. */
#define VFMGR_MBX_WINDOW	HZ

/*
 * A VF driver waits about a second for the PF to take its reset request
 * and as long again for the answer (igbvf, DPDK's VF driver); one that
 * gave up takes a late answer for a stray message and never restarts.
 * A reset request left waiting longer than this is answered, and the VF
 * is watched (see vfmgr_mbx_nudge()).
 */
#define VFMGR_MBX_LATE		(HZ / 2)

/* A VF still silent this long after a late reset reply is prompted. */
#define VFMGR_MBX_NUDGE_DELAY	(2 * HZ)

/* How long a prompted VF has to restart before the next one is prompted. */
#define VFMGR_MBX_NUDGE_TIMEOUT	(15 * HZ)

/* A line about VF @v, rate limited per VF: one VF cannot hide another's. */
static __printf(4, 5) void vfmgr_mbx_log(struct vfmgr_pf *pf, unsigned int v, bool warn,
					  const char *fmt, ...)
{
	struct va_format vaf;
	va_list args;

	if (!__ratelimit(&pf->vfs[v].log_rs))
		return;
	va_start(args, fmt);
	vaf.fmt = fmt;
	vaf.va = &args;
	if (warn)
		dev_warn(&pf->pdev->dev, "VF %u: %pV", v, &vaf);
	else
		dev_info(&pf->pdev->dev, "VF %u: %pV", v, &vaf);
	va_end(args);
}

static void vfmgr_mbx_refuse(struct vfmgr_pf *pf, unsigned int v,
			     const char *what, const char *why)
{
	pf->vfs[v].cnt.refused++;
	vfmgr_mbx_log(pf, v, false, "%s refused: %s\n", what, why);
	vfmgr_fam_notify_refused(pf, v, what, why);
}

/* The VF changed what it receives or sends as (not its multicast list). */
static void vfmgr_mbx_changed(struct vfmgr_pf *pf, unsigned int v, u32 type)
{
	if (type != VFMGR_MBX_SET_MULTICAST)
		vfmgr_fam_notify_changed(pf, v, VFMGR_SOURCE_VF);
}

static int vfmgr_mbx_set_mac(struct vfmgr_pf *pf, unsigned int v, const u32 *msg,
			     const char **why)
{
	struct vfmgr_vf *vf = &pf->vfs[v];
	unsigned int info = FIELD_GET(VFMGR_MBX_INFO, msg[0]);
	bool admin = !is_zero_ether_addr(vf->cfg.mac);
	unsigned int idx;
	u8 mac[ETH_ALEN];
	int owner;

	if (info == VFMGR_MBX_MAC_FILTER_CLR) {
		/* Clearing is always allowed; the address word is ignored. */
		vfmgr_vf_clear_filters(pf, vf);
		return 0;
	}

	vfmgr_mac_from_words(mac, msg[1], msg[2]);
	if (!is_valid_ether_addr(mac)) {
		*why = "invalid or multicast address";
		return -EINVAL;
	}

	/* Trusted or not, a VF never takes what another function holds. */
	owner = vfmgr_vf_addr_owner(pf, mac, v);
	switch (info) {
	case VFMGR_MBX_MAC_PRIMARY:
		if (ether_addr_equal(mac, vf->mac))
			return 0;
		if (admin && !vf->cfg.trusted) {
			*why = "the admin set this VF's MAC and the VF is not trusted";
			return -EPERM;
		}
		if (owner != VFMGR_OWNER_NONE)
			break;
		ether_addr_copy(vf->mac, mac);
		pf->ops->set_rar(pf, pf->ops->vf_rar(v), mac, v);
		return 0;
	case VFMGR_MBX_MAC_FILTER_ADD:
		if (admin && !vf->cfg.trusted) {
			*why = "the admin set this VF's MAC and the VF is not trusted";
			return -EPERM;
		}
		if (owner != VFMGR_OWNER_NONE)
			break;
		if (vf->num_filters >= pf->vf_mac_quota) {
			*why = "MAC filter quota reached";
			return -EDQUOT;
		}
		for (idx = pf->ops->filter_rar_first; idx <= pf->ops->filter_rar_last; idx++)
			if (!test_and_set_bit(idx, &pf->rar_used))
				break;
		if (idx > pf->ops->filter_rar_last) {
			*why = "no receive address entry left on the port";
			return -ENOSPC;
		}
		pf->ops->set_rar(pf, idx, mac, v);
		ether_addr_copy(vf->filter_mac[vf->num_filters], mac);
		vf->filter_rar[vf->num_filters++] = idx;
		return 0;
	default:
		*why = "unknown MAC request";
		return -EINVAL;
	}
	*why = owner == VFMGR_OWNER_PF ? "the address is the PF's" :
					 "the address is another VF's";
	return -EADDRINUSE;
}

static int vfmgr_mbx_set_multicast(struct vfmgr_pf *pf, unsigned int v,
				   const u32 *msg, const char **why)
{
	struct vfmgr_vf *vf = &pf->vfs[v];
	unsigned int n = FIELD_GET(VFMGR_MBX_INFO, msg[0]), i;
	bool overflow = n > VFMGR_MBX_MC_HASHES;
	int err = 0;

	/* Words 1-15 carry at most 30 16-bit hashes; more means "all". */
	if (overflow) {
		n = VFMGR_MBX_MC_HASHES;
		if (!vf->cfg.trusted) {
			*why = "more than 30 multicast groups needs a trusted VF";
			err = -EPERM;
		}
	}
	spin_lock_bh(&pf->mta_lock);
	for (i = 0; i < n; i++)
		vf->mc_hashes[i] = (msg[1 + i / 2] >> (16 * (i % 2))) & 0xfff;
	vf->num_mc = n;
	spin_unlock_bh(&pf->mta_lock);
	vf->mc_promisc = overflow && vf->cfg.trusted;
	vfmgr_vf_write_mta(pf);
	vfmgr_vf_apply(pf, v);
	return err;
}

/*
 * A VF joins a VLAN: not another VF's port VLAN, within its quota, and
 * never into the filter entries kept for the admin and the PF.
 */
static int vfmgr_mbx_join_vlan(struct vfmgr_pf *pf, unsigned int v, u16 vid,
			       const char **why)
{
	struct vfmgr_vf *vf = &pf->vfs[v];
	bool present;

	if (vfmgr_vf_port_vlan_owner(pf, vid, v) != VFMGR_OWNER_NONE) {
		*why = "the VLAN is another VF's port VLAN";
		return -EPERM;
	}
	if (bitmap_weight(vf->vlans, VLAN_N_VID) >= pf->vf_vlan_quota) {
		*why = "VLAN quota reached";
		return -EDQUOT;
	}
	if (pf->ops->vlan_free(pf, vid, &present) <= VFMGR_VF_VLAN_RESERVE && !present) {
		*why = "the VLAN filter entries left are kept for the admin and the PF";
		return -ENOSPC;
	}
	if (pf->ops->set_vlan(pf, v, vid, true)) {
		*why = "VLAN filter table full";
		return -ENOSPC;
	}
	set_bit(vid, vf->vlans);
	return 0;
}

static int vfmgr_mbx_set_vlan(struct vfmgr_pf *pf, unsigned int v, const u32 *msg,
			      const char **why)
{
	struct vfmgr_vf *vf = &pf->vfs[v];
	bool add = FIELD_GET(VFMGR_MBX_INFO, msg[0]);
	u32 vid = msg[1];
	int err;

	if (vf->cfg.vlan) {
		*why = "the admin set a port VLAN";
		return -EPERM;
	}
	if (vid >= VLAN_N_VID) {
		*why = "VLAN ID out of range";
		return -EINVAL;
	}
	if (!add) {
		if (vid && test_and_clear_bit(vid, vf->vlans))
			pf->ops->set_vlan(pf, v, vid, false);
	} else if (!test_bit(vid, vf->vlans)) {
		err = vfmgr_mbx_join_vlan(pf, v, vid, why);
		if (err)
			return err;
	}
	vfmgr_vf_apply(pf, v);
	return 0;
}

static bool vfmgr_mbx_frame_ok(u32 size)
{
	return size >= ETH_ZLEN && size <= VFMGR_MAX_FRAME;
}

/*
 * Let VF @v receive frames up to @size bytes; the admin's cap, if any,
 * applies when the pool is programmed.  Called with pf->mbx_lock held,
 * from the work or the interrupt.
 */
static void vfmgr_mbx_grant_frame(struct vfmgr_pf *pf, unsigned int v, u32 size)
{
	lockdep_assert_held(&pf->mbx_lock);
	pf->vfs[v].rx_max_frame = size;
	vfmgr_vf_apply_rx(pf, v);
}

static int vfmgr_mbx_set_lpe(struct vfmgr_pf *pf, unsigned int v, const u32 *msg,
			     const char **why)
{
	if (!vfmgr_mbx_frame_ok(msg[1])) {
		*why = "frame size out of range";
		return -EINVAL;
	}
	spin_lock_irq(&pf->mbx_lock);
	vfmgr_mbx_grant_frame(pf, v, msg[1]);
	spin_unlock_irq(&pf->mbx_lock);
	return 0;
}

/* Whether @msg is a frame-size request that can be granted as it is. */
static bool vfmgr_mbx_lpe_ok(const u32 *msg)
{
	return msg[0] == VFMGR_MBX_SET_LPE && vfmgr_mbx_frame_ok(msg[1]);
}

static int vfmgr_mbx_set_promisc(struct vfmgr_pf *pf, unsigned int v,
				 const u32 *msg, const char **why)
{
	struct vfmgr_vf *vf = &pf->vfs[v];
	unsigned int flags = FIELD_GET(VFMGR_MBX_INFO, msg[0]);

	if (flags & ~(VFMGR_MBX_PROMISC_UNICAST | VFMGR_MBX_PROMISC_MULTICAST)) {
		*why = "unknown promiscuous mode";
		return -EINVAL;
	}
	if (flags && !vf->cfg.trusted) {
		*why = "promiscuous mode needs a trusted VF";
		return -EPERM;
	}
	vf->uc_promisc = flags & VFMGR_MBX_PROMISC_UNICAST;
	vf->mc_promisc = flags & VFMGR_MBX_PROMISC_MULTICAST;
	vfmgr_vf_apply(pf, v);
	return 0;
}

/* VF @v talked to us after its reset reply: it took the reply. */
static void vfmgr_mbx_talked(struct vfmgr_pf *pf, unsigned int v)
{
	lockdep_assert_held(&pf->lock);
	__clear_bit(v, &pf->mbx_late);
	if (pf->mbx_nudged == v)
		pf->mbx_nudged = -1;
}

/*
 * The reset handshake: forget the VF's requests, program what the admin
 * configured, and hand out the admin MAC.  The reply is the only one
 * without the clear-to-send flag; igbvf matches word 0 exactly.  @waited
 * is how long the request waited for the work, in jiffies.
 */
static void vfmgr_mbx_vf_reset(struct vfmgr_pf *pf, unsigned int v, unsigned long waited)
{
	struct vfmgr_vf *vf = &pf->vfs[v];
	u32 reply[3] = { VFMGR_MBX_VF_RESET };

	vfmgr_vf_reset(pf, v);
	spin_lock_irq(&pf->mbx_lock);
	vf->cts = vf->cfg.link_state != IFLA_VF_LINK_STATE_DISABLE;
	spin_unlock_irq(&pf->mbx_lock);
	vfmgr_vf_apply(pf, v);

	if (is_zero_ether_addr(vf->mac)) {
		reply[0] |= VFMGR_MBX_NACK;
	} else {
		reply[0] |= VFMGR_MBX_ACK;
		vfmgr_mac_to_words(vf->mac, &reply[1], &reply[2]);
	}
	vf->cnt.accepted++;
	if (pf->ops->mbx_write(pf, v, reply, ARRAY_SIZE(reply), true))
		vfmgr_mbx_log(pf, v, true, "mailbox busy, reset reply lost\n");
	pci_dbg(pf->pdev, "VF %u: reset, address %pM\n", v, vf->mac);

	if (waited <= VFMGR_MBX_LATE) {
		vfmgr_mbx_talked(pf, v);
		return;
	}
	vf->cnt.late_resets++;
	vf->late_at = jiffies;
	__set_bit(v, &pf->mbx_late);
	vfmgr_mbx_log(pf, v, false,
		      "reset request answered after %u ms; if its driver stopped waiting, it is prompted to restart\n",
		      jiffies_to_msecs(waited));
}

static const char *vfmgr_mbx_name(u32 type)
{
	switch (type) {
	case VFMGR_MBX_SET_MAC_ADDR:
		return "MAC address";
	case VFMGR_MBX_SET_MULTICAST:
		return "multicast list";
	case VFMGR_MBX_SET_VLAN:
		return "VLAN";
	case VFMGR_MBX_SET_LPE:
		return "frame size";
	case VFMGR_MBX_SET_PROMISC:
		return "promiscuous mode";
	default:
		return "request";
	}
}

/* Whether @msg asks for VF @vf's primary address to be the one it has. */
static bool vfmgr_mbx_own_mac(const struct vfmgr_vf *vf, const u32 *msg)
{
	u8 mac[ETH_ALEN];

	if (msg[0] != FIELD_PREP(VFMGR_MBX_TYPE, VFMGR_MBX_SET_MAC_ADDR))
		return false;
	vfmgr_mac_from_words(mac, msg[1], msg[2]);
	return is_valid_ether_addr(mac) && ether_addr_equal(mac, vf->mac);
}

/*
 * Keep @msg in the VF's ring of last messages, for devlink health's dump.
 * Every request the interrupt counts is kept, the ones it does not read
 * too (see vfmgr_mbx_note()): the dump of a quarantine shows the flood.
 * Called with pf->mbx_lock held.
 */
static void vfmgr_mbx_record(struct vfmgr_vf *vf, const u32 *msg)
{
	BUILD_BUG_ON(VFMGR_MBX_WORDS > VFMGR_VF_MSG_WORDS);
	memcpy(vf->last_msgs[vf->last_msg_next], msg, VFMGR_MBX_WORDS * sizeof(*msg));
	vf->last_msg_next = (vf->last_msg_next + 1) % VFMGR_VF_LAST_MSGS;
	if (vf->num_last_msgs < VFMGR_VF_LAST_MSGS)
		vf->num_last_msgs++;
}

/*
 * Serve VF @v's request: @msg when the interrupt read it already, else
 * read it now.  It has waited @waited jiffies.  The caller holds the VF's
 * buffer claim.
 */
static void vfmgr_mbx_receive(struct vfmgr_pf *pf, unsigned int v, u32 *msg,
			      unsigned long waited)
{
	struct vfmgr_vf *vf = &pf->vfs[v];
	const char *why = NULL;
	bool stashed = msg;
	u32 buf[VFMGR_MBX_WORDS];
	u32 type;
	int err;

	if (!stashed) {
		msg = buf;
		if (pf->ops->mbx_read(pf, v, msg, VFMGR_MBX_WORDS, true)) {
			vfmgr_mbx_log(pf, v, true, "mailbox busy, request dropped\n");
			return;
		}
		spin_lock_irq(&pf->mbx_lock);
		vf->cnt.requests++;
		spin_unlock_irq(&pf->mbx_lock);
	}
	type = FIELD_GET(VFMGR_MBX_TYPE, msg[0]);

	/* A reply flag means this is not a request: nothing to answer. */
	if (msg[0] & (VFMGR_MBX_ACK | VFMGR_MBX_NACK)) {
		pf->ops->mbx_release(pf, v);
		return;
	}
	if (msg[0] == VFMGR_MBX_VF_RESET) {
		vfmgr_mbx_vf_reset(pf, v, waited);
		return;
	}
	if (!vf->cts && vfmgr_mbx_own_mac(vf, msg)) {
		/*
		 * Its own address, asked for between handshakes (a tool sets
		 * the admin MAC, then the same MAC on the VF's netdev): granted
		 * without clear-to-send, changing nothing.  A refusal would make
		 * igbvf fall back to its old address and fail the request.
		 */
		vf->cnt.accepted++;
		msg[0] |= VFMGR_MBX_ACK;
		pci_dbg(pf->pdev, "VF %u: own address %pM before reset handshake: granted\n",
			v, vf->mac);
		if (pf->ops->mbx_write(pf, v, msg, 1, true))
			vfmgr_mbx_log(pf, v, true, "mailbox busy, reply lost\n");
		return;
	}
	if (!vf->cts) {
		pci_dbg(pf->pdev, "VF %u: request 0x%08x before reset handshake\n", v, msg[0]);
		vf->cnt.refused++;
		if (time_after(jiffies, vf->last_nack + VFMGR_MBX_NACK_INTERVAL)) {
			vf->last_nack = jiffies;
			msg[0] |= VFMGR_MBX_NACK;
			pf->ops->mbx_write(pf, v, msg, 1, true);
		} else {
			pf->ops->mbx_release(pf, v);
		}
		return;
	}

	vfmgr_mbx_talked(pf, v);
	switch (type) {
	case VFMGR_MBX_SET_MAC_ADDR:
		err = vfmgr_mbx_set_mac(pf, v, msg, &why);
		break;
	case VFMGR_MBX_SET_MULTICAST:
		err = vfmgr_mbx_set_multicast(pf, v, msg, &why);
		break;
	case VFMGR_MBX_SET_VLAN:
		err = vfmgr_mbx_set_vlan(pf, v, msg, &why);
		break;
	case VFMGR_MBX_SET_LPE:
		err = vfmgr_mbx_set_lpe(pf, v, msg, &why);
		break;
	case VFMGR_MBX_SET_PROMISC:
		err = vfmgr_mbx_set_promisc(pf, v, msg, &why);
		break;
	default:
		why = "unknown message type";
		err = -EOPNOTSUPP;
		break;
	}

	msg[0] &= ~(VFMGR_MBX_ACK | VFMGR_MBX_NACK | VFMGR_MBX_CTS);
	/*
	 * igbvf recognises a refused VLAN only when the reply carries no
	 * info byte, but a refused MAC filter only when it carries it.
	 */
	if (type == VFMGR_MBX_SET_VLAN)
		msg[0] &= ~VFMGR_MBX_INFO;
	msg[0] |= VFMGR_MBX_CTS | (err ? VFMGR_MBX_NACK : VFMGR_MBX_ACK);
	if (err) {
		vfmgr_mbx_refuse(pf, v, vfmgr_mbx_name(type), why);
	} else {
		vf->cnt.accepted++;
		vfmgr_mbx_changed(pf, v, type);
	}
	pci_dbg(pf->pdev, "VF %u: request 0x%08x: %s\n", v, msg[0] & (u32)~VFMGR_MBX_CTS,
		err ? "refused" : "accepted");
	if (pf->ops->mbx_write(pf, v, msg, 1, true))
		vfmgr_mbx_log(pf, v, true, "mailbox busy, reply lost\n");
}

/*
 * The VF read a message of ours.  A VF that lost clear-to-send (the PF
 * was reset, or the admin disabled its link) is told so, at most every
 * two seconds; that refusal is what makes igbvf restart its handshake.
 */
static void vfmgr_mbx_ack(struct vfmgr_pf *pf, unsigned int v)
{
	struct vfmgr_vf *vf = &pf->vfs[v];
	u32 nack = VFMGR_MBX_NACK;

	if (vf->cts || !time_after(jiffies, vf->last_nack + VFMGR_MBX_NACK_INTERVAL))
		return;
	pci_dbg(pf->pdev, "VF %u: not clear to send, refusing\n", v);
	vf->last_nack = jiffies;
	pf->ops->mbx_write(pf, v, &nack, 1, true);
}

/*
 * Record VF @v's request, which the interrupt leaves in the buffer for
 * the work: what it carries now, since a hostile VF may write the buffer
 * again before the work reads it.
 * Context: the mailbox interrupt, pf->mbx_lock held.
 */
static void vfmgr_mbx_note(struct vfmgr_pf *pf, unsigned int v)
{
	u32 msg[VFMGR_MBX_WORDS];

	lockdep_assert_held(&pf->mbx_lock);
	pf->ops->mbx_peek(pf, v, msg, VFMGR_MBX_WORDS);
	vfmgr_mbx_record(&pf->vfs[v], msg);
}

/* Why VF @v was quarantined, from what vfmgr_mbx_admit() recorded. */
static void vfmgr_mbx_trip_why(const struct vfmgr_vf *vf, char *why, size_t len)
{
	snprintf(why, len, "%u messages in %u ms (limit %u/s)", vf->trip.msgs,
		 vf->trip.ms, vf->trip.limit);
}

/*
 * Count a message from VF @v.  Over the port's rate the VF is
 * quarantined: from then on its messages are not even read, until the
 * admin releases it.  Each quarantine halves the next threshold, down to
 * an eighth, so a VF that floods again is caught sooner.  The event and
 * the devlink report follow from the mailbox work.
 * Context: the mailbox interrupt, pf->mbx_lock held.
 * Return: whether the message is to be served.
 */
static bool vfmgr_mbx_admit(struct vfmgr_pf *pf, unsigned int v)
{
	struct vfmgr_vf *vf = &pf->vfs[v];
	u32 rate = READ_ONCE(pf->vf_mbx_rate);
	u32 limit = rate >> min(vf->strikes, 3U);
	char why[64];

	lockdep_assert_held(&pf->mbx_lock);
	if (vf->quarantined) {
		vf->cnt.ignored++;
		return false;
	}
	if (time_after(jiffies, vf->win_start + VFMGR_MBX_WINDOW)) {
		vf->win_start = jiffies;
		vf->win_msgs = 0;
	}
	if (++vf->win_msgs <= limit || !rate)
		return true;

	vf->quarantined = true;
	vf->strikes++;
	vf->cnt.quarantines++;
	vf->cnt.ignored++;
	vf->trip.msgs = vf->win_msgs;
	vf->trip.ms = jiffies_to_msecs(jiffies - vf->win_start);
	vf->trip.limit = limit;
	vfmgr_mbx_note(pf, v);
	__set_bit(v, &pf->mbx_tripped);
	vfmgr_mbx_trip_why(vf, why, sizeof(why));
	/* Once per quarantine, and only the admin ends one: not limited. */
	pci_warn(pf->pdev, "VF %u: quarantined: %s; its mailbox is not served until the admin releases it\n",
		 v, why);
	return false;
}

/* Announce VF @v's quarantine: the event, and devlink health's report. */
static void vfmgr_mbx_tripped(struct vfmgr_pf *pf, unsigned int v)
{
	char why[64];

	lockdep_assert_held(&pf->lock);
	spin_lock_irq(&pf->mbx_lock);
	vfmgr_mbx_trip_why(&pf->vfs[v], why, sizeof(why));
	spin_unlock_irq(&pf->mbx_lock);
	vfmgr_fam_notify_quarantined(pf, v, why);
	/*
	 * devlink health is told from a work item of devlink.c's, outside
	 * this lock: reporting takes the instance lock, under which the
	 * reporter's operations take this one.
	 */
	if (pf->abuse_report) {
		set_bit(v, &pf->abuse_pending);
		queue_work(system_wq, &pf->abuse_work);
	}
}

/*
 * Serve VF @v's request in the interrupt if it is one that changes only
 * the VF's own pool and is granted as asked, and the VF has nothing
 * pending in the mailbox work.  Any other request read here is kept for
 * the work.
 * Context: the mailbox interrupt, pf->mbx_lock held.
 * Return: whether the request was dealt with here.
 */
static bool vfmgr_mbx_fast(struct vfmgr_pf *pf, unsigned int v)
{
	struct vfmgr_vf *vf = &pf->vfs[v];
	u32 *msg = pf->mbx_stash[v];

	lockdep_assert_held(&pf->mbx_lock);
	if (!vf->cts || ((pf->mbx_flr | pf->mbx_req | pf->mbx_busy) & BIT(v)))
		goto unread;
	if (!vfmgr_mbx_try_claim(pf, v))
		goto unread;
	if (pf->ops->mbx_read(pf, v, msg, VFMGR_MBX_WORDS, false)) {
		vfmgr_mbx_unclaim(pf, v);
		goto unread;
	}
	vf->cnt.requests++;
	vfmgr_mbx_record(vf, msg);
	if (!vfmgr_mbx_lpe_ok(msg)) {
		__set_bit(v, &pf->mbx_stashed);
		vfmgr_mbx_unclaim(pf, v);
		return false;
	}
	vfmgr_mbx_grant_frame(pf, v, msg[1]);
	vf->cnt.accepted++;
	pf->mbx_fast++;
	__set_bit(v, &pf->mbx_changed);
	msg[0] |= VFMGR_MBX_CTS | VFMGR_MBX_ACK;
	if (pf->ops->mbx_write(pf, v, msg, 1, false))
		vfmgr_mbx_log(pf, v, true, "mailbox busy, reply lost\n");
	vfmgr_mbx_unclaim(pf, v);
	return true;

unread:
	vfmgr_mbx_note(pf, v);
	return false;
}

/**
 * vfmgr_mbx_irq - the mailbox part of the port's "other" interrupt
 * @pf: the port
 *
 * Reads and acknowledges the pending VF resets, requests and
 * acknowledgments; counts each request against its VF's rate (a
 * quarantined VF's are not read); answers what vfmgr_mbx_fast() can and
 * leaves the rest to the mailbox work.
 *
 * Context: hard interrupt.
 * Return: whether the mailbox work is to run.
 */
bool vfmgr_mbx_irq(struct vfmgr_pf *pf)
{
	u64 start = ktime_get_ns();
	u32 flr, req, ack;
	unsigned int v;
	bool work;

	pf->ops->mbx_events(pf, &flr, &req, &ack);
	spin_lock(&pf->mbx_lock);
	for (v = 0; v < VFMGR_MAX_VFS; v++) {
		if (flr & BIT(v))
			__set_bit(v, &pf->mbx_flr);
		if ((req & BIT(v)) && vfmgr_mbx_admit(pf, v) && !vfmgr_mbx_fast(pf, v) &&
		    !__test_and_set_bit(v, &pf->mbx_req))
			pf->vfs[v].req_at = jiffies;
		if ((ack & BIT(v)) && !pf->vfs[v].quarantined && !pf->vfs[v].cts)
			__set_bit(v, &pf->mbx_ack);
	}
	work = pf->mbx_flr | pf->mbx_req | pf->mbx_ack | pf->mbx_changed | pf->mbx_tripped;
	pf->mbx_runs++;
	pf->mbx_ns += ktime_get_ns() - start;
	spin_unlock(&pf->mbx_lock);
	return work;
}

/**
 * vfmgr_mbx_release - let a quarantined VF's messages be served again
 * @pf: the port
 * @v: VF index
 *
 * The VF is told to restart its handshake, as after a new configuration.
 * Its next flood is caught sooner (see vfmgr_mbx_admit()).
 *
 * Context: pf->lock held.
 * Return: whether the VF was quarantined.
 */
bool vfmgr_mbx_release(struct vfmgr_pf *pf, unsigned int v)
{
	struct vfmgr_vf *vf = &pf->vfs[v];

	lockdep_assert_held(&pf->lock);
	spin_lock_irq(&pf->mbx_lock);
	if (!vf->quarantined) {
		spin_unlock_irq(&pf->mbx_lock);
		return false;
	}
	vf->quarantined = false;
	vf->win_start = jiffies;
	vf->win_msgs = 0;
	if (v < pf->num_vfs)
		vf->cts = false;
	spin_unlock_irq(&pf->mbx_lock);
	pci_info(pf->pdev, "VF %u: released from quarantine\n", v);
	if (v < pf->num_vfs) {
		vfmgr_vf_apply(pf, v);
		vfmgr_vf_notify(pf, v);
		pf->ops->mbx_kick(pf);
	}
	vfmgr_fam_notify_vf(pf, v, VFMGR_EVENT_RELEASED);
	return true;
}

/**
 * vfmgr_mbx_limit_check - check a value for one of the port's VF limits
 * @limit: which limit
 * @val: the value asked for
 * @max: set to the limit's largest value
 *
 * The one range check of every surface that sets these (genl pf-set,
 * devlink params), so each refuses the same values.
 *
 * Context: any.
 * Return: 0, or -ERANGE when @val is over *@max.
 */
int vfmgr_mbx_limit_check(enum vfmgr_mbx_limit limit, u32 val, u32 *max)
{
	switch (limit) {
	case VFMGR_MBX_LIMIT_VLAN_QUOTA:
		*max = VFMGR_VF_VLAN_QUOTA_MAX;
		break;
	case VFMGR_MBX_LIMIT_MAC_QUOTA:
		*max = VFMGR_VF_MAC_FILTERS;
		break;
	case VFMGR_MBX_LIMIT_MBX_RATE:
		*max = VFMGR_VF_MBX_RATE_MAX;
		break;
	default:
		*max = 0;
		return -EINVAL;
	}
	return val > *max ? -ERANGE : 0;
}

static u32 *vfmgr_mbx_limit_field(struct vfmgr_pf *pf, enum vfmgr_mbx_limit limit)
{
	switch (limit) {
	case VFMGR_MBX_LIMIT_VLAN_QUOTA:
		return &pf->vf_vlan_quota;
	case VFMGR_MBX_LIMIT_MAC_QUOTA:
		return &pf->vf_mac_quota;
	case VFMGR_MBX_LIMIT_MBX_RATE:
		return &pf->vf_mbx_rate;
	}
	return NULL;
}

/**
 * vfmgr_mbx_limit_set - change one of the port's VF limits
 * @pf: the port
 * @limit: which limit
 * @val: the new value, accepted by vfmgr_mbx_limit_check()
 *
 * Takes effect with the next request a VF makes; what VFs hold already
 * stays.
 *
 * Context: pf->lock held.
 */
void vfmgr_mbx_limit_set(struct vfmgr_pf *pf, enum vfmgr_mbx_limit limit, u32 val)
{
	u32 *field = vfmgr_mbx_limit_field(pf, limit);
	u32 max;

	lockdep_assert_held(&pf->lock);
	if (WARN_ON_ONCE(!field || vfmgr_mbx_limit_check(limit, val, &max)))
		return;
	*field = val;
}

/**
 * vfmgr_mbx_limit_get - read one of the port's VF limits
 * @pf: the port
 * @limit: which limit
 *
 * Context: pf->lock held.
 * Return: its value.
 */
u32 vfmgr_mbx_limit_get(struct vfmgr_pf *pf, enum vfmgr_mbx_limit limit)
{
	u32 *field = vfmgr_mbx_limit_field(pf, limit);

	lockdep_assert_held(&pf->lock);
	return field ? *field : 0;
}

/**
 * vfmgr_mbx_forget - drop what the mailbox interrupt left for the work
 * @pf: the port, with no VFs or with all of them about to be reset
 *
 * The requests, resets and acknowledgments pending are of VFs that are
 * gone or whose state is being reset anyway.  A quarantine not announced
 * yet is still announced.
 *
 * Context: pf->lock held.
 */
void vfmgr_mbx_forget(struct vfmgr_pf *pf)
{
	lockdep_assert_held(&pf->lock);
	spin_lock_irq(&pf->mbx_lock);
	pf->mbx_flr = 0;
	pf->mbx_req = 0;
	pf->mbx_stashed = 0;
	pf->mbx_ack = 0;
	pf->mbx_changed = 0;
	spin_unlock_irq(&pf->mbx_lock);
	pf->mbx_late = 0;
	pf->mbx_nudged = -1;
}

/**
 * vfmgr_mbx_nudge - prompt a VF that may have missed its reset reply
 * @pf: the port
 *
 * A VF whose reset reply went out late (the work could not run: on a host
 * whose every CPU spins in a VF driver's mailbox wait, as igbvf does with
 * preemption off, nothing but interrupts runs) and that has sent nothing
 * since probably gave up on it.  igbvf then waits for the PF forever: the
 * reply it finds later has no clear-to-send flag, so it sees no reason
 * to restart.  Such a VF is sent a notice with the flag, which makes a
 * driver that gave up restart its handshake, and which any other reads
 * as a link notice.  One VF at a time, so that their drivers do not
 * restart, and spin, all at once again.
 *
 * Context: pf->lock held; called every few seconds while VFs exist.
 */
void vfmgr_mbx_nudge(struct vfmgr_pf *pf)
{
	unsigned long late;
	unsigned int v;

	lockdep_assert_held(&pf->lock);
	if (pf->mbx_nudged >= 0) {
		if (!time_after(jiffies, pf->mbx_nudged_at + VFMGR_MBX_NUDGE_TIMEOUT))
			return;
		__clear_bit(pf->mbx_nudged, &pf->mbx_late);
		pf->mbx_nudged = -1;
	}
	late = pf->mbx_late;
	for_each_set_bit(v, &late, pf->num_vfs) {
		struct vfmgr_vf *vf = &pf->vfs[v];

		if (!time_after(jiffies, vf->late_at + VFMGR_MBX_NUDGE_DELAY))
			continue;
		/* Not clear to send, or not served: told otherwise, if at all. */
		if (!vf->cts || vf->quarantined) {
			__clear_bit(v, &pf->mbx_late);
			continue;
		}
		vfmgr_mbx_log(pf, v, false,
			      "silent since its late reset reply: prompting its driver to restart\n");
		vf->cnt.nudges++;
		pf->mbx_nudged = v;
		pf->mbx_nudged_at = jiffies;
		vfmgr_vf_notify(pf, v);
		return;
	}
}

/**
 * vfmgr_mbx_service - serve what the mailbox interrupt left
 * @pf: the port
 *
 * Per VF, in this order: a quarantine to announce, a function level
 * reset, then a request, then an acknowledgment, so a request never sees
 * state from before a reset that came first.  While the work serves a
 * VF, the interrupt reads nothing of that VF's.
 *
 * Context: the port's mailbox work; takes pf->lock.
 */
void vfmgr_mbx_service(struct vfmgr_pf *pf)
{
	u32 msg[VFMGR_MBX_WORDS];
	unsigned int v;
	u64 start;

	mutex_lock(&pf->lock);
	start = ktime_get_ns();
	for (v = 0; v < VFMGR_MAX_VFS; v++) {
		bool flr, req, stashed, ack, changed, tripped;
		unsigned long waited;

		spin_lock_irq(&pf->mbx_lock);
		flr = __test_and_clear_bit(v, &pf->mbx_flr);
		req = __test_and_clear_bit(v, &pf->mbx_req);
		stashed = __test_and_clear_bit(v, &pf->mbx_stashed);
		ack = __test_and_clear_bit(v, &pf->mbx_ack);
		changed = __test_and_clear_bit(v, &pf->mbx_changed);
		tripped = __test_and_clear_bit(v, &pf->mbx_tripped);
		if (!(flr || req || ack || changed || tripped)) {
			spin_unlock_irq(&pf->mbx_lock);
			continue;
		}
		if (stashed)
			memcpy(msg, pf->mbx_stash[v], sizeof(msg));
		waited = jiffies - pf->vfs[v].req_at;
		__set_bit(v, &pf->mbx_busy);
		spin_unlock_irq(&pf->mbx_lock);

		if (tripped)
			vfmgr_mbx_tripped(pf, v);
		if (v < pf->num_vfs) {
			if (flr) {
				pci_dbg(pf->pdev, "VF %u: function level reset\n", v);
				vfmgr_vf_reset(pf, v);
			}
			if (changed)
				vfmgr_mbx_changed(pf, v, VFMGR_MBX_SET_LPE);
			vfmgr_mbx_claim(pf, v);
			/* Quarantined since: the request read is not served. */
			if (req && !pf->vfs[v].quarantined)
				vfmgr_mbx_receive(pf, v, stashed ? msg : NULL, waited);
			else if (req && stashed)
				pf->ops->mbx_release(pf, v);
			if (ack && !pf->vfs[v].quarantined)
				vfmgr_mbx_ack(pf, v);
			vfmgr_mbx_unclaim(pf, v);
		}

		spin_lock_irq(&pf->mbx_lock);
		__clear_bit(v, &pf->mbx_busy);
		spin_unlock_irq(&pf->mbx_lock);
	}
	spin_lock_irq(&pf->mbx_lock);
	pf->mbx_runs++;
	pf->mbx_ns += ktime_get_ns() - start;
	spin_unlock_irq(&pf->mbx_lock);
	mutex_unlock(&pf->lock);
}
