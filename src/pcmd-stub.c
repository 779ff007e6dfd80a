/* Placeholders until tally and publish land (same commit series). */
#include "ykien/cli.h"
#include "pcmd.h"

int
pcmd_publish(int argc, char **argv)
{
	return CLI_FAIL;
}
