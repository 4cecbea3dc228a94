// SPDX-License-Identifier: GPL-2.0
/*
 * Whether a VF can be handed to a VM, as libvirt would find out when it
 * starts a domain with the VF as a managed <hostdev>, and the XML for one.
 *
 * libvirt binds a managed hostdev to vfio-pci itself, so the driver the VF
 * has now does not matter. What stops it: no IOMMU group (no VFIO at
 * all), another device of the group bound to a driver that does DMA
 * through the kernel (VFIO refuses the group: "group is not viable"), or
 * a VFIO user holding the VF already (another VM). The PCI Express type,
 * the ACS of the bridges above (which decides how large the group is),
 * the reset methods and the driver are shown to explain the verdict.
 *
 * "vfctl check" text, one fact per line, the name padded to 13 columns as
 * in "pf show", the verdict last:
 *
 *   pci          0000:01:10.0
 *   type         PCIe endpoint
 *   iommu_group  12
 *   member       0000:01:10.0 vfio-pci
 *   viable       yes
 *   acs          0000:00:01.0 SV+ RR+ CR+ UF+
 *   reset        flr
 *   driver       vfio-pci
 *   in_use       no
 *   verdict: assignable
 *
 * A VF in use says who holds it where /proc tells:
 *
 *   in_use       yes (qemu-system-x86 pid 1234)
 */
#include <errno.h>
#include <string.h>

#include "assign.h"
#include "pcicfg.h"

/*
 * Drivers that leave DMA to their user (driver_managed_dma in the kernel):
 * vfio-pci and its variant drivers (mlx5_vfio_pci, ...), pci-stub, and
 * the PCIe port services. The same test the kernel's vf-get applies.
 */
bool check_driver_leaves_dma(const char *driver)
{
	static const char *const suffixes[] = { "vfio-pci", "vfio_pci" };
	size_t i, n = strlen(driver), m;

	if (!strcmp(driver, "pci-stub") || !strcmp(driver, "pcieport"))
		return true;
	for (i = 0; i < ARRAY_SIZE(suffixes); i++) {
		m = strlen(suffixes[i]);
		if (n >= m && !strcmp(driver + n - m, suffixes[i]))
			return true;
	}
	return false;
}

/* Without the kernel's answer: the first other member bound to a host driver. */
void check_viable_from_members(struct vf_check *c)
{
	size_t i;

	c->blocker[0] = '\0';
	if (c->iommu_group < 0) {
		c->viable = CHECK_UNKNOWN;
		return;
	}
	c->viable = CHECK_YES;
	for (i = 0; i < c->n_members; i++) {
		if (!strcmp(c->members[i].addr, c->pci) || !c->members[i].driver[0] ||
		    check_driver_leaves_dma(c->members[i].driver))
			continue;
		c->viable = CHECK_NO;
		snprintf(c->blocker, sizeof(c->blocker), "%s (%s)", c->members[i].addr,
			 c->members[i].driver);
		return;
	}
}

/* True when assignable; otherwise why not into reason. */
bool check_verdict(const struct vf_check *c, char *reason, size_t len)
{
	reason[0] = '\0';
	if (c->iommu_group < 0)
		snprintf(reason, len, "no IOMMU group");
	else if (c->viable == CHECK_NO)
		snprintf(reason, len, "group not viable: %s", c->blocker);
	else if (c->in_use == CHECK_YES)
		snprintf(reason, len, "in use");
	return !reason[0];
}

/* CHECK_* of whether the function is an endpoint. */
static int endpoint(const struct vf_check *c)
{
	if (c->pcie_type >= 0)
		return pcicfg_pcie_is_endpoint(c->pcie_type) ? CHECK_YES : CHECK_NO;
	if (c->pcie_type == PCICFG_NOT_PCIE && c->header_type >= 0)
		return c->header_type == 0 ? CHECK_YES : CHECK_NO;
	return CHECK_UNKNOWN;
}

