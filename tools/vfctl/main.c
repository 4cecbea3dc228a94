// SPDX-License-Identifier: GPL-2.0
/*
 * vfctl: the control tool for vfmgr, the SR-IOV PF driver.
 *
 * Global options, the object/command tables (which also produce every usage
 * and help text, so the two cannot drift apart) and dispatch. batch.c runs
 * the lines of -batch and restore files with the runner main() gives it;
 * they all share one netlink socket (genl_shared()).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "genl.h"
#include "pfinfo.h"
#include "restoreline.h"
#include "util.h"
#include "vfctl.h"
#include "words.h"

#ifndef VFCTL_VERSION
#error "VFCTL_VERSION is set by the Makefile"
#endif

struct vfctl_opts vfctl_opts;

struct command {
	const char *name;
	int (*run)(int argc, char **argv);	/* NULL: print the object's help */
	int min_args;
	int max_args;
	const char *args;
	const char *help;
	const char *syntax;	/* shown after the usage on a usage error */
};

struct object {
	const char *name;
	const struct command *cmds;		/* NULL: self, or the top-level help */
	size_t ncmds;
	const char *help;
	const char *syntax;			/* what the ARGS words stand for */
	const struct command *self;		/* an object that is one command */
	const char *opts;			/* options self heeds, for its usage */
};

/* What the words in the commands' arguments stand for, as help shows it. */
#define PF_SYNTAX "PF := { PCI address [DOMAIN:]BUS:DEV.FN | interface name }\n"
#define VF_SYNTAX "VF := the VF's index on its PF, from 0\n"
#define SETTINGS_SYNTAX \
	"SETTINGS := [mac MAC] [vlan VID [qos Q]] [spoofchk on|off] [trust on|off]\n" \
	"            [state " WORDS_LINK_STATE_SYNTAX "] [max_tx_rate MBPS] [max_frame BYTES]\n"

/* The limits' ranges and defaults are plain numbers, spelt out here. */
#define STR_(x) #x
#define STR(x) STR_(x)
#define PF_SETTINGS_SYNTAX \
	"SETTINGS := [numvfs N] [driver DRIVER] [vf_vlan_quota VLANS]\n" \
	"            [vf_mac_quota MACS] [vf_mbx_rate MSGS]\n" \
	"N := the number of VFs, 0-256\n" \
	"VLANS := the VLANs a VF may join, 0-" STR(PF_VF_VLAN_QUOTA_MAX) \
	" (default " STR(PF_VF_VLAN_QUOTA_DEFAULT) ")\n" \
	"MACS := the extra MAC filters a VF may add, 0-" STR(PF_VF_MAC_QUOTA_MAX) \
	" (default " STR(PF_VF_MAC_QUOTA_DEFAULT) ")\n" \
	"MSGS := the mailbox messages/s over which a VF is quarantined until\n" \
	"        \"vf reset\", 0-" STR(PF_VF_MBX_RATE_MAX) ", 0 for no limit (default " \
	STR(PF_VF_MBX_RATE_DEFAULT) ")\n"

#define DRIVER_SYNTAX "DRIVER := { " WORDS_DRIVER_SYNTAX " }\n"
#define FILE_SYNTAX "FILE := the file to write, replaced whole; none or \"-\": stdout\n"
#define RESTORE_FILE_SYNTAX \
	"FILE := a file \"vfctl save\" wrote; none: " VFCTL_CONF " (if it exists),\n" \
	"        \"-\": stdin. Only its pf set, vf bind, vf set and vf clear lines\n" \
	"        for PF run.\n"

static const char pf_syntax[] = PF_SYNTAX PF_SETTINGS_SYNTAX DRIVER_SYNTAX;
static const char pf_set_syntax[] = PF_SETTINGS_SYNTAX DRIVER_SYNTAX;
static const char vf_syntax[] = PF_SYNTAX VF_SYNTAX SETTINGS_SYNTAX DRIVER_SYNTAX;
static const char vf_set_syntax[] = SETTINGS_SYNTAX;
static const char vf_bind_syntax[] = DRIVER_SYNTAX;

