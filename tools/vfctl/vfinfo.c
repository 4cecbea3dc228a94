// SPDX-License-Identifier: GPL-2.0
/*
 * Text and JSON output of a VF for "vf show" and "vf list".
 *
 * Scripts rely on these formats. JSON objects always have every key of the
 * vf-get reply, named after the family's attribute with '-' as '_', in the
 * spec's order; an attribute the kernel did not send is null there and "-"
 * in text. Attributes only notifications carry have no key here. busy is
 * the exception: the kernel sends it only for a VF it found busy, so
 * without it the VF is not, and the key is false rather than null.
 */
#include <stddef.h>
#include <string.h>

#include "family-gen.h"
#include "pfinfo.h"
#include "vfinfo.h"
#include "vfset.h"

enum field_kind {
	F_NONE,		/* not in a vf-get reply */
	F_STRING, F_MAC, F_U8, F_U16, F_U32, F_U64, F_BOOL, F_LINK_STATE, F_VF_DRIVER,
};

/* How each vf-get attribute is kept in struct vf_info and shown. */
static const struct field {
	enum field_kind kind;
	size_t off;
} fields[VFMGR_A_VF_MAX + 1] = {
#define F(attr, kind, member) \
	[attr] = { kind, offsetof(struct vf_info, member) }
	F(VFMGR_A_VF_PF_PCI, F_STRING, pf_pci),
	F(VFMGR_A_VF_ID, F_U32, id),
	F(VFMGR_A_VF_PCI, F_STRING, pci),
	F(VFMGR_A_VF_MAC, F_MAC, mac),
	F(VFMGR_A_VF_CUR_MAC, F_MAC, cur_mac),
	F(VFMGR_A_VF_VLAN, F_U16, vlan),
	F(VFMGR_A_VF_QOS, F_U8, qos),
	F(VFMGR_A_VF_SPOOFCHK, F_BOOL, spoofchk),
	F(VFMGR_A_VF_TRUST, F_BOOL, trust),
	F(VFMGR_A_VF_LINK_STATE, F_LINK_STATE, link_state),
	F(VFMGR_A_VF_MAX_TX_RATE, F_U32, max_tx_rate),
	F(VFMGR_A_VF_MAX_FRAME, F_U32, max_frame),
	F(VFMGR_A_VF_CTS, F_BOOL, cts),
	F(VFMGR_A_VF_DRIVER, F_STRING, driver),
	F(VFMGR_A_VF_MBX_REQUESTS, F_U64, mbx_requests),
	F(VFMGR_A_VF_MBX_ACCEPTED, F_U64, mbx_accepted),
	F(VFMGR_A_VF_MBX_REFUSED, F_U64, mbx_refused),
	F(VFMGR_A_VF_RESETS, F_U64, resets),
	F(VFMGR_A_VF_RX_PACKETS, F_U64, rx_packets),
	F(VFMGR_A_VF_TX_PACKETS, F_U64, tx_packets),
	F(VFMGR_A_VF_RX_BYTES, F_U64, rx_bytes),
	F(VFMGR_A_VF_TX_BYTES, F_U64, tx_bytes),
	F(VFMGR_A_VF_MULTICAST, F_U64, multicast),
	F(VFMGR_A_VF_IOMMU_GROUP, F_U32, iommu_group),
	F(VFMGR_A_VF_VF_DRIVER, F_VF_DRIVER, vf_driver),
	F(VFMGR_A_VF_IOMMU_VIABLE, F_BOOL, iommu_viable),
	F(VFMGR_A_VF_IOMMU_BLOCKER, F_STRING, iommu_blocker),
	F(VFMGR_A_VF_IN_USE, F_BOOL, in_use),
	F(VFMGR_A_VF_BUSY, F_BOOL, busy),
	F(VFMGR_A_VF_QUARANTINED, F_BOOL, quarantined),
	F(VFMGR_A_VF_QUARANTINES, F_U64, quarantines),
	F(VFMGR_A_VF_MBX_IGNORED, F_U64, mbx_ignored),
	F(VFMGR_A_VF_VLANS, F_U32, vlans),
	F(VFMGR_A_VF_MAC_FILTERS, F_U32, mac_filters),
#undef F
};

/* Longest text of one value: a u64, a MAC or a PCI address. */
#define VALUE_LEN 32

static bool has(const struct vf_info *vf, int attr)
{
	return vf->have & VF_HAVE(attr);
}

static const void *member(const struct vf_info *vf, int attr)
{
	return (const char *)vf + fields[attr].off;
}

static uint64_t number(const struct vf_info *vf, int attr)
{
	const void *p = member(vf, attr);

	switch (fields[attr].kind) {
	case F_U8:
		return *(const uint8_t *)p;
	case F_U16:
		return *(const uint16_t *)p;
	case F_U32:
	case F_LINK_STATE:
	case F_VF_DRIVER:
		return *(const uint32_t *)p;
	case F_U64:
		return *(const uint64_t *)p;
	case F_BOOL:
		return *(const bool *)p;
	default:
		return 0;
	}
}