static void type_text(FILE *f, const struct vf_check *c)
{
	const char *name = pcicfg_pcie_type_text(c->pcie_type);

	if (c->cfg_why[0])
		fprintf(f, "unknown (%s)", c->cfg_why);
	else if (c->pcie_type == PCICFG_NOT_PCIE)
		fputs(c->header_type == 0 ? "conventional PCI device" :
		      "conventional PCI bridge", f);
	else if (name)
		fputs(name, f);
	else
		fprintf(f, "PCIe type %d", c->pcie_type);
	if (!c->cfg_why[0] && endpoint(c) == CHECK_NO)
		fputs(" (not an endpoint)", f);
	fputc('\n', f);
}

static const struct {
	uint16_t bit;
	const char *name;
} acs_bits[] = {
	{ PCICFG_ACS_SV, "SV" },
	{ PCICFG_ACS_RR, "RR" },
	{ PCICFG_ACS_CR, "CR" },
	{ PCICFG_ACS_UF, "UF" },
};

static const char *or_dash(const char *s)
{
	return s[0] ? s : "-";
}

void check_text(FILE *f, const struct vf_check *c)
{
	char reason[256], held[512];
	size_t i, j;

	fprintf(f, "pci          %s\n", c->pci);
	fputs("type         ", f);
	type_text(f, c);
	if (c->iommu_group >= 0)
		fprintf(f, "iommu_group  %d\n", c->iommu_group);
	else
		fputs("iommu_group  -\n", f);
	for (i = 0; i < c->n_members; i++)
		fprintf(f, "member       %s %s\n", c->members[i].addr,
			or_dash(c->members[i].driver));
	if (c->viable == CHECK_YES)
		fputs("viable       yes\n", f);
	else if (c->viable == CHECK_NO)
		fprintf(f, "viable       no: %s\n", c->blocker);
	else
		fputs("viable       -\n", f);
	if (!c->n_bridges)
		fputs("acs          - (no upstream bridge)\n", f);
	for (i = 0; i < c->n_bridges; i++) {
		fprintf(f, "acs          %s", c->bridges[i].addr);
		if (c->bridges[i].acs == CHECK_UNKNOWN) {
			fprintf(f, " unknown (%s)\n", c->bridges[i].why);
			continue;
		}
		if (c->bridges[i].acs == CHECK_NO) {
			fputs(" none\n", f);
			continue;
		}
		for (j = 0; j < ARRAY_SIZE(acs_bits); j++)
			fprintf(f, " %s%c", acs_bits[j].name,
				c->bridges[i].acs_ctrl & acs_bits[j].bit ? '+' : '-');
		fputc('\n', f);
	}
	fprintf(f, "reset        %s\n", c->reset[0] ? c->reset : "none");
	fprintf(f, "driver       %s\n", or_dash(c->driver));
	if (c->in_use == CHECK_UNKNOWN)
		fprintf(f, "in_use       unknown (%s)\n", c->in_use_why);
	else if (c->in_use == CHECK_YES && c->n_holders) {
		holder_text(held, sizeof(held), c->holders, c->n_holders);
		fprintf(f, "in_use       yes (%s)\n", held);
	} else
		fprintf(f, "in_use       %s\n", c->in_use == CHECK_YES ? "yes" : "no");
	if (check_verdict(c, reason, sizeof(reason)))
		fputs("verdict: assignable\n", f);
	else
		fprintf(f, "verdict: not assignable: %s\n", reason);
}

static void kv_tristate(struct json_writer *w, const char *key, int val)
{
	if (val == CHECK_UNKNOWN)
		json_kv_null(w, key);
	else
		json_kv_bool(w, key, val == CHECK_YES);
}

static void kv_string_or_null(struct json_writer *w, const char *key, const char *s)
{
	if (s[0])
		json_kv_string(w, key, s);
	else
		json_kv_null(w, key);
}

/* The words of reset_method, as an array. */
static void reset_json(struct json_writer *w, const char *methods)
{
	const char *p = methods;
	char word[64];
	size_t n;

	json_key(w, "reset_method");
	json_array_begin(w);
	while (*p) {
		p += strspn(p, " ");
		n = strcspn(p, " ");
		if (!n)
			break;
		snprintf(word, sizeof(word), "%.*s", (int)n, p);
		json_string(w, word);
		p += n;
	}
	json_array_end(w);
}