static const struct command pf_cmds[] = {
	{ "list", pf_list, 0, 0, "", "list Intel 82576 PFs: driver, interface, VF count",
	  NULL },
	{ "show", pf_show, 1, 1, "PF", "show one PF: ids, IOMMU group, what vfmgr adds",
	  NULL },
	{ "set", pf_set, 1, INT_MAX, "PF SETTINGS",
	  "set a vfmgr PF's VFs: how many, their driver, what each may ask",
	  pf_set_syntax },
	{ "claim", pf_claim, 1, 1, "PF", "unbind PF from its driver and bind it to vfmgr",
	  NULL },
	{ "release", pf_release, 1, 1, "PF", "unbind PF from vfmgr and let igb take it back",
	  NULL },
	{ "help", NULL, 0, 0, "", "show this help", NULL },
};

static const struct command vf_cmds[] = {
	{ "list", vf_list, 0, 1, "[PF]", "list the VFs of PF, or of every PF", NULL },
	{ "show", vf_show, 2, 2, "PF VF", "show one VF: settings, handshake, counters",
	  NULL },
	{ "set", vf_set, 2, INT_MAX, "PF VF SETTINGS",
	  "change a VF's settings, all in one request", vf_set_syntax },
	{ "clear", vf_clear, 2, 2, "PF VF", "set every setting of a VF back to its default",
	  NULL },
	{ "reset", vf_reset, 2, 2, "PF VF",
	  "reset a VF (FLR), keep its settings, end any quarantine",
	  NULL },
	{ "bind", vf_bind, 3, 3, "PF VF DRIVER",
	  "bind a VF to a driver now and whenever it is created again",
	  vf_bind_syntax },
	{ "help", NULL, 0, 0, "", "show this help", NULL },
};

static const char monitor_help[] = "print VF events as they happen, until interrupted";
static const char save_help[] = "write every PF's configuration as a batch file";
static const char restore_help[] = "apply the lines of a saved configuration for PF";
static const char check_help[] = "say whether a VF can be assigned to a VM, and why";
static const char hostdev_help[] = "print the libvirt domain XML that assigns a VF";

static const struct command monitor_cmd = {
	"monitor", monitor, 0, 0, "", monitor_help,
	"Each event: PF vf VF EVENT [source SOURCE] [reason \"TEXT\"] [driver DRIVER]\n"
	"EVENT := { " WORDS_EVENT_SYNTAX " }\n"
	"SOURCE := { " WORDS_SOURCE_SYNTAX " }\n",
};

static const struct command save_cmd = {
	"save", save, 0, 1, "[FILE]", save_help,
	FILE_SYNTAX,
};

static const struct command restore_cmd = {
	"restore", restore, 1, 2, "PF [FILE]", restore_help,
	PF_SYNTAX RESTORE_FILE_SYNTAX,
};

static const struct command check_cmd = {
	"check", check, 2, 2, "PF VF", check_help,
	PF_SYNTAX VF_SYNTAX
	"Prints what decides it, then \"verdict: assignable\" (exit 0) or\n"
	"\"verdict: not assignable: REASON\" (exit 1). A VF in use names the\n"
	"processes holding it, from /proc: \"in_use yes (COMM pid PID)\".\n",
};

static const struct command hostdev_cmd = {
	"hostdev-xml", hostdev_xml, 2, INT_MAX,
	"PF VF [--interface [--mac MAC] [--vlan VID]]", hostdev_help,
	PF_SYNTAX VF_SYNTAX
	"MAC := the guest's MAC address, xx:xx:xx:xx:xx:xx, unicast\n"
	"VID := the VF's port VLAN, 1-4095\n"
	"Without --interface: a <hostdev>; with it: an <interface type='hostdev'>.\n",
};

static const struct object objects[] = {
	{ "pf", pf_cmds, ARRAY_SIZE(pf_cmds), "physical functions: 82576 ports",
	  pf_syntax, NULL, NULL },
	{ "vf", vf_cmds, ARRAY_SIZE(vf_cmds), "virtual functions of a PF", vf_syntax,
	  NULL, NULL },
	{ "monitor", NULL, 0, monitor_help, NULL, &monitor_cmd, "[-j] " },
	{ "save", NULL, 0, save_help, NULL, &save_cmd, "" },
	{ "restore", NULL, 0, restore_help, NULL, &restore_cmd, "" },
	{ "check", NULL, 0, check_help, NULL, &check_cmd, "[-j] " },
	{ "hostdev-xml", NULL, 0, hostdev_help, NULL, &hostdev_cmd, "" },
	{ "help", NULL, 0, "show this help", NULL, NULL, NULL },
};