/* One value as text, "-" when the kernel did not send it. */
static const char *text(const struct vf_info *vf, int attr, char buf[VALUE_LEN])
{
	const char *name;

	if (!has(vf, attr))
		return "-";
	switch (fields[attr].kind) {
	case F_STRING:
		return member(vf, attr);
	case F_MAC:
		mac_format(member(vf, attr), buf);
		return buf;
	case F_BOOL:
		return number(vf, attr) ? "on" : "off";
	case F_LINK_STATE:
		name = link_state_name(vf->link_state);
		if (name)
			return name;
		break;
	case F_VF_DRIVER:
		name = vf_driver_name(vf->vf_driver);
		if (name)
			return name;
		break;
	default:
		break;
	}
	snprintf(buf, VALUE_LEN, "%llu", (unsigned long long)number(vf, attr));
	return buf;
}

/* "yes", "no", or "-" when the kernel did not send it. */
static const char *yes_no(const struct vf_info *vf, int attr)
{
	if (!has(vf, attr))
		return "-";
	return number(vf, attr) ? "yes" : "no";
}

/* Any of the attributes of the "bind" line: a module that has vf-bind. */
#define BIND_LINE_ATTRS \
	(VF_HAVE(VFMGR_A_VF_VF_DRIVER) | VF_HAVE(VFMGR_A_VF_IOMMU_VIABLE) | \
	 VF_HAVE(VFMGR_A_VF_IOMMU_BLOCKER) | VF_HAVE(VFMGR_A_VF_IN_USE))

/*
 * vf 0 pci 0000:01:10.0 driver igbvf iommu_group 12
 *   busy (its driver is being unbound)
 *   quarantined (its mailbox is not served until vf reset)
 *   mac 02:00:00:00:00:10 (in use 02:00:00:00:00:10) vlan 100 qos 0 ...
 *   handshake done
 *   mailbox: requests 12 accepted 11 refused 1 resets 2 ignored 0 quarantines 0
 *   granted: vlans 2 mac_filters 1
 *   rx: packets 5 bytes 300 multicast 0  tx: packets 4 bytes 240
 *   bind vfio-pci in_use no iommu_viable no blocker 0000:01:00.0 (igb)
 *
 * The busy line only for a VF the kernel found busy (it then sends neither
 * driver nor in_use), the quarantined line only for a VF in quarantine,
 * the last line only from a module with vf-bind, the blocker (free text,
 * hence last) only when the group is not viable.
 */
void vf_info_text(FILE *f, const struct vf_info *vf)
{
	char b[9][VALUE_LEN];

	fprintf(f, "vf %s pci %s driver %s", text(vf, VFMGR_A_VF_ID, b[0]),
		text(vf, VFMGR_A_VF_PCI, b[1]), text(vf, VFMGR_A_VF_DRIVER, b[2]));
	/* Only a VF device behind an IOMMU has a group. */
	if (has(vf, VFMGR_A_VF_IOMMU_GROUP))
		fprintf(f, " iommu_group %u", vf->iommu_group);
	fputc('\n', f);
	if (has(vf, VFMGR_A_VF_BUSY) && vf->busy)
		fputs("  busy (its driver is being unbound)\n", f);
	if (has(vf, VFMGR_A_VF_QUARANTINED) && vf->quarantined)
		fputs("  quarantined (its mailbox is not served until vf reset)\n", f);
	fprintf(f, "  mac %s (in use %s) vlan %s qos %s spoofchk %s trust %s",
		text(vf, VFMGR_A_VF_MAC, b[0]), text(vf, VFMGR_A_VF_CUR_MAC, b[1]),
		text(vf, VFMGR_A_VF_VLAN, b[2]), text(vf, VFMGR_A_VF_QOS, b[3]),
		text(vf, VFMGR_A_VF_SPOOFCHK, b[4]), text(vf, VFMGR_A_VF_TRUST, b[5]));
	fprintf(f, " state %s max_tx_rate %s max_frame %s\n",
		text(vf, VFMGR_A_VF_LINK_STATE, b[0]),
		text(vf, VFMGR_A_VF_MAX_TX_RATE, b[1]),
		text(vf, VFMGR_A_VF_MAX_FRAME, b[2]));
	fprintf(f, "  handshake %s\n", !has(vf, VFMGR_A_VF_CTS) ? "-" :
		vf->cts ? "done" : "not done");
	fprintf(f, "  mailbox: requests %s accepted %s refused %s resets %s ignored %s quarantines %s\n",
		text(vf, VFMGR_A_VF_MBX_REQUESTS, b[0]),
		text(vf, VFMGR_A_VF_MBX_ACCEPTED, b[1]),
		text(vf, VFMGR_A_VF_MBX_REFUSED, b[2]),
		text(vf, VFMGR_A_VF_RESETS, b[3]),
		text(vf, VFMGR_A_VF_MBX_IGNORED, b[4]),
		text(vf, VFMGR_A_VF_QUARANTINES, b[5]));
	fprintf(f, "  granted: vlans %s mac_filters %s\n",
		text(vf, VFMGR_A_VF_VLANS, b[0]),
		text(vf, VFMGR_A_VF_MAC_FILTERS, b[1]));
	fprintf(f, "  rx: packets %s bytes %s multicast %s  tx: packets %s bytes %s\n",
		text(vf, VFMGR_A_VF_RX_PACKETS, b[0]),
		text(vf, VFMGR_A_VF_RX_BYTES, b[1]),
		text(vf, VFMGR_A_VF_MULTICAST, b[2]),
		text(vf, VFMGR_A_VF_TX_PACKETS, b[3]),
		text(vf, VFMGR_A_VF_TX_BYTES, b[4]));
	if (!(vf->have & BIND_LINE_ATTRS))
		return;
	fprintf(f, "  bind %s in_use %s iommu_viable %s",
		text(vf, VFMGR_A_VF_VF_DRIVER, b[0]), yes_no(vf, VFMGR_A_VF_IN_USE),
		yes_no(vf, VFMGR_A_VF_IOMMU_VIABLE));
	if (has(vf, VFMGR_A_VF_IOMMU_BLOCKER))
		fprintf(f, " blocker %s", vf->iommu_blocker);
	fputc('\n', f);
}