static void type_json(struct json_writer *w, const struct vf_check *c)
{
	const char *key = pcicfg_pcie_type_key(c->pcie_type);
	char buf[16];

	if (c->cfg_why[0]) {
		json_kv_null(w, "type");
	} else if (c->pcie_type == PCICFG_NOT_PCIE) {
		json_kv_string(w, "type", c->header_type == 0 ? "pci-device" : "pci-bridge");
	} else if (key) {
		json_kv_string(w, "type", key);
	} else {
		snprintf(buf, sizeof(buf), "%d", c->pcie_type);
		json_kv_string(w, "type", buf);
	}
	kv_tristate(w, "endpoint", c->cfg_why[0] ? CHECK_UNKNOWN : endpoint(c));
	kv_string_or_null(w, "type_error", c->cfg_why);
}

/*
 * One object; every key always there, null for what is not known:
 * {"pf","vf","pci","type","endpoint","type_error","iommu_group","members",
 *  "viable","blocker","upstream","reset_method","driver","in_use",
 *  "in_use_error","holders","assignable","reason"}
 * "holders" is an array of {"pid","comm"}, empty when nobody is found.
 */
void check_json(struct json_writer *w, const struct vf_check *c)
{
	const struct check_bridge *b;
	char reason[256];
	size_t i, j;
	bool ok;

	json_object_begin(w);
	json_kv_string(w, "pf", c->pf);
	json_kv_uint(w, "vf", c->vf);
	json_kv_string(w, "pci", c->pci);
	type_json(w, c);
	if (c->iommu_group >= 0)
		json_kv_uint(w, "iommu_group", (unsigned int)c->iommu_group);
	else
		json_kv_null(w, "iommu_group");
	json_key(w, "members");
	json_array_begin(w);
	for (i = 0; i < c->n_members; i++) {
		json_object_begin(w);
		json_kv_string(w, "pci", c->members[i].addr);
		kv_string_or_null(w, "driver", c->members[i].driver);
		json_object_end(w);
	}
	json_array_end(w);
	kv_tristate(w, "viable", c->viable);
	kv_string_or_null(w, "blocker", c->viable == CHECK_NO ? c->blocker : "");
	json_key(w, "upstream");
	json_array_begin(w);
	for (i = 0; i < c->n_bridges; i++) {
		b = &c->bridges[i];
		json_object_begin(w);
		json_kv_string(w, "pci", b->addr);
		kv_tristate(w, "acs", b->acs);
		for (j = 0; j < ARRAY_SIZE(acs_bits); j++) {
			char key[4] = { (char)(acs_bits[j].name[0] | 0x20),
					(char)(acs_bits[j].name[1] | 0x20), '\0' };

			kv_tristate(w, key, b->acs != CHECK_YES ? CHECK_UNKNOWN :
				    b->acs_ctrl & acs_bits[j].bit ? CHECK_YES : CHECK_NO);
		}
		kv_string_or_null(w, "error", b->acs == CHECK_UNKNOWN ? b->why : "");
		json_object_end(w);
	}
	json_array_end(w);
	reset_json(w, c->reset);
	kv_string_or_null(w, "driver", c->driver);
	kv_tristate(w, "in_use", c->in_use);
	kv_string_or_null(w, "in_use_error", c->in_use == CHECK_UNKNOWN ? c->in_use_why : "");
	json_key(w, "holders");
	json_array_begin(w);
	for (i = 0; i < c->n_holders; i++) {
		json_object_begin(w);
		json_kv_uint(w, "pid", (unsigned int)c->holders[i].pid);
		json_kv_string(w, "comm", c->holders[i].comm);
		json_object_end(w);
	}
	json_array_end(w);
	ok = check_verdict(c, reason, sizeof(reason));
	json_kv_bool(w, "assignable", ok);
	kv_string_or_null(w, "reason", reason);
	json_object_end(w);
}

/* ---- hostdev-xml ---- */

static const struct {
	const char *name;
} hostdev_options[] = { { "interface" }, { "mac" }, { "vlan" } };

