/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The vfmgr generic netlink family below its request handlers: the
 * registry of claimed ports the handlers find by name, the generation
 * number that flags torn dumps, and the typed notifications the other
 * layers send to the events group.
 *
 * Nothing here calls up into the handlers (netlink.c) or any other layer:
 * every file may call this one, and it calls none of them.  Notifications
 * are queued per port and built and sent by a work item, so they may be
 * raised under any of the driver's locks (pf->lock included), and a VF
 * flooding the mailbox cannot make the host build more than a bounded
 * number of messages: events a VF causes pass its rate limit first, and
 * the queue has a fixed size.
 */
#ifndef _VFMGR_FAMILY_H
#define _VFMGR_FAMILY_H

#include <linux/completion.h>
#include <linux/list.h>
#include <linux/refcount.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/workqueue.h>

#include <uapi/linux/vfmgr.h>

struct vfmgr_pf;

/* Longest reason or driver name an event carries, with its NUL. */
#define VFMGR_FAM_TEXT_LEN	128
/* Events a port holds before it drops new ones (counted in ev_dropped). */
#define VFMGR_FAM_QUEUE		32

/**
 * struct vfmgr_fam_event - one notification waiting to be sent
 * @vf: VF index
 * @event: enum vfmgr_event
 * @source: enum vfmgr_source for config-changed, otherwise -1
 * @text: reason (refused) or driver (bound); empty for none
 */
struct vfmgr_fam_event {
	u8 vf;
	u8 event;
	s8 source;
	char text[VFMGR_FAM_TEXT_LEN];
};

/**
 * struct vfmgr_fam_port - what the family keeps for each claimed port
 * @node: entry in the registry, under the registry's mutex
 * @ref: references held by requests (and one by the registry itself)
 * @released: completed when the last reference is dropped after the port
 *	left the registry
 * @ev_lock: protects @ev, @ev_head, @ev_len, @ev_dropped and @stopped
 * @ev: queued notifications, a ring of VFMGR_FAM_QUEUE entries
 * @ev_head: index of the oldest queued notification
 * @ev_len: number of queued notifications
 * @ev_dropped: notifications dropped because the queue was full
 * @stopped: the port is going away; nothing is queued any more
 * @ev_work: builds and sends the queued notifications
 */
struct vfmgr_fam_port {
	struct list_head node;
	refcount_t ref;
	struct completion released;
	spinlock_t ev_lock;	/* protects the queue, see above */
	struct vfmgr_fam_event ev[VFMGR_FAM_QUEUE];
	unsigned int ev_head;
	unsigned int ev_len;
	u64 ev_dropped;
	bool stopped;
	struct work_struct ev_work;
};

/* Defined in the generated netlink-gen.c. */
extern struct genl_family vfmgr_nl_family;

int vfmgr_fam_init(void);
void vfmgr_fam_exit(void);

void vfmgr_fam_port_init(struct vfmgr_pf *pf);
void vfmgr_fam_port_add(struct vfmgr_pf *pf);
void vfmgr_fam_port_del(struct vfmgr_pf *pf);
void vfmgr_fam_port_stop(struct vfmgr_pf *pf);
struct vfmgr_pf *vfmgr_fam_port_get(const char *pci);
struct vfmgr_pf *vfmgr_fam_port_get_nth(unsigned long idx);
void vfmgr_fam_port_put(struct vfmgr_pf *pf);
void vfmgr_fam_changed(void);
u32 vfmgr_fam_gen(void);

void vfmgr_fam_notify_vf(struct vfmgr_pf *pf, unsigned int vf, enum vfmgr_event event);
void vfmgr_fam_notify_reset(struct vfmgr_pf *pf, unsigned int vf);
void vfmgr_fam_notify_bound(struct vfmgr_pf *pf, unsigned int vf, const char *driver);
void vfmgr_fam_notify_refused(struct vfmgr_pf *pf, unsigned int vf, const char *what,
			      const char *why);
void vfmgr_fam_notify_withdrawn(struct vfmgr_pf *pf, unsigned int vf, const char *why);
void vfmgr_fam_notify_quarantined(struct vfmgr_pf *pf, unsigned int vf, const char *why);
void vfmgr_fam_notify_changed(struct vfmgr_pf *pf, unsigned int vf,
			      enum vfmgr_source source);

#endif /* _VFMGR_FAMILY_H */