void vf_info_json(struct json_writer *w, const struct vf_info *vf)
{
	char buf[VALUE_LEN];
	const char *name;
	int attr;

	json_object_begin(w);
	for (attr = 1; attr <= VFMGR_A_VF_MAX; attr++) {
		if (fields[attr].kind == F_NONE)
			continue;
		json_key(w, vfmgr_vf_attr_keys[attr]);
		if (attr == VFMGR_A_VF_BUSY) {
			json_bool(w, has(vf, attr) && vf->busy);
			continue;
		}
		if (!has(vf, attr)) {
			json_null(w);
			continue;
		}
		switch (fields[attr].kind) {
		case F_STRING:
			json_string(w, member(vf, attr));
			break;
		case F_MAC:
			mac_format(member(vf, attr), buf);
			json_string(w, buf);
			break;
		case F_BOOL:
			json_bool(w, number(vf, attr));
			break;
		case F_LINK_STATE:
		case F_VF_DRIVER:
			/* A value newer than this vfctl: its number, as a string. */
			name = text(vf, attr, buf);
			json_string(w, name);
			break;
		default:
			json_uint(w, number(vf, attr));
			break;
		}
	}
	json_object_end(w);
}

#define LIST_FMT \
	"%-12s  %-3s  %-12s  %-10s  %-17s  %-4s  %-7s  %-5s  %-5s  %-6s  %-6s  %s\n"

void vf_info_list_header(FILE *f)
{
	fprintf(f, LIST_FMT, "PF", "VF", "PCI", "DRIVER", "MAC", "VLAN", "STATE",
		"TRUST", "IOMMU", "VIABLE", "IN_USE", "BIND");
}

/*
 * One "vf list" row; MAC is the address the VF uses (cur_mac). The columns
 * after IOMMU came with vf-bind, so a script counting columns finds the
 * older ones where they were; a module without vf-bind gets dashes there.
 * A busy VF's driver is "busy": the kernel could not tell which it is.
 */
void vf_info_list_line(FILE *f, const struct vf_info *vf)
{
	char b[10][VALUE_LEN];

	bool busy = has(vf, VFMGR_A_VF_BUSY) && vf->busy;

	fprintf(f, LIST_FMT, text(vf, VFMGR_A_VF_PF_PCI, b[0]),
		text(vf, VFMGR_A_VF_ID, b[1]), text(vf, VFMGR_A_VF_PCI, b[2]),
		busy ? "busy" : text(vf, VFMGR_A_VF_DRIVER, b[3]), text(vf, VFMGR_A_VF_CUR_MAC, b[4]),
		text(vf, VFMGR_A_VF_VLAN, b[5]), text(vf, VFMGR_A_VF_LINK_STATE, b[6]),
		text(vf, VFMGR_A_VF_TRUST, b[7]), text(vf, VFMGR_A_VF_IOMMU_GROUP, b[8]),
		yes_no(vf, VFMGR_A_VF_IOMMU_VIABLE), yes_no(vf, VFMGR_A_VF_IN_USE),
		text(vf, VFMGR_A_VF_VF_DRIVER, b[9]));
}

/* PFs in address order (numerically: domains differ in width), then VFs. */
int vf_info_cmp(const void *a, const void *b)
{
	const struct vf_info *x = a, *y = b;
	int c = pci_addr_cmp(x->pf_pci, y->pf_pci);

	if (c)
		return c;
	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return 0;
}