enum { HOSTDEV_INTERFACE, HOSTDEV_MAC, HOSTDEV_VLAN };

/*
 * argv: what follows PF VF. Options take one dash or two and may be
 * shortened, as vfctl's global ones; --mac and --vlan need --interface.
 * Fills *opts only on success; else -EINVAL with why.
 */
int hostdev_parse(int argc, char *const *argv, struct hostdev_opts *opts,
		  char *why, size_t len)
{
	static const uint8_t zero[MAC_LEN];
	struct hostdev_opts o = { 0 };
	unsigned int given = 0;
	unsigned long long v;
	const char *name;
	int i, idx;

	for (i = 0; i < argc; i++) {
		if (argv[i][0] != '-')
			return fail_why(why, len, "unexpected argument \"%s\"", argv[i]);
		name = argv[i] + 1 + (argv[i][1] == '-');
		idx = ABBREV_MATCH_TABLE(name, hostdev_options, ARRAY_SIZE(hostdev_options));
		if (idx < 0)
			return fail_why(why, len,
					"%s option \"%s\" (expected --interface, --mac MAC or --vlan VID)",
					idx == ABBREV_AMBIGUOUS ? "ambiguous" : "unknown",
					argv[i]);
		if (given & (1u << idx))
			return fail_why(why, len, "\"--%s\" given twice",
					hostdev_options[idx].name);
		given |= 1u << idx;
		if (idx == HOSTDEV_INTERFACE) {
			o.interface = true;
			continue;
		}
		if (i + 1 >= argc)
			return fail_why(why, len, "missing value for \"--%s\"",
					hostdev_options[idx].name);
		name = argv[++i];
		if (idx == HOSTDEV_MAC) {
			if (mac_parse(name, o.mac))
				return fail_why(why, len,
						"invalid MAC \"%s\" (expected xx:xx:xx:xx:xx:xx)",
						name);
			if (mac_is_multicast(o.mac))
				return fail_why(why, len,
						"MAC \"%s\" is multicast; a guest NIC needs a unicast address",
						name);
			if (!memcmp(o.mac, zero, MAC_LEN))
				return fail_why(why, len,
						"MAC \"%s\" is all zeroes; leave --mac out to keep the VF's address",
						name);
			o.have_mac = true;
		} else {
			if (uint_parse(name, 1, 4095, &v))
				return fail_why(why, len,
						"invalid VLAN ID \"%s\" (expected 1-4095)", name);
			o.vlan = (uint16_t)v;
		}
	}
	if (!o.interface && (o.have_mac || o.vlan))
		return fail_why(why, len, "\"--%s\" needs --interface",
				o.have_mac ? "mac" : "vlan");
	*opts = o;
	return 0;
}

/*
 * A managed <hostdev> (libvirt binds the VF to vfio-pci while the domain
 * runs), or with --interface an <interface type='hostdev'>, for which
 * libvirt also sets the VF's MAC address and port VLAN through the PF.
 */
void hostdev_xml_write(FILE *f, const struct pci_addr *a, const struct hostdev_opts *o)
{
	char addr[160], mac[MAC_STRLEN];

	snprintf(addr, sizeof(addr),
		 "domain='0x%04x' bus='0x%02x' slot='0x%02x' function='0x%x'/>",
		 a->domain, a->bus, a->dev, a->fn);
	if (!o->interface) {
		fprintf(f, "<hostdev mode='subsystem' type='pci' managed='yes'>\n"
			"  <source>\n"
			"    <address %s\n"
			"  </source>\n"
			"</hostdev>\n", addr);
		return;
	}
	fputs("<interface type='hostdev' managed='yes'>\n", f);
	if (o->have_mac) {
		mac_format(o->mac, mac);
		fprintf(f, "  <mac address='%s'/>\n", mac);
	}
	fprintf(f, "  <source>\n"
		"    <address type='pci' %s\n"
		"  </source>\n", addr);
	if (o->vlan)
		fprintf(f, "  <vlan>\n"
			"    <tag id='%u'/>\n"
			"  </vlan>\n", o->vlan);
	fputs("</interface>\n", f);
}