enum { OPT_JSON, OPT_PRETTY, OPT_BATCH, OPT_VERSION, OPT_HELP };

static const struct global_option {
	const char *name;
	const char *arg;
	const char *help;
} options[] = {
	[OPT_JSON] = { "json", "", "JSON output" },
	[OPT_PRETTY] = { "pretty", "", "indented JSON output (implies -json)" },
	[OPT_BATCH] = { "batch", "FILE", "run one command per line of FILE (\"-\": stdin)" },
	[OPT_VERSION] = { "Version", "", "print the version and the kernel family's state" },
	[OPT_HELP] = { "help", "", "show this help" },
};

/* "Usage: vfctl save [FILE]", for an object that is one command. */
static void self_usage(const struct object *obj, FILE *f, const char *prefix)
{
	const struct command *cmd = obj->self;

	fprintf(f, "%svfctl %s%s%s%s\n", prefix, obj->opts, cmd->name,
		cmd->args[0] ? " " : "", cmd->args);
}

static void top_usage(FILE *f)
{
	size_t i;

	fputs("Usage: vfctl [-j] [-p] [-batch FILE|-] [-V] OBJECT COMMAND ...\n", f);
	for (i = 0; i < ARRAY_SIZE(objects); i++)
		if (objects[i].self)
			self_usage(&objects[i], f, "       ");
}

/* "Usage: vfctl pf { list | show PF | ... }" */
static void object_usage(const struct object *obj, FILE *f)
{
	size_t i;

	fprintf(f, "Usage: vfctl %s {", obj->name);
	for (i = 0; i < obj->ncmds; i++)
		fprintf(f, "%s %s%s%s", i ? " |" : "", obj->cmds[i].name,
			obj->cmds[i].args[0] ? " " : "", obj->cmds[i].args);
	fputs(" }\n", f);
}

/* A usage error of cmd: the object's usage, and what cmd's words mean. */
static void command_usage(const struct object *obj, const struct command *cmd)
{
	if (obj->self)
		self_usage(obj, stderr, "Usage: ");
	else
		object_usage(obj, stderr);
	if (cmd->syntax)
		fputs(cmd->syntax, stderr);
}

/* "vfctl save help": an object that is one command has no others to list. */
static void self_help(const struct object *obj)
{
	self_usage(obj, stdout, "Usage: ");
	printf("\n%s\n", obj->help);
	if (obj->self->syntax)
		printf("\n%s", obj->self->syntax);
}

static void object_help(const struct object *obj)
{
	const struct command *cmd;
	int width = 18, len;
	size_t i;

	/* Help text at column 21, or two blanks after the longest synopsis. */
	for (i = 0; i < obj->ncmds; i++) {
		len = (int)(strlen(obj->cmds[i].name) + 1 + strlen(obj->cmds[i].args));
		if (len + 1 > width)
			width = len + 1;
	}
	object_usage(obj, stdout);
	printf("\n%s\n\n", obj->help);
	for (i = 0; i < obj->ncmds; i++) {
		cmd = &obj->cmds[i];
		len = printf("  %s %s", cmd->name, cmd->args) - 2;
		printf("%*s %s\n", width - len, "", cmd->help);
	}
	printf("\n%s", obj->syntax);
}

/*
 * The shortest prefix that selects option i, so the help never advertises
 * one that a later option has made ambiguous.
 */
static int option_short_len(size_t i)
{
	char prefix[16];
	int len, full = (int)strlen(options[i].name);

	for (len = 1; len < full; len++) {
		snprintf(prefix, sizeof(prefix), "%.*s", len, options[i].name);
		if (ABBREV_MATCH_TABLE(prefix, options, ARRAY_SIZE(options)) == (int)i)
			break;
	}
	return len;
}

