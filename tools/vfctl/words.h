/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The values of the family's enums as the help and the usage errors list
 * them, in the order a user reads best (vfio-pci first), which is not
 * always the spec's. The unit tests check each list against the names
 * generated from the spec, so a value the spec adds cannot be left out.
 */
#ifndef VFCTL_WORDS_H
#define VFCTL_WORDS_H

/* enum vf-driver: "pf set driver", "vf bind" */
#define WORDS_DRIVER_SYNTAX	"vfio-pci | igbvf | none | kernel"
#define WORDS_DRIVER_EXPECTED	"vfio-pci, igbvf, none or kernel"

/* enum link-state: "vf set state" */
#define WORDS_LINK_STATE_SYNTAX	"auto|enable|disable"
#define WORDS_LINK_STATE_EXPECTED	"auto, enable or disable"

/* enums event and source: what "monitor" prints, its help cut in two lines */
#define WORDS_EVENT_SYNTAX \
	"created | removed | bound | unbound | reset | refused | config-changed |\n" \
	"          opened | closed | withdrawn | quarantined | released"
#define WORDS_SOURCE_SYNTAX	"genl | rtnetlink | vf"

#endif /* VFCTL_WORDS_H */
