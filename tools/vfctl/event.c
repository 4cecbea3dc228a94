// SPDX-License-Identifier: GPL-2.0
/*
 * vf-event notifications, as "vfctl monitor" prints them.
 *
 * Text, one line per event; source, reason and driver only when the event
 * has them:
 *
 *   0000:01:00.0 vf 0 config-changed source genl
 *   0000:01:00.0 vf 1 refused reason "set MAC: not trusted"
 *   0000:01:00.0 vf 2 bound driver igbvf
 *   0000:01:00.0 vf 2 opened
 *
 * JSON, one compact object per line, keys in this order: pf, vf, event and
 * source always (source null when the event has none), reason and driver
 * only when the event has them.
 *
 * An event or source newer than this vfctl is its number: a plain number in
 * text, a string holding it in JSON, as for an unknown link state.
 */
#include <errno.h>
#include <string.h>

#include <netlink/attr.h>
#include <netlink/genl/genl.h>

#include "event.h"
#include "family-gen.h"
#include "json.h"
#include "util.h"

const char *vf_event_name(uint32_t event)
{
	return enum_name(vfmgr_event_names, ARRAY_SIZE(vfmgr_event_names), event);
}

const char *vf_source_name(uint32_t source)
{
	return enum_name(vfmgr_source_names, ARRAY_SIZE(vfmgr_source_names), source);
}

/*
 * One vf-event message into *ev. The PF, the VF and what happened must be
 * there; anything else is optional. Returns 0 or -EPROTO.
 */
int vf_event_parse(struct nlmsghdr *nlh, struct vf_event *ev)
{
	struct nlattr *tb[VFMGR_A_VF_MAX + 1];

	memset(ev, 0, sizeof(*ev));
	if (!genlmsg_valid_hdr(nlh, 0) ||
	    genlmsg_parse(nlh, 0, tb, VFMGR_A_VF_MAX,
			  vfmgr_vf_policy) < 0 ||
	    !tb[VFMGR_A_VF_PF_PCI] || !tb[VFMGR_A_VF_ID] || !tb[VFMGR_A_VF_EVENT])
		return -EPROTO;

	nla_strlcpy(ev->pf_pci, tb[VFMGR_A_VF_PF_PCI], sizeof(ev->pf_pci));
	ev->id = nla_get_u32(tb[VFMGR_A_VF_ID]);
	ev->event = nla_get_u32(tb[VFMGR_A_VF_EVENT]);
	ev->have = EV_HAVE(VFMGR_A_VF_PF_PCI) | EV_HAVE(VFMGR_A_VF_ID) |
		   EV_HAVE(VFMGR_A_VF_EVENT);
	if (tb[VFMGR_A_VF_SOURCE]) {
		ev->source = nla_get_u32(tb[VFMGR_A_VF_SOURCE]);
		ev->have |= EV_HAVE(VFMGR_A_VF_SOURCE);
	}
	/* A longer reason is cut short rather than the event dropped. */
	if (tb[VFMGR_A_VF_REASON]) {
		nla_strlcpy(ev->reason, tb[VFMGR_A_VF_REASON], sizeof(ev->reason));
		ev->have |= EV_HAVE(VFMGR_A_VF_REASON);
	}
	if (tb[VFMGR_A_VF_DRIVER]) {
		nla_strlcpy(ev->driver, tb[VFMGR_A_VF_DRIVER], sizeof(ev->driver));
		ev->have |= EV_HAVE(VFMGR_A_VF_DRIVER);
	}
	return 0;
}

static bool has(const struct vf_event *ev, int attr)
{
	return ev->have & EV_HAVE(attr);
}

/*
 * A string the kernel sent, kept on one line and one field: " and \
 * escaped with a backslash, control bytes as \xHH and, with @blank, spaces
 * too, for a word printed without quotes.
 */
static void put_escaped(FILE *f, const char *s, bool blank)
{
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p < 0x20 || *p == 0x7f || (blank && *p == ' '))
			fprintf(f, "\\x%02x", *p);
		else
			fputc(*p, f);
	}
}

static void put_enum(FILE *f, const char *name, uint32_t val)
{
	if (name)
		fputs(name, f);
	else
		fprintf(f, "%u", val);
}

void vf_event_text(FILE *f, const struct vf_event *ev)
{
	put_escaped(f, ev->pf_pci, true);
	fprintf(f, " vf %u ", ev->id);
	put_enum(f, vf_event_name(ev->event), ev->event);
	if (has(ev, VFMGR_A_VF_SOURCE)) {
		fputs(" source ", f);
		put_enum(f, vf_source_name(ev->source), ev->source);
	}
	if (has(ev, VFMGR_A_VF_REASON)) {
		fputs(" reason \"", f);
		put_escaped(f, ev->reason, false);
		fputc('"', f);
	}
	if (has(ev, VFMGR_A_VF_DRIVER)) {
		fputs(" driver ", f);
		put_escaped(f, ev->driver, true);
	}
	fputc('\n', f);
}

static void kv_enum(struct json_writer *w, const char *key, const char *name,
		    uint32_t val)
{
	char buf[16];

	if (!name) {
		snprintf(buf, sizeof(buf), "%u", val);
		name = buf;
	}
	json_kv_string(w, key, name);
}

/* Always compact, whatever -p says: one object per line (JSON Lines). */
void vf_event_json(FILE *f, const struct vf_event *ev)
{
	struct json_writer w;

	json_init(&w, f, false);
	json_object_begin(&w);
	json_kv_string(&w, "pf", ev->pf_pci);
	json_kv_uint(&w, "vf", ev->id);
	kv_enum(&w, "event", vf_event_name(ev->event), ev->event);
	if (has(ev, VFMGR_A_VF_SOURCE))
		kv_enum(&w, "source", vf_source_name(ev->source), ev->source);
	else
		json_kv_null(&w, "source");
	if (has(ev, VFMGR_A_VF_REASON))
		json_kv_string(&w, "reason", ev->reason);
	if (has(ev, VFMGR_A_VF_DRIVER))
		json_kv_string(&w, "driver", ev->driver);
	json_object_end(&w);
	json_finish(&w);
}