static void top_help(void)
{
	const struct global_option *opt;
	char forms[96];
	size_t i;
	int len;

	top_usage(stdout);
	puts("\nObjects:");
	for (i = 0; i < ARRAY_SIZE(objects); i++) {
		snprintf(forms, sizeof(forms), "%s%s%s", objects[i].name,
			 objects[i].self && objects[i].self->args[0] ? " " : "",
			 objects[i].self ? objects[i].self->args : "");
		/* A synopsis too long for its column gets a line of its own. */
		if (strlen(forms) > 18)
			printf("  %s\n  %-18s %s\n", forms, "", objects[i].help);
		else
			printf("  %-18s %s\n", forms, objects[i].help);
	}
	puts("\nOptions:");
	for (i = 0; i < ARRAY_SIZE(options); i++) {
		opt = &options[i];
		len = option_short_len(i);
		snprintf(forms, sizeof(forms), "-%.*s, -%s %s", len, opt->name,
			 opt->name, opt->arg);
		printf("  %-18s %s\n", forms, opt->help);
	}
	puts("\nObjects, commands and options may be shortened to any unambiguous\n"
	     "prefix. \"vfctl OBJECT help\" describes an object and its commands.");
}

static int print_version(void)
{
	struct vfctl_genl g;
	int err;

	printf("vfctl %s\n", VFCTL_VERSION);
	err = genl_open(&g);
	if (!err)
		err = genl_resolve(&g);
	if (!err)
		printf("kernel: %s generic netlink family version %u (id %d)\n",
		       VFCTL_GENL_FAMILY, g.version, g.family);
	else if (err == -ENOENT)
		printf("kernel: %s generic netlink family not found (module not loaded)\n",
		       VFCTL_GENL_FAMILY);
	else
		printf("kernel: %s generic netlink family unreachable: %s\n",
		       VFCTL_GENL_FAMILY, strerror(-err));
	genl_close(&g);
	return VFCTL_OK;
}

static const char *match_error(int idx)
{
	return idx == ABBREV_AMBIGUOUS ? "ambiguous" : "unknown";
}

/* Runs "OBJECT ARGS..." for an object that is one command. */
static int run_self(const struct object *obj, int nargs, char **args)
{
	const struct command *cmd = obj->self;
	int ret;

	/* Alone, "help" asks for help: a file of that name is ./help. */
	if (nargs == 1 && !strcmp(args[0], "help")) {
		self_help(obj);
		return VFCTL_OK;
	}
	if (nargs < cmd->min_args || nargs > cmd->max_args) {
		if (nargs < cmd->min_args)
			vfctl_err("%s: missing %s", obj->name, cmd->args);
		else
			vfctl_err("%s: unexpected argument \"%s\"", obj->name,
				  args[cmd->max_args]);
		command_usage(obj, cmd);
		return VFCTL_USAGE;
	}
	ret = cmd->run(nargs, args);
	if (ret == VFCTL_USAGE)
		command_usage(obj, cmd);
	return ret;
}

/*
 * The object argv names and, for an object with commands, the command:
 * what run_command() will run. Returns VFCTL_OK, or VFCTL_USAGE after
 * saying what is wrong if report is set. *cmd stays NULL for the help
 * object.
 */
static int lookup(int argc, char **argv, const struct object **obj,
		  const struct command **cmd, bool report)
{
	int idx;

	*obj = NULL;
	*cmd = NULL;
	if (!argc) {
		if (report) {
			vfctl_err("missing OBJECT");
			top_usage(stderr);
		}
		return VFCTL_USAGE;
	}
	idx = ABBREV_MATCH_TABLE(argv[0], objects, ARRAY_SIZE(objects));
	if (idx < 0) {
		if (report) {
			vfctl_err("%s object \"%s\"", match_error(idx), argv[0]);
			top_usage(stderr);
		}
		return VFCTL_USAGE;
	}
	*obj = &objects[idx];
	if ((*obj)->self) {
		*cmd = (*obj)->self;
		return VFCTL_OK;
	}
	if (!(*obj)->cmds)
		return VFCTL_OK;

	if (argc < 2) {
		if (report) {
			vfctl_err("%s: missing COMMAND", (*obj)->name);
			object_usage(*obj, stderr);
		}
		return VFCTL_USAGE;
	}
	idx = ABBREV_MATCH_TABLE(argv[1], (*obj)->cmds, (*obj)->ncmds);
	if (idx < 0) {
		if (report) {
			vfctl_err("%s: %s command \"%s\"", (*obj)->name, match_error(idx),
				  argv[1]);
			object_usage(*obj, stderr);
		}
		return VFCTL_USAGE;
	}
	*cmd = &(*obj)->cmds[idx];
	return VFCTL_OK;
}

/*
 * The full names of the object and command a line names, *cmd NULL for an
 * object that is one command and for help; nothing is printed. Returns
 * VFCTL_OK, or VFCTL_USAGE when running the line would be a usage error.
 */
static int command_names(int argc, char **argv, const char **obj, const char **cmd)
{
	const struct command *c;
	const struct object *o;
	int ret = lookup(argc, argv, &o, &c, false);

	*obj = ret ? NULL : o->name;
	*cmd = ret || o->self || !c ? NULL : c->name;
	return ret;
}

/* Runs "OBJECT COMMAND ARGS..."; usage errors get the object's usage line. */
static int run_command(int argc, char **argv)
{
	const struct command *cmd;
	const struct object *obj;
	int nargs, ret;

	ret = lookup(argc, argv, &obj, &cmd, true);
	if (ret)
		return ret;
	if (obj->self)
		return run_self(obj, argc - 1, argv + 1);
	if (!obj->cmds) {
		if (argc > 1) {
			vfctl_err("help: unexpected argument \"%s\"", argv[1]);
			top_usage(stderr);
			return VFCTL_USAGE;
		}
		top_help();
		return VFCTL_OK;
	}

	nargs = argc - 2;
	if (nargs < cmd->min_args || nargs > cmd->max_args) {
		if (nargs < cmd->min_args)
			vfctl_err("%s %s: missing %s", obj->name, cmd->name, cmd->args);
		else
			vfctl_err("%s %s: unexpected argument \"%s\"", obj->name,
				  cmd->name, argv[2 + cmd->max_args]);
		command_usage(obj, cmd);
		return VFCTL_USAGE;
	}
	if (!cmd->run) {
		object_help(obj);
		return VFCTL_OK;
	}
	ret = cmd->run(nargs, argv + 2);
	if (ret == VFCTL_USAGE)
		command_usage(obj, cmd);
	return ret;
}

/* What batch.c runs a -batch or restore file's lines with. */
static const struct batch_commands commands = {
	.run = run_command,
	.names = command_names,
};

static int run_batch(const char *file)
{
	FILE *f = strcmp(file, "-") ? fopen(file, "re") : stdin;
	int ret;

	if (!f) {
		vfctl_err("cannot open %s: %s", file, strerror(errno));
		return VFCTL_FAIL;
	}
	ret = batch_run(f, f == stdin ? "<stdin>" : file, NULL, NULL, false);
	if (f != stdin)
		fclose(f);
	return ret;
}

/* One dash or two, and any unambiguous prefix of the option's name. */
static int parse_options(int *argc, char ***argv, const char **batch)
{
	const char *opt;
	int idx;

	while (*argc && (*argv)[0][0] == '-') {
		opt = (*argv)[0] + 1;
		if (*opt == '-')
			opt++;
		idx = ABBREV_MATCH_TABLE(opt, options, ARRAY_SIZE(options));
		switch (idx) {
		case OPT_JSON:
			vfctl_opts.json = true;
			break;
		case OPT_PRETTY:
			vfctl_opts.json = true;
			vfctl_opts.pretty = true;
			break;
		case OPT_BATCH:
			if (*argc < 2) {
				vfctl_err("-batch needs a FILE (\"-\" for stdin)");
				return VFCTL_USAGE;
			}
			(*argc)--;
			(*argv)++;
			*batch = (*argv)[0];
			break;
		case OPT_VERSION:
			exit(print_version());
		case OPT_HELP:
			top_help();
			exit(VFCTL_OK);
		default:
			vfctl_err("%s option \"%s\"", match_error(idx), (*argv)[0]);
			return VFCTL_USAGE;
		}
		(*argc)--;
		(*argv)++;
	}
	return VFCTL_OK;
}

int main(int argc, char **argv)
{
	const char *batch = NULL;
	int ret;

	batch_init(&commands);
	argc--;
	argv++;
	ret = parse_options(&argc, &argv, &batch);
	if (!ret && batch && argc) {
		vfctl_err("-batch takes no OBJECT on the command line");
		ret = VFCTL_USAGE;
	}
	if (ret) {
		top_usage(stderr);
		return ret;
	}

	ret = batch ? run_batch(batch) : run_command(argc, argv);
	genl_shared_close();

	/* A full disk or closed pipe must not pass for success. */
	if (fflush(stdout) || ferror(stdout)) {
		vfctl_err("cannot write output: %s", strerror(errno));
		ret = VFCTL_FAIL;
	}
	return ret;
}
